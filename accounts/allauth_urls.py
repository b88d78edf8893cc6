"""The parts of django-allauth Conduit uses, by allauth's own URL names.

Only these are mounted (not allauth.urls): no sign-up, no email management,
no allauth password pages (accounts/auth_urls.py keeps Django's). The City
identity provider's sign-in and callback come from accounts/cityoidc."""

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views_mfa

urlpatterns = [
    path("login/", account_views.login, name="account_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("2fa/totp/activate/", views_mfa.activate_totp, name="mfa_activate_totp"),
    path("2fa/authenticate/", views_mfa.authenticate, name="mfa_authenticate"),
    path("2fa/", include("allauth.mfa.urls")),
    path("social/login/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("social/login/error/", social_views.login_error, name="socialaccount_login_error"),
    path("social/signup/", social_views.signup, name="socialaccount_signup"),
    path("", include("accounts.cityoidc.urls")),
]
