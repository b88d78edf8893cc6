from django.core.management.base import BaseCommand, CommandError

from core.dbroles import RoleError, grant_app_role


class Command(BaseCommand):
    help = (
        "PostgreSQL: give the application's role row access (SELECT, INSERT, UPDATE, DELETE; only SELECT and "
        "INSERT on append-only tables such as the letter history) and nothing more: no TRUNCATE, no trigger "
        "control, no ownership. Run it as the owner of the tables, after every migrate (docs/production.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the application connects as")
        parser.add_argument(
            "--create",
            action="store_true",
            help="create the role if it is missing (LOGIN, no password: set one with ALTER ROLE ... PASSWORD)",
        )

    def handle(self, *args, role, create=False, **options):
        try:
            statements = grant_app_role(role, create=create)
        except RoleError as error:
            raise CommandError(str(error)) from error
        for statement in statements:
            self.stdout.write(f"{statement};")
        self.stdout.write(self.style.SUCCESS(f"{role} may read and write rows, and nothing more."))
