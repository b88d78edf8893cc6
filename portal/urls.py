from django.urls import include, path

from portal import views, views_letters

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    path("organisation/", views.OrganisationView.as_view(), name="organisation"),
    path("deadlines/", views.DeadlinesView.as_view(), name="deadlines"),
    path("deadlines/calendar/reset/", views.ProviderCalendarResetView.as_view(), name="calendar-reset"),
    path("letters/", include(views_letters.urlpatterns)),
]
