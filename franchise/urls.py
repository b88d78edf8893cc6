from django.urls import path

from franchise import views

app_name = "franchise"

urlpatterns = [
    path("", views.LicenseListView.as_view(), name="license-list"),
    path("new/", views.LicenseFormView.as_view(), name="license-create"),
    path("<int:pk>/", views.LicenseDetailView.as_view(), name="license-detail"),
    path("<int:pk>/edit/", views.LicenseFormView.as_view(), name="license-edit"),
    path("<int:pk>/renewal/", views.RenewalFormView.as_view(), name="license-renewal"),
    path("<int:pk>/generate/", views.LicenseGenerateView.as_view(), name="license-generate"),
    path("<int:pk>/fees/", views.FeeLedgerView.as_view(), name="license-fees"),
    path("<int:pk>/customer-service/", views.ScorecardView.as_view(), name="license-scorecard"),
    path("<int:pk>/customer-service/new/", views.CustomerServiceFormView.as_view(), name="cs-report-create"),
    path("<int:pk>/obligations/catalogue/", views.CatalogueView.as_view(), name="obligation-catalogue"),
    path("<int:pk>/obligations/new/", views.ObligationFormView.as_view(), name="obligation-create"),
    path("<int:pk>/filings/new/", views.FilingCreateView.as_view(), name="filing-create"),
    path("obligations/<int:pk>/", views.ObligationDetailView.as_view(), name="obligation-detail"),
    path("obligations/<int:pk>/edit/", views.ObligationFormView.as_view(editing=True), name="obligation-edit"),
    path("filings/", views.FilingListView.as_view(), name="filing-list"),
    path("filings/log/", views.FilingLogView.as_view(), name="filing-log"),
    path("filings/<int:pk>/", views.FilingDetailView.as_view(), name="filing-detail"),
    path("filings/<int:pk>/review/", views.FilingReviewView.as_view(), name="filing-review"),
    path("filings/<int:pk>/waive/", views.FilingWaiveView.as_view(), name="filing-waive"),
    path("filings/<int:pk>/resubmit/", views.FilingResubmitView.as_view(), name="filing-resubmit"),
    path("filings/<int:pk>/attachments/new/", views.AttachmentAddView.as_view(), name="filing-attach"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("payments/", views.PaymentListView.as_view(), name="payment-list"),
    path("payments/log/", views.PaymentFormView.as_view(), name="payment-log"),
    path("payments/<int:pk>/", views.PaymentDetailView.as_view(), name="payment-detail"),
    path("payments/<int:pk>/edit/", views.PaymentFormView.as_view(), name="payment-edit"),
]
