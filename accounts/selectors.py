from django.db.models import Count

from accounts.models import Provider, User


def provider_list():
    return Provider.objects.annotate(contact_count=Count("contacts", distinct=True)).order_by("name")


def provider_detail(pk):
    return Provider.objects.prefetch_related("contacts").get(pk=pk)


def city_accounts():
    """Every City account (no provider), with how it signs in and its second factors, in three queries."""
    from allauth.mfa.models import Authenticator
    from django.db.models import Prefetch

    from accounts.models import User
    from accounts.roles import ALL_ROLES

    return (
        User.objects.filter(provider__isnull=True)
        .annotate(
            sso_links=Count("socialaccount", distinct=True),
        )
        .prefetch_related(
            Prefetch("groups", to_attr="role_groups", queryset=_role_groups(ALL_ROLES)),
            Prefetch(
                "authenticator_set", to_attr="second_factors", queryset=Authenticator.objects.only("user_id", "type")
            ),
        )
        .order_by("-is_active", "username")
    )


def _role_groups(names):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=names).order_by("name")


def locked_users():
    """Accounts locked after too many failed sign-ins, most recent first (the unlock page)."""
    return User.objects.filter(signin_locked_at__isnull=False).select_related("provider").order_by("-signin_locked_at")
