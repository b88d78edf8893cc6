"""The staff home and the audit history pages (namespace `staff`)."""

from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.HistoryView.as_view(), name="history"),
]
