"""The /api/v1/ router. Each app exposes register(router) in its api.py."""

from django.urls import path, re_path
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from franchise import api as franchise_api
from franchise.quarterly import api as portal_api
from letters import api as letters_api
from permits import api as permits_api

router = DefaultRouter()
accounts_api.register(router)
franchise_api.register(router)
permits_api.register(router)
portal_api.register(router)
letters_api.register(router)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def not_found(request, rest=""):
    """Any other URL under /api/v1/ (an id that is not one, a typo): a JSON 404 as the API's own 404s,
    not the HTML error page. It names nothing, so it gives away nothing to a caller without a token."""
    raise NotFound


urlpatterns = [
    path("me/", accounts_api.MeView.as_view(), name="me"),
    *router.urls,
    re_path(r"^(?P<rest>.*)$", not_found, name="not-found"),
]
