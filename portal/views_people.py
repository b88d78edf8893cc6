"""A provider's portal administrators invite colleagues of their own
organisation, withdraw invitations and deactivate colleagues. Nothing here
reaches another organisation: every lookup is scoped to it (404 otherwise)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView

from accounts import invitations
from accounts.forms_invitations import InvitationForm
from accounts.mixins import ProviderRequiredMixin
from accounts.models import Invitation, User


class ProviderAdminRequiredMixin(ProviderRequiredMixin):
    """Provider users only (404 for anyone else); among them, portal administrators (403 for the others)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and getattr(user, "provider_id", None) and not user.is_provider_admin:
            raise PermissionDenied("Only your organisation's portal administrators can manage people.")
        return super().dispatch(request, *args, **kwargs)


class InviteView(ProviderAdminRequiredMixin, FormView):
    template_name = "portal/invite.html"
    form_class = InvitationForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation, _ = invitations.invitation_create(
                actor=self.request.user,
                provider=self.provider,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                is_provider_admin=data["is_provider_admin"],
            )
        except ValidationError as error:
            for name, problems in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(name if name in form.fields else None, problems)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Invitation sent to {invitation.email}. The link works once, for {invitations.expiry_days()} days.",
        )
        return redirect("portal:organisation")


class InvitationRevokeView(ProviderAdminRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        invitation = get_object_or_404(Invitation, pk=pk, provider=self.provider)
        try:
            invitations.invitation_revoke(actor=request.user, invitation=invitation)
            messages.success(request, f"The invitation for {invitation.email} no longer works.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("portal:organisation")


class ColleagueDeactivateView(ProviderAdminRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        colleague = get_object_or_404(User, pk=pk, provider=self.provider)
        try:
            invitations.provider_user_deactivate(actor=request.user, user=colleague)
            messages.success(request, f"{colleague} can no longer sign in; their open sessions have ended.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("portal:organisation")
