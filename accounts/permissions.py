"""Role checks for the API (Django REST framework)."""

from rest_framework.permissions import BasePermission

from accounts.roles import CITY_ROLES, SAFE_METHODS, STAFF, has_role


class StaffRolePermission(BasePermission):
    """City roles read; only the roles in `write_roles` write.

    A view narrows the defaults with `read_roles` / `write_roles` attributes.
    Provider users never pass: they use the portal, not the staff API.
    """

    message = "Your role does not allow this."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return has_role(user, *getattr(view, "read_roles", CITY_ROLES))
        return has_role(user, *getattr(view, "write_roles", (STAFF,)))
