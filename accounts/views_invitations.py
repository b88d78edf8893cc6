"""Staff pages for provider accounts (invitations, deactivation) and the
public page where an invited person sets a password."""

from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import FormView, ListView

from accounts import invitations, selectors, services
from accounts.forms_invitations import InvitationAcceptForm, InvitationForm
from accounts.mixins import CityRoleRequiredMixin
from accounts.models import Invitation, Provider, User
from core.forms import add_service_errors


def _provider_param(request):
    value = request.GET.get("provider", "")
    return Provider.objects.filter(pk=int(value)).first() if value.isdigit() else None


class InvitationListView(CityRoleRequiredMixin, ListView):
    """Invitations (newest first) and, for one provider, its portal users."""

    template_name = "accounts/invitation_list.html"
    context_object_name = "invitations"
    paginate_by = 50

    def get_queryset(self):
        self.provider = _provider_param(self.request)
        queryset = Invitation.objects.select_related("provider", "invited_by", "user").order_by("-created_at", "-id")
        return queryset.filter(provider=self.provider) if self.provider else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = self.provider
        context["providers"] = Provider.objects.order_by("name")
        now = timezone.now()
        for invitation in context["invitations"]:
            invitation.current_state = invitation.state(now)
        if self.provider:
            context["users"] = self.provider.users.order_by("-is_active", "last_name", "username")
        return context


class InvitationCreateView(CityRoleRequiredMixin, FormView):
    template_name = "accounts/invitation_form.html"

    def get_form(self, form_class=None):
        initial = {"provider": _provider_param(self.request)}
        return InvitationForm(self.request.POST or None, with_provider=True, initial=initial)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation, _ = invitations.invitation_create(
                actor=self.request.user,
                provider=data["provider"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                is_provider_admin=data["is_provider_admin"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Invitation sent to {invitation.email} for {invitation.provider.name}; "
            f"the link works once, for {invitations.expiry_days()} days.",
        )
        return redirect(f"{reverse('invitations:list')}?provider={invitation.provider_id}")


class InvitationRevokeView(CityRoleRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        invitation = get_object_or_404(Invitation.objects.select_related("provider"), pk=pk)
        try:
            invitations.invitation_revoke(actor=request.user, invitation=invitation)
            messages.success(request, f"The invitation for {invitation.email} no longer works.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('invitations:list')}?provider={invitation.provider_id}")


class ProviderUserDeactivateView(CityRoleRequiredMixin, View):
    """POST: deactivate a provider user; their sessions end at their next request."""

    http_method_names = ["post"]

    def post(self, request, pk):
        user = get_object_or_404(User.objects.select_related("provider"), pk=pk, provider__isnull=False)
        try:
            invitations.provider_user_deactivate(actor=request.user, user=user)
            messages.success(request, f"{user} can no longer sign in; their open sessions have ended.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('invitations:list')}?provider={user.provider_id}")


class UserResetSecondFactorView(CityRoleRequiredMixin, View):
    """POST (Staff): remove a user's second factor; they enrol again at their next sign-in."""

    http_method_names = ["post"]

    def post(self, request, pk):
        user = get_object_or_404(User, pk=pk)
        try:
            removed = services.user_reset_second_factor(user=user, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Second factor of {user} reset ({removed} removed). Their open sessions have ended; "
                "they set up a new one at their next sign-in.",
            )
        if user.provider_id:
            return redirect(f"{reverse('invitations:list')}?provider={user.provider_id}")
        return redirect("invitations:city-accounts")


@method_decorator(login_not_required, name="dispatch")
class InvitationAcceptView(View):
    """The link in the invitation email: choose a password, then you are signed in.

    Public by design: the one-time token in the URL is the credential.
    """

    template_name = "accounts/invitation_accept.html"

    def _unusable(self, request, invitation):
        if invitation is None:
            message, status = "This invitation link is not valid. Check that you copied the whole link.", 404
        else:
            message, status = invitations.UNUSABLE[invitation.state(timezone.now())], 410
        return render(request, self.template_name, {"unusable": message}, status=status)

    def get(self, request, token):
        invitation = invitations.invitation_for_token(token)
        if invitation is None or invitation.state(timezone.now()) != "pending":
            return self._unusable(request, invitation)
        form = InvitationAcceptForm(
            invitation=invitation, initial={"first_name": invitation.first_name, "last_name": invitation.last_name}
        )
        return render(request, self.template_name, {"form": form, "invitation": invitation})

    def post(self, request, token):
        invitation = invitations.invitation_for_token(token)
        if invitation is None or invitation.state(timezone.now()) != "pending":
            return self._unusable(request, invitation)
        form = InvitationAcceptForm(request.POST, invitation=invitation)
        if form.is_valid():
            try:
                user = invitations.invitation_accept(
                    token=token,
                    password=form.cleaned_data["password1"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                # The new password was just used: allauth lets the user set up a second factor without asking again.
                record_authentication(request, user, method="password", reason="invitation")
                messages.success(
                    request,
                    f"Welcome, {user}. Your account for {user.provider.name} is ready. "
                    "Set up your second factor to continue.",
                )
                return redirect("mfa_activate_totp")
        return render(request, self.template_name, {"form": form, "invitation": invitation})


class CityAccountListView(CityRoleRequiredMixin, ListView):
    """City accounts: role, how each signs in (the City's identity provider or a local
    password), its second factor, and for Staff the button to reset it."""

    template_name = "accounts/city_account_list.html"
    context_object_name = "people"
    paginate_by = 100

    def get_queryset(self):
        return selectors.city_accounts()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = {"totp": "Authenticator app", "webauthn": "Security key", "recovery_codes": "Recovery codes"}
        for person in context["people"]:
            person.factor_labels = sorted({labels.get(f.type, f.type) for f in person.second_factors})
            person.role_names = [g.name for g in person.role_groups]
        return context


class LockedUsersView(CityRoleRequiredMixin, ListView):
    """Accounts locked after too many failed sign-ins; Staff unlock them here."""

    template_name = "accounts/locked_users.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        from accounts import selectors

        return selectors.locked_users()

    def get_context_data(self, **kwargs):
        from django.conf import settings

        from accounts.roles import STAFF, has_role

        return super().get_context_data(
            can_write=has_role(self.request.user, STAFF), lock_failures=settings.SIGNIN_LOCK_FAILURES, **kwargs
        )


class UserUnlockView(CityRoleRequiredMixin, View):
    """POST (Staff): let a locked account sign in again."""

    http_method_names = ["post"]

    def post(self, request, pk):
        user = get_object_or_404(User, pk=pk)
        try:
            services.user_signin_unlock(user=user, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{user.get_username()} can sign in again.")
        return redirect("invitations:locked-users")
