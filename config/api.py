"""The /api/v1/ router: each app registers its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import MeView, ProviderViewSet

router = DefaultRouter()
router.register("providers", ProviderViewSet, basename="provider")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
