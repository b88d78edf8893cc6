"""Staff review of quarterly reports, mounted at /reports/ by config/urls.py."""

from django.urls import path

from franchise import views_reports as views

app_name = "reports"

urlpatterns = [
    path("", views.ReportQueueView.as_view(), name="queue"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/review/", views.ReportReviewView.as_view(), name="review"),
    path("<int:pk>/file/", views.ReportFileView.as_view(), name="file"),
    path("<int:pk>/original/", views.ReportOriginalFileView.as_view(), name="file-original"),
]
