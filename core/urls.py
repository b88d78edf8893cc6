"""The health check and background exports (namespace `core`)."""

from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("exports/new/", views.ExportNewView.as_view(), name="export-new"),
    path("exports/<int:pk>/", views.ExportDetailView.as_view(), name="export-detail"),
    path("exports/<int:pk>/progress/", views.ExportProgressView.as_view(), name="export-progress"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="export-download"),
]
