"""Provider accounts: staff invitation pages and the public accept link.

Mounted by config/urls.py at the site root (namespace `invitations`).
"""

from django.urls import path

from accounts import views_invitations as views

app_name = "invitations"

urlpatterns = [
    path("invitations/", views.InvitationListView.as_view(), name="list"),
    path("invitations/new/", views.InvitationCreateView.as_view(), name="create"),
    path("invitations/<int:pk>/revoke/", views.InvitationRevokeView.as_view(), name="revoke"),
    path(
        "invitations/users/<int:pk>/deactivate/",
        views.ProviderUserDeactivateView.as_view(),
        name="provider-user-deactivate",
    ),
    path("users/city/", views.CityAccountListView.as_view(), name="city-accounts"),
    path(
        "users/<int:pk>/reset-second-factor/",
        views.UserResetSecondFactorView.as_view(),
        name="user-reset-second-factor",
    ),
    path("users/locked/", views.LockedUsersView.as_view(), name="locked-users"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user-unlock"),
    path("invite/<str:token>/", views.InvitationAcceptView.as_view(), name="accept"),
]
