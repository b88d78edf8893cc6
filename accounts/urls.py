from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.ProviderListView.as_view(), name="provider-list"),
    path("new/", views.ProviderFormView.as_view(), name="provider-create"),
    path("<int:pk>/", views.ProviderDetailView.as_view(), name="provider-detail"),
    path("<int:pk>/edit/", views.ProviderFormView.as_view(), name="provider-edit"),
    path("<int:pk>/contacts/new/", views.ProviderContactAddView.as_view(), name="contact-add"),
]
