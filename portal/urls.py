from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    path("organisation/", views.OrganisationView.as_view(), name="organisation"),
]
