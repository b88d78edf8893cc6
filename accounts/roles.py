"""The four roles of Conduit, held as Django groups.

Staff (cable office) read and write; Legal read everything and write letters;
Auditor read everything and write nothing; Provider users see only their own
organisation, through the portal. A superuser counts as Staff and Legal.
"""

from django.contrib.auth.models import AnonymousUser

STAFF = "Staff"
LEGAL = "Legal"
AUDITOR = "Auditor"
PROVIDER = "Provider"

ALL_ROLES = (STAFF, LEGAL, AUDITOR, PROVIDER)
# Everyone on the City's side: they may read every staff page.
CITY_ROLES = (STAFF, LEGAL, AUDITOR)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def user_roles(user):
    """The set of role names the user holds, cached on the user object."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_conduit_roles", None)
    if cached is None:
        names = set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
        if user.is_superuser:
            names |= {STAFF, LEGAL}
        cached = frozenset(names)
        user._conduit_roles = cached
    return cached


def has_role(user, *roles):
    return bool(user_roles(user) & set(roles))


def is_city_user(user):
    return has_role(user, *CITY_ROLES)


def is_provider_user(user):
    return (
        getattr(user, "is_authenticated", False)
        and getattr(user, "provider_id", None) is not None
        and PROVIDER in user_roles(user)
    )


def primary_role(user):
    """One role to show in the header; order of precedence as in ALL_ROLES."""
    held = user_roles(user)
    for role in ALL_ROLES:
        if role in held:
            return role
    return None
