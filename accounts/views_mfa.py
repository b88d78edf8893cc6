"""Two-factor set-up: allauth's TOTP page, plus one step of Conduit's own."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.base.views import AuthenticateView as AllauthAuthenticateView
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView as AllauthActivateTOTPView


class ActivateTOTPView(AllauthActivateTOTPView):
    """Entering a valid code while enrolling proves the new factor, so this
    session counts as signed in with it (accounts.middleware), and as freshly
    re-authenticated: allauth then shows the new recovery codes straight away
    instead of asking for the password the user typed a moment ago."""

    def form_valid(self, form):
        response = super().form_valid(form)
        totp = Authenticator.objects.filter(user=self.request.user, type=Authenticator.Type.TOTP).first()
        if totp is not None:
            record_authentication(
                self.request, self.request.user, method="mfa", type=totp.type, id=totp.pk, reauthenticated=True
            )
        return response


activate_totp = ActivateTOTPView.as_view()


class AuthenticateView(AllauthAuthenticateView):
    """The second-factor step at sign-in (templates/mfa/authenticate.html): the code
    form, and a security-key button for users who have added a key."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_security_key"] = Authenticator.objects.filter(
            user=self.stage.login.user, type=Authenticator.Type.WEBAUTHN
        ).exists()
        return context


authenticate = AuthenticateView.as_view()
