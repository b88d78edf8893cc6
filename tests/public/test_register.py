"""The public register of small-cell applications: anyone may read it, it shows only what is public,
and its pages are the same for everyone (cacheable, no cookie)."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from accounts.models import Provider
from permits import services
from permits.models import ApplicationDocument, ApplicationMessage, ClockEvent, PermitApplication
from tests.factories import ProviderContactFactory, ProviderFactory, UserFactory
from tests.permits.factories import PermitApplicationFactory, WirelessProviderFactory, make_application

LIST = reverse("public:applications")

MESSAGE_BODY = "Confidential: our landlord will not sign"
SECRET_DOCUMENT = "secret-lease-terms.pdf"
REVIEWER_NAME = "Reviewerina Hiddenname"
CONTACT_EMAIL = "private.contact@carrier.example"
REASONS = "Denied because the pole belongs to a neighbour"
DESCRIPTION = "Internal description of the antenna layout"


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def carrier(db):
    return ProviderFactory(name="Crown Castle Fiber", short_name="crown-castle", kind=Provider.Kind.WIRELESS)


@pytest.fixture
def other_carrier(db):
    return ProviderFactory(name="AT&T Mobility", short_name="att", kind=Provider.Kind.WIRELESS)


@pytest.fixture
def reviewer(db):
    from accounts.roles import STAFF

    return UserFactory(username="hidden-reviewer", first_name="Reviewerina", last_name="Hiddenname", role=STAFF)


@pytest.fixture
def register(staff, carrier, other_carrier, reviewer, media):
    """Three applications in the register (one decided, with planted confidential records), one before it."""
    decided = make_application(
        actor=staff,
        applicant=carrier,
        reference="SC-2026-0001",
        submitted_on=date(2026, 1, 5),
        sites=[{"address": "1 City Hall Sq, Boston, MA"}, {"address": "5 Court St, Boston, MA"}],
        description=DESCRIPTION,
    )
    services.application_assign(application=decided, reviewer=reviewer, actor=staff)
    services.clock_event_record(
        application=decided,
        actor=staff,
        kind=ClockEvent.Kind.DECISION,
        date=date(2026, 2, 2),
        outcome=ClockEvent.Outcome.DENIED,
        reasons=REASONS,
    )
    open_app = make_application(
        actor=staff,
        applicant=other_carrier,
        reference="SC-2026-0002",
        category="swf_new_structure",
        submitted_on=date(2026, 3, 2),
        sites=[{"address": "77 Tremont St, Boston, MA"}],
    )
    demo = make_application(
        actor=staff,
        applicant=carrier,
        reference="SC-DEMO-0003",
        submitted_on=date(2026, 4, 6),
        sites=[{"address": "10 Demo Way, Boston, MA"}],
        is_illustrative=True,
    )
    early = make_application(
        actor=staff,
        applicant=carrier,
        reference="SC-2025-0099",
        submitted_on=date(2025, 12, 30),
        sites=[{"address": "99 Before Start Rd, Boston, MA"}],
    )
    ApplicationMessage.objects.create(application=decided, author=staff, from_city=True, body=MESSAGE_BODY)
    ProviderContactFactory(provider=carrier, email=CONTACT_EMAIL)
    public_doc = _document(decided, staff, "Site plan (public).pdf", description="Site plan", is_public=True)
    secret_doc = _document(decided, staff, SECRET_DOCUMENT, is_public=False)
    early_doc = _document(early, staff, "early.pdf", description="Early plan", is_public=True)
    return {
        "decided": decided,
        "open": open_app,
        "demo": demo,
        "early": early,
        "public_doc": public_doc,
        "secret_doc": secret_doc,
        "early_doc": early_doc,
    }


def _document(application, actor, name, *, description="", is_public):
    document = ApplicationDocument(
        provider=application.applicant,
        application=application,
        original_name=name,
        content_type=ApplicationDocument.Type.PDF,
        size=8,
        sha256="0" * 64,
        description=description,
        uploaded_by=actor,
        is_public=is_public,
    )
    document.file.save("upload.pdf", ContentFile(b"%PDF-1.7"), save=False)
    document.save()
    return document


def _text(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_anyone_may_read_the_register_without_signing_in(anonymous, register):
    response = anonymous.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "SC-2026-0001" in html and "SC-2026-0002" in html
    assert "1 City Hall Sq, Boston, MA" in html and "5 Court St, Boston, MA" in html
    assert "Crown Castle Fiber" in html and "AT&amp;T Mobility" in html
    assert "Denied" in html
    assert "<caption" in html and 'scope="col"' in html and "usa-table-container--scrollable" in html


def test_an_application_submitted_before_the_start_date_is_not_in_the_register(anonymous, register):
    html = anonymous.get(LIST).content.decode()
    assert "SC-2025-0099" not in html
    assert "99 Before Start Rd" not in html
    detail = reverse("public:application-detail", args=[register["early"].pk])
    assert anonymous.get(detail).status_code == 404
    assert anonymous.get(reverse("public:document-file", args=[register["early_doc"].pk])).status_code == 404


def test_the_start_date_comes_from_the_setting(anonymous, register, settings):
    settings.PUBLIC_REGISTER_START = date(2026, 3, 1)
    html = anonymous.get(LIST).content.decode()
    assert "SC-2026-0001" not in html
    assert "SC-2026-0002" in html


def test_illustrative_rows_are_shown_and_labelled(anonymous, register):
    html = anonymous.get(LIST).content.decode()
    row = html[html.index("SC-DEMO-0003") :]
    assert row.index("Illustrative") < row.index("</tr>")
    detail = anonymous.get(reverse("public:application-detail", args=[register["demo"].pk])).content.decode()
    assert "Illustrative demo record" in detail


def _confidential_absent(text):
    for secret in (MESSAGE_BODY, SECRET_DOCUMENT, REVIEWER_NAME, "Hiddenname", CONTACT_EMAIL, REASONS, DESCRIPTION):
        assert secret not in text, secret


def test_nothing_confidential_is_published_in_the_pages_or_the_exports(anonymous, register):
    detail = reverse("public:application-detail", args=[register["decided"].pk])
    for response in (
        anonymous.get(LIST),
        anonymous.get(detail),
        anonymous.get(LIST, {"export": "csv"}),
        anonymous.get(LIST, {"export": "json"}),
    ):
        assert response.status_code == 200
        _confidential_absent(_text(response))


def test_the_detail_page_shows_sites_status_deadline_decision_and_the_steps(anonymous, register):
    application = register["decided"]
    application.refresh_from_db()
    html = anonymous.get(reverse("public:application-detail", args=[application.pk])).content.decode()
    assert "1 City Hall Sq, Boston, MA" in html and "5 Court St, Boston, MA" in html
    assert "Denied" in html
    assert "Decision: denied" in html
    assert "Mon, Feb 2, 2026" in html  # the decision day, through the one date filter
    assert "Application received" in html
    assert "Site plan" in html


def test_a_public_document_is_served_as_an_attachment_and_a_private_one_is_not(anonymous, register):
    response = anonymous.get(reverse("public:document-file", args=[register["public_doc"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.7"
    assert anonymous.get(reverse("public:document-file", args=[register["secret_doc"].pk])).status_code == 404
    assert anonymous.get(reverse("public:document-file", args=[999999])).status_code == 404


def test_an_unknown_application_answers_404(anonymous, register):
    assert anonymous.get(reverse("public:application-detail", args=[999999])).status_code == 404


def test_the_pages_are_cacheable_and_set_no_cookie_for_an_anonymous_visitor(anonymous, register):
    for url in (
        LIST,
        reverse("public:application-detail", args=[register["decided"].pk]),
        reverse("public:document-file", args=[register["public_doc"].pk]),
        LIST + "?export=csv",
    ):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=300"}, url
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), url


def test_a_signed_in_visitor_sees_the_same_page_but_it_is_not_kept_in_a_cache(comcast_client, register):
    response = comcast_client.get(LIST)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Signed in as" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"status": "denied"}, ["SC-2026-0001"], ["SC-2026-0002", "SC-DEMO-0003"]),
        ({"category": "swf_new_structure"}, ["SC-2026-0002"], ["SC-2026-0001", "SC-DEMO-0003"]),
        ({"submitted_from": "2026-02-01", "submitted_to": "2026-03-31"}, ["SC-2026-0002"], ["SC-2026-0001"]),
        ({"q": "court st"}, ["SC-2026-0001"], ["SC-2026-0002"]),
        ({"q": "demo-0003"}, ["SC-DEMO-0003"], ["SC-2026-0001"]),
    ],
)
def test_the_filters_narrow_the_register(anonymous, register, query, present, absent):
    html = anonymous.get(LIST, query).content.decode()
    for reference in present:
        assert reference in html
    for reference in absent:
        assert reference not in html


def test_the_carrier_filter(anonymous, register, other_carrier):
    html = anonymous.get(LIST, {"carrier": other_carrier.pk}).content.decode()
    assert "SC-2026-0002" in html and "SC-2026-0001" not in html


@pytest.mark.parametrize(
    "query",
    [{"carrier": "abc"}, {"carrier": "999999"}, {"submitted_from": "yesterday"}, {"status": "lost"}, {"q": "x" * 500}],
)
def test_a_filter_that_cannot_be_read_gives_a_plain_message_not_an_error(anonymous, register, query):
    response = anonymous.get(LIST, query)
    assert response.status_code == 200
    assert "Some filters could not be read" in response.content.decode()
    export = anonymous.get(LIST, {**query, "export": "csv"})
    assert export.status_code == 400
    assert "The export was not made" in export.content.decode()


def test_the_csv_export_has_the_documented_columns_and_the_filtered_rows(anonymous, register):
    response = anonymous.get(LIST, {"carrier": register["decided"].applicant_id, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(_text(response))))
    assert rows[0] == [
        "Reference",
        "Carrier",
        "Site addresses",
        "Category",
        "Status",
        "Submitted",
        "Shot-clock deadline",
        "Decision date",
        "Illustrative (demo data)",
        "Page",
    ]
    by_reference = {row[0]: row for row in rows[1:]}
    assert set(by_reference) == {"SC-2026-0001", "SC-DEMO-0003"}
    decided = by_reference["SC-2026-0001"]
    assert decided[1:6] == [
        "Crown Castle Fiber",
        "1 City Hall Sq, Boston, MA; 5 Court St, Boston, MA",
        "Small wireless facility, collocation on an existing structure (60 days)",
        "Denied",
        "2026-01-05",
    ]
    assert decided[6] == "2026-03-06"  # Jan 5 + 60 days: 26 to Jan 31, 28 in Feb (54), 6 more -> Fri Mar 6
    assert decided[7:9] == ["2026-02-02", "no"]
    assert by_reference["SC-DEMO-0003"][8] == "yes"


def test_the_json_export_has_the_documented_keys_and_every_row(anonymous, register):
    response = anonymous.get(LIST, {"export": "json"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(_text(response))
    assert data["register_start"] == "2026-01-01"
    keys = [
        "reference",
        "carrier",
        "site_addresses",
        "category",
        "status",
        "submitted_on",
        "clock_deadline",
        "decision_date",
        "illustrative",
        "url",
    ]
    assert data["columns"] == keys
    assert [row["reference"] for row in data["applications"]] == ["SC-DEMO-0003", "SC-2026-0002", "SC-2026-0001"]
    decided = data["applications"][2]
    assert list(decided) == keys
    assert decided["decision_date"] == "2026-02-02"
    assert decided["illustrative"] is False
    assert data["applications"][0]["illustrative"] is True
    assert decided["url"] == reverse("public:application-detail", args=[register["decided"].pk])


def _bulk(count):
    carrier = WirelessProviderFactory()
    for index in range(count):
        application = PermitApplicationFactory(applicant=carrier, submitted_on=date(2026, 2, 1 + index))
        application.sites.create(address=f"{index} Bulk St, Boston, MA")


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_costs_the_same_queries_at_two_sizes(anonymous, db, django_assert_max_num_queries, count):
    _bulk(count)
    # The count, the page of applications with their carriers, their sites, and the carrier choices.
    with django_assert_max_num_queries(4):
        response = anonymous.get(LIST)
    assert response.status_code == 200
    assert response.content.decode().count("Bulk St") == count


@pytest.mark.parametrize("count", [2, 12])
def test_the_exports_cost_the_same_queries_at_two_sizes(anonymous, db, django_assert_max_num_queries, count):
    _bulk(count)
    for fmt in ("csv", "json"):
        with django_assert_max_num_queries(2):
            body = _text(anonymous.get(LIST, {"export": fmt}))
        assert body.count("Bulk St") == count


def test_the_detail_page_costs_a_fixed_number_of_queries(anonymous, register, django_assert_max_num_queries):
    # The application with its carrier, its sites, its events, its public documents.
    with django_assert_max_num_queries(4):
        assert anonymous.get(reverse("public:application-detail", args=[register["decided"].pk])).status_code == 200
    assert PermitApplication.objects.count() == 4


def test_the_register_takes_no_writes(anonymous, register):
    detail = reverse("public:application-detail", args=[register["decided"].pk])
    for url in (LIST, detail):
        assert anonymous.post(url).status_code in (403, 405)
    assert Client(enforce_csrf_checks=False).post(LIST).status_code == 405
