"""Letter pages, included under /letters/ by config/urls.py (names are global: letter-*)."""

from django.urls import path

from compliance.letters import views, views_public

urlpatterns = [
    path("", views.LetterListView.as_view(), name="letter-list"),
    path("new/", views.LetterCreateView.as_view(), name="letter-create"),
    path("verify/", views_public.verify, name="letter-verify"),
    path("<int:pk>/", views.LetterDetailView.as_view(), name="letter-detail"),
    path("<int:pk>/edit/", views.LetterEditView.as_view(), name="letter-edit"),
    path("<int:pk>/preview/", views.LetterPreviewView.as_view(), name="letter-preview"),
    path("<int:pk>/pdf/", views.LetterPdfView.as_view(), name="letter-pdf"),
    path("<int:pk>/approve/", views.LetterApproveView.as_view(), name="letter-approve"),
    path("<int:pk>/return/", views.LetterReturnView.as_view(), name="letter-return"),
    path("<int:pk>/discard/", views.LetterDiscardView.as_view(), name="letter-discard"),
    path("<int:pk>/refresh/", views.LetterRefreshView.as_view(), name="letter-refresh"),
    path("<int:pk>/wording/", views.LetterWordingView.as_view(), name="letter-wording"),
    path("<int:pk>/issue/", views.LetterIssueView.as_view(), name="letter-issue"),
    path("<int:pk>/retry/", views.LetterRetryView.as_view(), name="letter-retry"),
    path("<int:pk>/send/", views.LetterSendView.as_view(), name="letter-send"),
    path("<int:pk>/correct/", views.LetterCorrectView.as_view(), name="letter-correct"),
    path("templates/", views.TemplateListView.as_view(), name="letter-template-list"),
    path("templates/<slug:kind>/", views.TemplateDetailView.as_view(), name="letter-template-detail"),
    path("templates/<slug:kind>/v<int:number>/", views.TemplateVersionView.as_view(), name="letter-template-version"),
    path("bulk/", views.BatchListView.as_view(), name="letter-batch-list"),
    path("bulk/new/", views.BatchCreateView.as_view(), name="letter-batch-create"),
    path("bulk/<int:pk>/", views.BatchDetailView.as_view(), name="letter-batch-detail"),
    path("bulk/<int:pk>/progress/", views.BatchProgressView.as_view(), name="letter-batch-progress"),
    path("bulk/<int:pk>/zip/", views.BatchZipView.as_view(), name="letter-batch-zip"),
]
