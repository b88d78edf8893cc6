from django.urls import path

from deadlines import views, views_calendar

"""Deadline and reminder pages, the in-app reminders and the iCal feeds (namespace `deadlines`)."""

app_name = "deadlines"

urlpatterns = [
    path("deadlines/", views.DeadlineListView.as_view(), name="list"),
    path("deadlines/calendar/", views_calendar.DeadlineCalendarView.as_view(), name="calendar"),
    path("deadlines/mine/", views.MyDeadlinesView.as_view(), name="mine"),
    path("deadlines/waive/", views.DeadlineBulkWaiveView.as_view(), name="bulk-waive"),
    path("deadlines/<int:pk>/waive/", views.DeadlineWaiveView.as_view(), name="waive"),
    path("deadlines/rules/", views.ReminderRuleListView.as_view(), name="rules"),
    path("deadlines/rules/<int:pk>/", views.ReminderRuleEditView.as_view(), name="rule-edit"),
    path("notifications/", views.NotificationsView.as_view(), name="notifications"),
    path("notifications/read/", views.NotificationsReadView.as_view(), name="notifications-read"),
    path("calendar/reset/", views.CalendarTokenResetView.as_view(), name="calendar-token-reset"),
    path("calendar/<str:token>.ics", views.user_calendar_feed, name="calendar-feed"),
    path("calendar/provider/<str:token>.ics", views.provider_calendar_feed, name="provider-calendar-feed"),
]
