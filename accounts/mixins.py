"""Role checks for class-based views. Every staff view uses one of these."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views.generic.edit import FormMixin

from accounts.roles import CITY_ROLES, SAFE_METHODS, STAFF, has_role, is_provider_user


class CityRoleRequiredMixin(AccessMixin):
    """Staff, Legal and Auditor read; `write_roles` (default Staff) write.

    The check runs in dispatch, before any object is looked up, so an id that
    does not exist and one that is forbidden look the same to an outsider.
    """

    read_roles = CITY_ROLES
    write_roles = (STAFF,)
    # A page that is nothing but a write form (a FormView) is refused on GET too to a role that may not
    # write: it would show a form whose POST is refused. A form view that is also a read page (a letter
    # kind's wording, with Legal's "new version" form under it) sets this to False.
    form_is_write_only = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        reads = request.method in SAFE_METHODS and not (self.form_is_write_only and isinstance(self, FormMixin))
        roles = self.read_roles if reads else self.write_roles
        if not has_role(request.user, *roles):
            raise PermissionDenied("Your role does not allow this.")
        return super().dispatch(request, *args, **kwargs)


class ProviderRequiredMixin(AccessMixin):
    """Portal pages: provider users only, scoped to `self.provider`.

    Anything outside the user's own organisation answers 404, never 403, so a
    guessed id reveals nothing.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_provider_user(request.user):
            raise Http404("The provider portal is for provider users.")
        self.provider = request.user.provider
        return super().dispatch(request, *args, **kwargs)
