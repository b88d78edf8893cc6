from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from compliance import views as compliance_views
from compliance import views_calendar as compliance_views_calendar

admin.site.site_header = "Conduit administration"
admin.site.site_title = "Conduit admin"

urlpatterns = [
    path("", compliance_views.HomeView.as_view(), name="home"),
    path("accounts/", include("accounts.auth_urls")),
    path("providers/", include("accounts.urls")),
    path("licenses/", include("franchise.urls")),
    path("permits/", include("permits.urls")),
    path("letters/", include("compliance.letters.urls")),
    path("closures/", compliance_views_calendar.ClosureDayView.as_view(), name="closure-days"),
    path(
        "history/<str:app_label>/<str:model_name>/<int:pk>/",
        compliance_views.HistoryView.as_view(),
        name="history",
    ),
    path("", include("compliance.urls")),
    path("portal/", include("portal.urls")),
    path("reports/", include("franchise.urls_reports")),
    path("", include("accounts.urls_invitations")),
    path("api/v1/", include(("config.api", "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", compliance_views.health, name="health"),
    path("admin/", admin.site.urls),
]
