"""Provider accounts: staff invitation pages and the public accept link.

Not namespaced: `invite-accept` is a public URL name the access test knows.
Mounted by config/urls.py at the site root.
"""

from django.urls import path

from accounts import views_invitations as views

urlpatterns = [
    path("invitations/", views.InvitationListView.as_view(), name="invitation-list"),
    path("invitations/new/", views.InvitationCreateView.as_view(), name="invitation-create"),
    path("invitations/<int:pk>/revoke/", views.InvitationRevokeView.as_view(), name="invitation-revoke"),
    path(
        "invitations/users/<int:pk>/deactivate/",
        views.ProviderUserDeactivateView.as_view(),
        name="provider-user-deactivate",
    ),
    path("invite/<str:token>/", views.InvitationAcceptView.as_view(), name="invite-accept"),
]
