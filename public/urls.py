from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("applications/", views.RegisterListView.as_view(), name="applications"),
    path("applications/<int:pk>/", views.RegisterDetailView.as_view(), name="application-detail"),
    path("documents/<int:pk>/", views.DocumentFileView.as_view(), name="document-file"),
]
