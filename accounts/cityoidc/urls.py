from django.urls import include, path, re_path

from accounts.cityoidc import views

urlpatterns = [
    re_path(
        r"^sso/(?P<provider_id>[^/]+)/",
        include(
            [
                path("login/", views.login, name="city_oidc_login"),
                path("login/callback/", views.callback, name="city_oidc_callback"),
            ]
        ),
    )
]
