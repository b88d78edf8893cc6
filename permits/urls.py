from django.urls import path

from permits import (
    views,
    views_bulk,
    views_clock_record,
    views_documents,
    views_messages,
    views_permits,
    views_review,
)

app_name = "permits"

urlpatterns = [
    path("", views.ApplicationQueueView.as_view(), name="application-list"),
    path("assigned-to-me/", views_bulk.AssignedToMeView.as_view(), name="assigned-to-me"),
    path("applications/new/", views.ApplicationFormView.as_view(), name="application-create"),
    path("applications/assign/", views_bulk.ApplicationBulkAssignView.as_view(), name="bulk-assign"),
    path("applications/letters/", views_bulk.ApplicationBulkLetterView.as_view(), name="bulk-letter"),
    path("deadline-letters/", views_bulk.DeadlineBulkLetterView.as_view(), name="deadline-bulk-letter"),
    path("applications/<int:pk>/assign/", views_bulk.ApplicationAssignView.as_view(), name="application-assign"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application-detail"),
    path("applications/<int:pk>/edit/", views.ApplicationFormView.as_view(), name="application-edit"),
    path(
        "applications/<int:pk>/clock-record.pdf",
        views_clock_record.ApplicationClockRecordView.as_view(),
        name="application-clock-record",
    ),
    path("applications/<int:pk>/sites/new/", views.SiteFormView.as_view(), name="site-add"),
    path("sites/<int:site_pk>/edit/", views.SiteFormView.as_view(), name="site-edit"),
    path("applications/<int:pk>/notice/", views.NoticeView.as_view(), name="event-notice"),
    path("applications/<int:pk>/resubmission/", views.ResubmissionView.as_view(), name="event-resubmission"),
    path(
        "applications/<int:pk>/tolling-agreement/",
        views.TollingAgreementView.as_view(),
        name="event-tolling-agreement",
    ),
    path("applications/<int:pk>/decision/", views.DecisionView.as_view(), name="event-decision"),
    path("applications/<int:pk>/withdrawal/", views.WithdrawalView.as_view(), name="event-withdrawal"),
    path("applications/<int:pk>/deemed-grant/", views.DeemedGrantView.as_view(), name="event-deemed-grant"),
    path("applications/<int:pk>/permits/new/", views_permits.PermitIssueView.as_view(), name="permit-issue"),
    path("issued/", views_permits.PermitListView.as_view(), name="permit-list"),
    path("issued/<int:pk>/", views_permits.PermitDetailView.as_view(), name="permit-detail"),
    path("issued/<int:pk>/built/", views_permits.PermitBuiltView.as_view(), name="permit-built"),
    path(
        "issued/<int:pk>/renewal-request/",
        views_permits.PermitRenewalRequestView.as_view(),
        name="permit-renewal-request",
    ),
    path("issued/<int:pk>/renew/", views_permits.PermitRenewView.as_view(), name="permit-renew"),
    path("fees/", views_permits.FeeScheduleListView.as_view(), name="fee-schedule-list"),
    path("fees/new/", views_permits.FeeScheduleFormView.as_view(), name="fee-schedule-create"),
    path("fees/<int:pk>/edit/", views_permits.FeeScheduleFormView.as_view(), name="fee-schedule-edit"),
    # Application documents
    path("documents/<int:pk>/file/", views_documents.DocumentFileView.as_view(), name="document-file"),
    path("documents/<int:pk>/public/", views_documents.DocumentPublicView.as_view(), name="document-public"),
    # Completeness review and the published checklist
    path("checklist/", views_review.ChecklistView.as_view(), name="checklist"),
    path("checklist/new/", views_review.ChecklistItemFormView.as_view(), name="checklist-add"),
    path("checklist/<int:pk>/edit/", views_review.ChecklistItemFormView.as_view(), name="checklist-edit"),
    path("checklist/<int:pk>/retire/", views_review.ChecklistItemRetireView.as_view(), name="checklist-retire"),
    path("review/", views_review.ReviewListView.as_view(), name="review"),
    path("applications/<int:pk>/review/", views_review.ApplicationReviewView.as_view(), name="application-review"),
    path(
        "applications/<int:pk>/review/<int:item_pk>/",
        views_review.ApplicationReviewItemView.as_view(),
        name="application-review-item",
    ),
    path(
        "applications/<int:pk>/review/notice/",
        views_review.ApplicationIncompleteNoticeView.as_view(),
        name="application-incomplete-notice",
    ),
    # Message thread
    path(
        "applications/<int:pk>/messages/", views_messages.ApplicationMessagesView.as_view(), name="application-messages"
    ),
]
