from django.urls import include, path

from portal import (
    views,
    views_answers,
    views_calendar,
    views_documents,
    views_letters,
    views_people,
    views_permits,
    views_records,
    views_reports,
    views_search,
)

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    path("search/", views_search.PortalSearchView.as_view(), name="search"),
    path("organisation/", views.OrganisationView.as_view(), name="organisation"),
    path("deadlines/", views.DeadlinesView.as_view(), name="deadlines"),
    path("deadlines/month/", views_calendar.DeadlineCalendarView.as_view(), name="deadline-calendar"),
    path("deadlines/calendar/reset/", views.ProviderCalendarResetView.as_view(), name="calendar-reset"),
    path("letters/", include(views_letters.urlpatterns)),
    path("licenses/", views_records.LicenseListView.as_view(), name="licenses"),
    path("licenses/<int:pk>/", views_records.LicenseDetailView.as_view(), name="license-detail"),
    path("filings/", views_records.FilingListView.as_view(), name="filings"),
    path("filings/<int:pk>/", views_records.FilingDetailView.as_view(), name="filing-detail"),
    path("reports/", views_reports.ReportListView.as_view(), name="reports"),
    path("reports/template/", views_reports.ReportTemplateView.as_view(), name="report-template"),
    path("reports/upload/", views_reports.ReportUploadView.as_view(), name="report-upload"),
    path("reports/uploads/", views_reports.UploadListView.as_view(), name="uploads"),
    path("reports/<int:pk>/", views_reports.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/file/", views_reports.ReportFileView.as_view(), name="report-file"),
    path("organisation/invite/", views_people.InviteView.as_view(), name="invite"),
    path(
        "organisation/invitations/<int:pk>/revoke/",
        views_people.InvitationRevokeView.as_view(),
        name="invitation-revoke",
    ),
    path(
        "organisation/people/<int:pk>/deactivate/",
        views_people.ColleagueDeactivateView.as_view(),
        name="colleague-deactivate",
    ),
    # Application documents
    path("applications/documents/<int:pk>/file/", views_documents.DocumentFileView.as_view(), name="document-file"),
    # Small-cell permits
    path("permits/", views_permits.PermitListView.as_view(), name="permits"),
    path("permits/<int:pk>/", views_permits.PermitDetailView.as_view(), name="permit-detail"),
    path("permits/<int:pk>/renewal/", views_permits.PermitRenewalView.as_view(), name="permit-renewal"),
    path("permits/<int:pk>/built/", views_permits.PermitBuiltView.as_view(), name="permit-built"),
    # Small-cell applications: answers and messages
    path("applications/<int:pk>/resubmit/", views_answers.ResubmitView.as_view(), name="application-resubmit"),
    path("applications/<int:pk>/withdraw/", views_answers.WithdrawView.as_view(), name="application-withdraw"),
    path(
        "applications/<int:pk>/deemed-granted/",
        views_answers.DeemedGrantView.as_view(),
        name="application-deemed-granted",
    ),
    path("applications/<int:pk>/messages/", views_answers.MessagesView.as_view(), name="application-messages"),
]
