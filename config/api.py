"""The /api/v1/ router. Each app exposes register(router) in its api.py."""

from django.urls import path, re_path
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
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
def not_found(request, rest=""):
    """Any other URL under /api/v1/ (an id that is not one, a typo): a JSON 404 like the API's own, not the
    HTML error page. Authentication and roles come first, as everywhere in the API: 401 without a token,
    403 for a provider user, 404 only for a City role."""
    raise NotFound


urlpatterns = [
    path("me/", accounts_api.MeView.as_view(), name="me"),
    *router.urls,
    re_path(r"^(?P<rest>.*)$", not_found, name="not-found"),
]
