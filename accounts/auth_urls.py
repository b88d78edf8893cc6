"""Sign-in, sign-out and password pages, with USWDS forms (namespace `auth`).

Sign-in is django-allauth's view (it asks for the second factor); the password
pages are Django's. Django's views reverse their next page without a
namespace, so each is given it here. accounts/allauth_urls.py mounts the same
sign-in page under allauth's own names."""

from allauth.account import views as account_views
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import forms

app_name = "auth"

urlpatterns = [
    path("login/", account_views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=forms.PasswordChangeForm, success_url=reverse_lazy("auth:password_change_done")
        ),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=forms.PasswordResetForm, success_url=reverse_lazy("auth:password_reset_done")
        ),
        name="password_reset",
    ),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=forms.SetPasswordForm, success_url=reverse_lazy("auth:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
