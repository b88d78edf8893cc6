"""Every app's pages under one namespace each; the API under `api`."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from staff.views import SearchView

admin.site.site_header = "Conduit administration"
admin.site.site_title = "Conduit admin"

urlpatterns = [
    path("", include("staff.urls")),
    path("search/", SearchView.as_view(), name="search"),  # the header's search box (un-namespaced by design)
    path("accounts/", include("accounts.auth_urls")),
    path("accounts/", include("accounts.allauth_urls")),
    path("providers/", include("accounts.urls")),
    path("", include("accounts.urls_invitations")),
    path("closures/", include("businessdays.urls")),
    path("", include("deadlines.urls")),
    path("letters/", include("letters.urls")),
    path("licenses/", include("franchise.urls")),
    path("reports/", include("franchise.urls_reports")),
    path("permits/", include("permits.urls")),
    path("portal/", include("portal.urls")),
    path("api/v1/", include(("config.api", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("core.urls")),
    path("admin/", admin.site.urls),
]
