"""Every app's pages under one namespace each; the API under `api`."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from staff.views import SearchView

admin.site.site_header = "Conduit administration"
admin.site.site_title = "Conduit admin"

# The API documentation (Swagger UI): the split view serves its start-up script as a file of its own
# (?script), so scripts stay 'self'; the page keeps a <style> element of drf-spectacular's, so styles
# are relaxed on this one page (docs/security.md, "Content-Security-Policy").
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

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
    path("public/", include("public.urls")),
    path("api/v1/", include(("config.api", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("", include("core.urls")),
    path("admin/", admin.site.urls),
]
