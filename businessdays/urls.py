"""The closure-days page, mounted at /closures/ (namespace `businessdays`)."""

from django.urls import path

from businessdays import views

app_name = "businessdays"

urlpatterns = [
    path("", views.ClosureDayView.as_view(), name="closures"),
]
