"""django-allauth adapters: nobody signs up; City SSO gives roles from groups.

At every sign-in through the City's identity provider the roles are set again
from the ID token's group claim (accounts.services.user_sync_city_roles), so
a group removed at the identity provider takes the role away at the next
sign-in, with a history row. An identity with no mapped group is refused:
Conduit has nothing to show someone without a role. Provider users (outside
companies) never sign in this way; an SSO identity linked to one is refused.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from accounts import services
from accounts.audit import system_user
from accounts.sso import roles_from_claims
from core.clientaddress import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def get_client_ip(self, request):
        """allauth's rate limits (two-factor codes among them) key on the same
        client address as the sign-in throttle and the verification page."""
        return client_address(request)

    def is_reauthentication_required(self, *, app=None, **kwargs):
        """No password prompt again for the first enrolment of a second factor,
        right after signing in (accounts.middleware keeps such a user on the
        enrolment page); changing an existing one still asks."""
        from allauth.core import context
        from allauth.mfa.models import Authenticator

        request = context.request
        user = getattr(request, "user", None)
        if (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not Authenticator.objects.filter(user=user).exists()
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _claims(sociallogin):
    data = sociallogin.account.extra_data or {}
    return data.get("id_token") or data


def _refuse(request, reason):
    response = render(request, "account/sso_refused.html", {"reason": reason}, status=403)
    raise ImmediateHttpResponse(response)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def pre_social_login(self, request, sociallogin):
        roles = roles_from_claims(_claims(sociallogin))
        if not sociallogin.is_existing:
            if not roles:
                _refuse(request, "no-role")
            return
        user = sociallogin.user
        if user.provider_id is not None:
            _refuse(request, "provider-user")
        services.user_sync_city_roles(user=user, roles=roles, actor=system_user(), source="City sign-in")
        if not roles:
            _refuse(request, "no-role")
        if not user.is_active:
            _refuse(request, "inactive")

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        services.user_sync_city_roles(
            user=user, roles=roles_from_claims(_claims(sociallogin)), actor=system_user(), source="City sign-in"
        )
        return user
