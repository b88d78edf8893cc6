"""Two-factor set-up: allauth's TOTP page, plus one step of Conduit's own."""

from allauth.account.internal.flows.login import record_authentication
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
