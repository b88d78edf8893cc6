"""Every URL of the project refuses whoever should not be there.

The walker (tests/access.py) finds URLs by walking the URL config, so a view
added later is covered without anyone listing it.
"""

import pytest
from django.http import HttpResponse
from django.urls import include, path
from django.views import View

from accounts.mixins import CityRoleRequiredMixin
from tests.access import find_violations, iter_routes


def test_every_url_refuses_anonymous_users_providers_and_auditor_writes(comcast_user, auditor):
    violations, routes = find_violations(provider_user=comcast_user, auditor=auditor)
    assert len(routes) > 50, "the walker should see the whole URL config, admin included"
    assert violations == []


def test_walker_builds_a_path_for_every_pattern():
    paths = [route.path for route in iter_routes()]
    assert "/providers/1/edit/" in paths
    assert "/history/accounts/provider/1/" in paths
    assert "/api/v1/providers/1/" in paths
    assert any(p.startswith("/admin/accounts/provider/1/change") for p in paths)
    assert all("<" not in p and "(?P" not in p for p in paths)


# A URL config with two views that forgot their permission checks, to show
# the walker catches them.
class ForgotTheCheck(View):
    def get(self, request):
        return HttpResponse("staff-only numbers")

    def post(self, request):
        return HttpResponse("saved")


class RemembersTheCheck(CityRoleRequiredMixin, View):
    def get(self, request):
        return HttpResponse("staff-only numbers")

    def post(self, request):
        return HttpResponse("saved")


urlpatterns = [
    path("", include("config.urls")),
    path("forgotten/", ForgotTheCheck.as_view(), name="forgotten"),
    path("checked/", RemembersTheCheck.as_view(), name="checked"),
]


@pytest.fixture
def urlconf_with_a_forgotten_check(settings):
    settings.ROOT_URLCONF = __name__
    return settings


def test_walker_reports_a_staff_view_that_forgot_its_permission_check(
    urlconf_with_a_forgotten_check, comcast_user, auditor
):
    violations, _ = find_violations(provider_user=comcast_user, auditor=auditor)
    assert "provider GET /forgotten/ (forgotten) -> 200" in violations
    assert "auditor POST /forgotten/ (forgotten) -> 200" in violations
    assert not [v for v in violations if "/checked/" in v]
    assert all("/forgotten/" in v for v in violations), violations
