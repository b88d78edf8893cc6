"""Letter pages, included under /letters/ by config/urls.py (namespace `letters`)."""

from django.urls import path

from letters import views, views_public

app_name = "letters"

urlpatterns = [
    path("", views.LetterListView.as_view(), name="list"),
    path("new/", views.LetterCreateView.as_view(), name="create"),
    path("verify/", views_public.verify, name="verify"),
    path("<int:pk>/", views.LetterDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.LetterEditView.as_view(), name="edit"),
    path("<int:pk>/preview/", views.LetterPreviewView.as_view(), name="preview"),
    path("<int:pk>/pdf/", views.LetterPdfView.as_view(), name="pdf"),
    path("<int:pk>/pdf/state/", views.LetterPdfStateView.as_view(), name="pdf-state"),
    path("<int:pk>/approve/", views.LetterApproveView.as_view(), name="approve"),
    path("<int:pk>/return/", views.LetterReturnView.as_view(), name="return"),
    path("<int:pk>/discard/", views.LetterDiscardView.as_view(), name="discard"),
    path("<int:pk>/refresh/", views.LetterRefreshView.as_view(), name="refresh"),
    path("<int:pk>/wording/", views.LetterWordingView.as_view(), name="wording"),
    path("<int:pk>/issue/", views.LetterIssueView.as_view(), name="issue"),
    path("<int:pk>/retry/", views.LetterRetryView.as_view(), name="retry"),
    path("<int:pk>/send/", views.LetterSendView.as_view(), name="send"),
    path("<int:pk>/correct/", views.LetterCorrectView.as_view(), name="correct"),
    path("templates/", views.TemplateListView.as_view(), name="template-list"),
    path("templates/<slug:kind>/", views.TemplateDetailView.as_view(), name="template-detail"),
    path("templates/<slug:kind>/v<int:number>/", views.TemplateVersionView.as_view(), name="template-version"),
    path("bulk/", views.BatchListView.as_view(), name="batch-list"),
    path("bulk/new/", views.BatchCreateView.as_view(), name="batch-create"),
    path("bulk/<int:pk>/", views.BatchDetailView.as_view(), name="batch-detail"),
    path("bulk/<int:pk>/progress/", views.BatchProgressView.as_view(), name="batch-progress"),
    path("bulk/<int:pk>/zip/", views.BatchZipView.as_view(), name="batch-zip"),
]
