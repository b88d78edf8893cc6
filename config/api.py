"""The /api/v1/ router. Each app exposes register(router) in its api.py."""

from django.urls import path
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

urlpatterns = [
    path("me/", accounts_api.MeView.as_view(), name="me"),
    *router.urls,
]
