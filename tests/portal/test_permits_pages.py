"""The carrier's small-cell permits in the portal: who reaches them (the permit holder's users only; 404 for a
cable operator, another carrier and City staff), what the list flags, and what asking for renewal and reporting
construction save. Time is frozen on Fri 2026-07-10 (tests/portal/conftest.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Provider
from permits import services
from permits.models import Permit, PermitApplication
from tests.factories import ProviderFactory, provider_user
from tests.permits.factories import make_application

TODAY = date(2026, 7, 10)


def _approved(staff, applicant, reference, addresses):
    application = make_application(
        actor=staff,
        applicant=applicant,
        reference=reference,
        submitted_on=date(2026, 3, 2),
        sites=[{"address": address} for address in addresses],
        assigned_reviewer=staff,
    )
    services.clock_event_record(
        application=application, actor=staff, kind="decision", date=date(2026, 4, 1), outcome="approved"
    )
    return PermitApplication.objects.get(pk=application.pk)


def _issue(staff, application, site, number, **overrides):
    fields = {
        "issued_on": date(2026, 4, 2),
        "build_by": date(2027, 4, 2),
        "expires_on": date(2036, 4, 2),
        "annual_fee": Decimal("270.00"),
        "conditions": "Paint the cabinet to match the pole.",
    }
    fields.update(overrides)
    return services.permit_issue(application=application, site=site, actor=staff, number=number, **fields)


@pytest.fixture
def carrier_application(staff, crown_castle):
    return _approved(staff, crown_castle, "SC-2026-0100", [f"{n} Tremont St, Boston, MA" for n in range(1, 6)])


@pytest.fixture
def permit(staff, carrier_application):
    """Build-by Tue 2026-06-30 has passed unbuilt; expiry Tue 2026-09-01 is 53 days off
    (21 days left in July + 31 in August + 1), inside the 90-day renewal window."""
    site = carrier_application.sites.order_by("id").first()
    return _issue(
        staff, carrier_application, site, "SCP-2026-0100", build_by=date(2026, 6, 30), expires_on=date(2026, 9, 1)
    )


@pytest.fixture
def carrier_user(crown_castle):
    return provider_user(crown_castle, "crown-clerk")


@pytest.fixture
def carrier_client(carrier_user, login_as):
    return login_as(carrier_user)


@pytest.fixture
def other_carrier_client(login_as):
    att = ProviderFactory(name="AT&T Mobility", short_name="att", kind=Provider.Kind.WIRELESS)
    return login_as(provider_user(att, "att-clerk"))


def urls(permit):
    return [
        reverse("portal:permits"),
        reverse("portal:permit-detail", args=[permit.pk]),
        reverse("portal:permit-renewal", args=[permit.pk]),
        reverse("portal:permit-built", args=[permit.pk]),
    ]


def write_urls(permit):
    return urls(permit)[2:]


def unchanged(permit):
    fresh = Permit.objects.get(pk=permit.pk)
    return (
        fresh.built_on is None
        and fresh.renewal_status == Permit.RenewalStatus.NOT_REQUESTED
        and fresh.renewal_requested_on is None
        and fresh.history.count() == 1
    )


def test_anonymous_visitors_are_sent_to_sign_in(permit):
    client = Client()
    for url in urls(permit):
        for response in (client.get(url), client.post(url, {"built_on": "2026-07-01"})):
            assert response.status_code == 302 and "/login/" in response["Location"], url
    assert unchanged(permit)


def test_a_cable_only_operator_gets_404_on_every_permit_page(permit, comcast_client):
    for url in urls(permit):
        assert comcast_client.get(url).status_code == 404, url
        assert comcast_client.post(url, {"built_on": "2026-07-01"}).status_code == 404, url
    assert unchanged(permit)


def test_another_carrier_gets_404_for_the_permit_by_id_and_saves_nothing(permit, other_carrier_client):
    for url in urls(permit)[1:]:
        assert other_carrier_client.get(url).status_code == 404, url
    for url in write_urls(permit):
        assert other_carrier_client.post(url, {"built_on": "2026-07-01"}).status_code == 404, url
    assert unchanged(permit)
    listing = other_carrier_client.get(reverse("portal:permits"))
    assert listing.status_code == 200
    assert "SCP-2026-0100" not in listing.content.decode()


def test_city_staff_get_404_on_the_portal_permit_pages(permit, staff_client):
    for url in urls(permit):
        assert staff_client.get(url).status_code == 404, url
        assert staff_client.post(url, {"built_on": "2026-07-01"}).status_code == 404, url
    assert unchanged(permit)


def test_the_nav_shows_permits_to_a_carrier_and_not_to_a_cable_operator(permit, carrier_client, comcast_client):
    link = f'href="{reverse("portal:permits")}"'
    assert link in carrier_client.get(reverse("portal:home")).content.decode()
    assert link not in comcast_client.get(reverse("portal:home")).content.decode()


def test_the_carrier_sees_its_permits_with_overdue_build_and_expiring_flags(permit, staff, carrier_client):
    built = _issue(
        staff,
        permit.application,
        permit.application.sites.order_by("id")[1],
        "SCP-2026-0101",
        build_by=date(2026, 6, 30),
        expires_on=date(2026, 7, 1),
    )
    services.permit_mark_built(permit=built, actor=staff, built_on=date(2026, 6, 1))
    page = carrier_client.get(reverse("portal:permits")).content.decode()
    assert "SCP-2026-0100" in page and "SCP-2026-0101" in page
    assert "1 Tremont St, Boston, MA" in page and "SC-2026-0100" in page
    assert "Expires in 53 days" in page
    assert "Build-by date passed" in page  # only the unbuilt one
    assert page.count("Build-by date passed") == 1
    assert "Expired" in page  # the built one expired Wed 2026-07-01
    assert "$270.00" in page
    assert "{# link" not in page


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [
        ("building", "SCP-2026-0100", "SCP-2026-0101"),
        ("built", "SCP-2026-0101", "SCP-2026-0100"),
        ("expiring", "SCP-2026-0100", "SCP-2026-0101"),
        ("expired", "SCP-2026-0101", "SCP-2026-0100"),
    ],
)
def test_the_list_filters_by_status(permit, staff, carrier_client, status, shown, hidden):
    built = _issue(
        staff,
        permit.application,
        permit.application.sites.order_by("id")[1],
        "SCP-2026-0101",
        expires_on=date(2026, 7, 1),
    )
    services.permit_mark_built(permit=built, actor=staff, built_on=date(2026, 6, 1))
    page = carrier_client.get(reverse("portal:permits"), {"status": status}).content.decode()
    assert shown in page and hidden not in page


def test_the_detail_page_shows_conditions_site_and_application(permit, carrier_client):
    page = carrier_client.get(reverse("portal:permit-detail", args=[permit.pk])).content.decode()
    assert "Paint the cabinet to match the pole." in page
    assert "1 Tremont St, Boston, MA" in page
    assert "SC-2026-0100" in page
    assert "Permit issued on Thu, Apr 2, 2026" in page
    assert "Build-by date passed" in page and "Expires in 53 days" in page


def test_a_renewal_request_records_the_status_the_day_and_the_history(
    permit, carrier_client, carrier_user, django_capture_on_commit_callbacks
):
    url = reverse("portal:permit-renewal", args=[permit.pk])
    assert carrier_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = carrier_client.post(url)
    assert response.status_code == 302
    permit.refresh_from_db()
    assert permit.renewal_status == Permit.RenewalStatus.REQUESTED
    assert permit.renewal_requested_on == TODAY
    latest = permit.history.first()
    assert latest.history_user == carrier_user
    (message,) = mail.outbox
    assert "SCP-2026-0100" in message.subject
    page = carrier_client.get(reverse("portal:permit-detail", args=[permit.pk])).content.decode()
    assert "Renewal requested on Fri, Jul 10, 2026" in page
    assert "Your organisation" in page


def test_a_second_renewal_request_is_refused_plainly(permit, carrier_client):
    url = reverse("portal:permit-renewal", args=[permit.pk])
    carrier_client.post(url)
    history = Permit.objects.get(pk=permit.pk).history.count()
    response = carrier_client.post(url)
    assert response.status_code == 200
    assert "Renewal of this permit has already been requested" in response.content.decode()
    assert Permit.objects.get(pk=permit.pk).history.count() == history


def test_a_renewed_permit_cannot_be_asked_for_again(permit, staff, carrier_client):
    services.permit_renew(permit=permit, actor=staff, renewed_on=date(2026, 7, 1), expires_on=date(2036, 9, 1))
    response = carrier_client.post(reverse("portal:permit-renewal", args=[permit.pk]))
    assert "This permit has already been renewed." in response.content.decode()
    assert Permit.objects.get(pk=permit.pk).renewal_requested_on is None


def test_reporting_construction_records_the_day(permit, carrier_client, carrier_user):
    url = reverse("portal:permit-built", args=[permit.pk])
    assert carrier_client.get(url).status_code == 200
    response = carrier_client.post(url, {"built_on": "2026-07-09"})
    assert response.status_code == 302
    permit.refresh_from_db()
    assert permit.built_on == date(2026, 7, 9)
    assert permit.history.first().history_user == carrier_user


@pytest.mark.parametrize(
    ("built_on", "message"),
    [
        ("2026-07-11", "The date cannot be in the future."),  # tomorrow
        ("2026-04-01", "The site cannot be built before the permit was issued."),  # the day before issue
        ("", "This field is required."),
    ],
)
def test_construction_in_the_future_or_before_issue_is_refused_and_nothing_saved(
    permit, carrier_client, built_on, message
):
    response = carrier_client.post(reverse("portal:permit-built", args=[permit.pk]), {"built_on": built_on})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert unchanged(permit)


def test_construction_already_reported_is_not_reported_again(permit, carrier_client):
    url = reverse("portal:permit-built", args=[permit.pk])
    carrier_client.post(url, {"built_on": "2026-07-09"})
    response = carrier_client.post(url, {"built_on": "2026-07-08"})
    assert "already been reported complete" in response.content.decode()
    assert Permit.objects.get(pk=permit.pk).built_on == date(2026, 7, 9)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_permit_pages_cost_the_same_queries_for_one_permit_or_five(permit, staff, carrier_client):
    list_url = reverse("portal:permits")
    detail_url = reverse("portal:permit-detail", args=[permit.pk])
    one = _queries(carrier_client, list_url)
    one_detail = _queries(carrier_client, detail_url)
    for index, site in enumerate(permit.application.sites.order_by("id")[1:], start=1):
        later = _issue(staff, permit.application, site, f"SCP-2026-01{index:02d}")
        services.permit_mark_built(permit=later, actor=staff, built_on=date(2026, 7, 1))
    services.permit_request_renewal(permit=permit, actor=staff, requested_on=date(2026, 7, 1))
    assert Permit.objects.filter(application__applicant=permit.application.applicant).count() == 5
    assert _queries(carrier_client, list_url) == one
    assert _queries(carrier_client, detail_url) == one_detail
