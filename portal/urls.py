from django.urls import include, path

from portal import (
    views,
    views_answers,
    views_applications,
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
    path(
        "applications/<int:pk>/documents/new/",
        views_applications.ApplicationDocumentAddView.as_view(),
        name="application-document-add",
    ),
    # Small-cell applications: filing
    path("applications/", views_applications.ApplicationListView.as_view(), name="applications"),
    path("applications/new/", views_applications.ApplicationNewView.as_view(), name="application-new"),
    path("applications/size-check/", views_applications.SizeCheckView.as_view(), name="size-check"),
    path("applications/drafts/<int:pk>/", views_applications.DraftDetailView.as_view(), name="draft-detail"),
    path(
        "applications/drafts/<int:pk>/sites/new/", views_applications.DraftSiteFormView.as_view(), name="draft-site-add"
    ),
    path(
        "applications/drafts/sites/<int:site_pk>/edit/",
        views_applications.DraftSiteFormView.as_view(),
        name="draft-site-edit",
    ),
    path(
        "applications/drafts/sites/<int:site_pk>/remove/",
        views_applications.DraftSiteRemoveView.as_view(),
        name="draft-site-remove",
    ),
    path(
        "applications/drafts/<int:pk>/documents/new/",
        views_applications.DraftDocumentAddView.as_view(),
        name="draft-document-add",
    ),
    path(
        "applications/drafts/<int:pk>/documents/<int:document_pk>/remove/",
        views_applications.DraftDocumentRemoveView.as_view(),
        name="draft-document-remove",
    ),
    path("applications/drafts/<int:pk>/submit/", views_applications.DraftSubmitView.as_view(), name="draft-submit"),
    path("applications/drafts/<int:pk>/discard/", views_applications.DraftDiscardView.as_view(), name="draft-discard"),
    path("applications/<int:pk>/", views_applications.ApplicationDetailView.as_view(), name="application-detail"),
    path("applications/<int:pk>/receipt/", views_applications.ReceiptView.as_view(), name="application-receipt"),
    path(
        "applications/<int:pk>/receipt.pdf",
        views_applications.ReceiptPdfView.as_view(),
        name="application-receipt-pdf",
    ),
]
