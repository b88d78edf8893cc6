"""System checks: `manage.py check --deploy --database default` also checks the database role (PostgreSQL)."""

from django.core import checks


@checks.register(checks.Tags.database, deploy=True)
def database_role(app_configs, databases=None, **kwargs):
    from core.dbroles import connected_role_problems

    return [
        checks.Error(
            f"The application's database role ({alias}) holds more than row access: {problem}.",
            hint="Connect as a role that owns nothing; see docs/production.md, Database roles (grant_app_role).",
            id="core.E001",
        )
        for alias in databases or []
        for problem in connected_role_problems(alias)
    ]
