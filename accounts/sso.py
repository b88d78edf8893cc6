"""City single sign-on: which Conduit roles an identity provider's groups give.

OIDC_ROLE_GROUPS maps roles to groups, e.g.
"Staff=conduit-staff,Legal=conduit-legal,Auditor=conduit-auditors"; a role may
name several groups with "|". Only City roles can be given this way: provider
users never sign in through the City's identity provider.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts.roles import CITY_ROLES


def role_groups(text=None):
    """{group name: role} from OIDC_ROLE_GROUPS."""
    text = settings.OIDC_ROLE_GROUPS if text is None else text
    mapping = {}
    for pair in filter(None, (item.strip() for item in text.split(","))):
        role, sep, groups = pair.partition("=")
        role = role.strip()
        if not sep or role not in CITY_ROLES:
            raise ImproperlyConfigured(
                f"OIDC_ROLE_GROUPS: {pair!r} must be Role=group with a role among {', '.join(CITY_ROLES)}."
            )
        for group in filter(None, (g.strip() for g in groups.split("|"))):
            mapping[group] = role
    return mapping


def roles_from_claims(claims):
    """The City roles the ID token's group claim gives (a set, maybe empty)."""
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = role_groups()
    return {mapping[group] for group in groups if isinstance(group, str) and group in mapping}


def is_enabled():
    return bool(settings.SOCIALACCOUNT_PROVIDERS.get("city_oidc", {}).get("APPS"))
