"""The clock record: a printable, archival PDF of one application's shot clock for counsel. Every
event with its date, the engine's reading, who recorded it and when, and the letters about it.

Time is frozen on Sunday 2026-03-01, 10:00 Eastern (tests/permits/conftest.py).
"""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from businessdays import services as compliance_services
from businessdays.models import ClosureDay
from letters import rendering
from permits import services
from permits.models import ClockEvent, PermitApplication
from tests.letters import factories as letter_factories
from tests.pdfa import assert_tagged_pdfa, reader
from tests.permits.factories import make_application

ITEMS = [
    {"item": "Structural analysis of the pole, stamped by a Massachusetts engineer", "rule": "Boston PIC rule 7(b)"},
    {"item": "RF emissions compliance report", "rule": "47 CFR 1.1307(b)"},
]
REASONS = "The cabinet stands in the sidewalk clear path the Complete Streets guidelines require."


def url(application):
    return reverse("permits:application-clock-record", args=[application.pk])


def words(data):
    """The PDF's text, white space made single spaces (table cells wrap anywhere)."""
    return " ".join("\n".join(page.extract_text() for page in reader(data).pages).split())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def denied(frozen, staff, crown_castle):
    """A non-SWF collocation (90 days, 47 CFR 1.6003(c)(1)(ii)), submitted Mon 2025-11-03; day 1 is Nov 4.

    Nov 3 + 90: 27 days to Nov 30, 31 in Dec (58), 31 in Jan (89), 1 more -> Sun 2026-02-01.
    Notice Mon Nov 17 is day 14 (within 30): tolled from Nov 18; Feb 1 - Nov 17 = 13 + 31 + 31 + 1 = 76 days remain.
    Resubmitted Mon Dec 1: Nov 17 -> Dec 1 = 14 days tolled; last day Feb 1 + 14 -> Sun 2026-02-15.
    Tolling agreement Thu 2026-01-15 for 5 days: last day Feb 15 + 5 -> Fri 2026-02-20.
    Fri Feb 20 is a legal holiday the City declared, Sat 21 and Sun 22 a weekend -> deadline Mon 2026-02-23.
    Denied Mon Feb 23, with reasons: on the deadline, met.
    """
    compliance_services.closure_day_add(
        actor=staff, date=date(2026, 2, 20), reason="Day of mourning", kind=ClosureDay.Kind.LEGAL_HOLIDAY
    )
    application = make_application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2025-0077",
        category="collocation",
        submitted_on=date(2025, 11, 3),
        sites=[{"address": "12 Tremont St, Boston, MA (pole 4471)"}, {"address": "14 Tremont St, Boston, MA"}],
    )
    record = services.clock_event_record
    record(application=application, actor=staff, kind="incomplete_notice", date=date(2025, 11, 17), missing_items=ITEMS)
    record(application=application, actor=staff, kind="resubmitted", date=date(2025, 12, 1))
    record(
        application=application,
        actor=staff,
        kind="tolling_agreement",
        date=date(2026, 1, 15),
        days=5,
        details="Signed by both parties; the City asked for time to review the structural analysis.",
    )
    record(
        application=application, actor=staff, kind="decision", date=date(2026, 2, 23), outcome="denied", reasons=REASONS
    )
    return PermitApplication.objects.get(pk=application.pk)


@pytest.fixture
def record_pdf(denied, staff_client):
    response = staff_client.get(url(denied))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="clock-record-sc-2025-0077.pdf"'
    return response.content


def test_the_clock_record_is_tagged_pdf_a_in_english_with_a_title(record_pdf):
    assert_tagged_pdfa(record_pdf, title="Shot-clock record of application SC-2025-0077 (Crown Castle Fiber)")


def test_the_record_gives_the_particulars_category_period_citation_and_sites(record_pdf):
    text = words(record_pdf)
    assert "Shot-clock record: application SC-2025-0077" in text
    assert "Crown Castle" in text
    assert "Other collocation, not a small wireless facility (90 days); 47 CFR 1.6003(c)(1)(ii)" in text
    assert "12 Tremont St, Boston, MA (pole 4471)" in text and "14 Tremont St, Boston, MA" in text
    assert "Denied on 2026-02-23" in text


def test_the_record_lists_each_event_date_with_the_engines_reading(denied, record_pdf):
    text = words(record_pdf).lower()
    for day in ("2025-11-03", "2025-11-17", "2025-12-01", "2026-01-15", "2026-02-23"):
        assert day in text
    clock = services.application_clock(denied, as_of=date(2026, 3, 1))
    # Every line of the engine's explanation, word for word (the record starts each with a capital; a
    # line may wrap after a hyphen or inside a citation, so white space is left out of the comparison).
    squeezed = "".join(text.split())
    for line in clock.explanation:
        assert "".join(line.split()).lower() in squeezed, line
    # The hand-worked figures (see the fixture).
    assert "76 days remain on the clock (47 cfr 1.6003(d)(2))" in text
    assert "14 days tolled (2025-11-18 to 2025-12-01)" in text
    assert "the clock is extended by 5 days" in text
    assert "2026-02-20 city legal holiday: day of mourning" in text
    assert "deadline 2026-02-23" in text
    assert "decided 2026-02-23, on the deadline: met" in text


def test_the_record_shows_missing_items_with_their_rules_reasons_and_details(record_pdf):
    text = words(record_pdf)
    assert (
        "Structural analysis of the pole, stamped by a Massachusetts engineer (required by Boston PIC rule 7(b))"
        in text
    )
    assert "RF emissions compliance report (required by 47 CFR 1.1307(b))" in text
    assert f"Reasons: {REASONS}" in text
    assert "Signed by both parties" in text
    assert "Tolling agreement (5 days)" in text
    assert "Decision: denied" in text


def test_the_record_says_who_recorded_each_event_and_when(denied, staff, record_pdf):
    text = words(record_pdf)
    # Every event was recorded at the frozen time, 2026-03-01 10:00 Eastern, by the staff user.
    assert text.count(f"{staff} 2026-03-01 10:00 EST") == 1 + denied.events.count()  # the submission too


def test_the_footer_says_when_and_by_whom_it_was_generated_with_page_numbers(legal, legal_client, denied):
    data = legal_client.get(url(denied)).content
    pages = reader(data).pages
    for number, page in enumerate(pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Generated 2026-03-01 10:00:00 EST (-0500) by {legal}" in text
        assert f"Page {number} of {len(pages)}" in text


def test_the_record_lists_the_letters_about_the_application_with_their_sha256(denied, legal, staff_client):
    letter = letter_factories.issue(letter_factories.draft(actor=legal, kind="denial_reasons", source=denied), legal)
    data = staff_client.get(url(denied)).content
    text = words(data)
    assert letter.number in text
    assert "Denial with written reasons" in text or letter.get_kind_display() in text
    assert letter.sha256 in "".join(text.split())  # the hash may wrap inside its cell
    assert rendering.sha256(data) != letter.sha256


def test_an_ignored_event_and_an_open_clock_are_shown_plainly(frozen, staff, staff_client, crown_castle):
    """SWF collocation submitted Mon 2026-01-05; notice Wed 2026-01-14 is day 9: resets on resubmission.
    No resubmission yet: tolled, 60 days will remain."""
    application = make_application(actor=staff, applicant=crown_castle, reference="SC-2026-0003")
    services.clock_event_record(
        application=application, actor=staff, kind="incomplete_notice", date=date(2026, 1, 14), missing_items=ITEMS
    )
    text = words(staff_client.get(url(application)).content)
    assert (
        "Incompleteness notice on 2026-01-14, day 9: within 10 days of submission, so it resets the SWF clock" in text
    )
    assert "As of 2026-03-01: tolled, waiting since 2026-01-14" in text
    assert "60 days will remain when the applicant resubmits" in text
    assert "Clock tolled" in text


# Who may have it -------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(denied):
    response = Client().get(url(denied))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("client_name", ["comcast_client", "verizon_client", "outsider_client"])
def test_provider_users_and_users_without_a_role_are_refused(request, denied, client_name):
    assert request.getfixturevalue(client_name).get(url(denied)).status_code == 403


def test_the_applicants_own_users_are_refused_too(denied, crown_castle_user):
    client = Client()
    client.force_login(crown_castle_user)
    assert client.get(url(denied)).status_code == 403


@pytest.mark.parametrize("client_name", ["staff_client", "legal_client", "auditor_client"])
def test_city_roles_get_the_pdf(request, denied, client_name):
    response = request.getfixturevalue(client_name).get(url(denied))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-1.7")


def test_a_post_is_not_allowed_and_writes_nothing(denied, staff_client, auditor_client):
    history = PermitApplication.history.count(), ClockEvent.history.count()
    assert staff_client.post(url(denied)).status_code == 405
    assert auditor_client.post(url(denied)).status_code == 403  # a write, which the auditor's role refuses first
    assert (PermitApplication.history.count(), ClockEvent.history.count()) == history


def test_an_unknown_application_is_not_found_and_nothing_is_written(denied, staff_client):
    history = PermitApplication.history.count()
    response = staff_client.get(reverse("permits:application-clock-record", args=[denied.pk + 1000]))
    assert response.status_code == 404
    assert PermitApplication.history.count() == history


def test_the_application_page_links_to_the_record(denied, auditor_client):
    page = auditor_client.get(denied.get_absolute_url()).content.decode()
    assert f'href="{url(denied)}"' in page


def test_loading_every_view_does_not_load_weasyprint():
    # A web process imports the URL config (this view included) but loads WeasyPrint only when a PDF is made.
    code = (
        "import sys, django; django.setup(); from django.urls import get_resolver; "
        "get_resolver().url_patterns; print('weasyprint' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# What it costs --------------------------------------------------------------------------------


def test_the_record_costs_the_same_queries_for_a_small_and_a_large_application(
    frozen, staff, staff_client, crown_castle, django_assert_max_num_queries
):
    small = make_application(actor=staff, applicant=crown_castle, reference="SC-1")
    services.clock_event_record(
        application=small, actor=staff, kind="incomplete_notice", date=date(2026, 1, 8), missing_items=ITEMS[:1]
    )
    big = make_application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2",
        sites=[{"address": f"{n} Tremont St"} for n in range(1, 9)],
    )
    # SWF collocation, Jan 5: notice Jan 8 (day 3) resets; resubmitted Jan 10; further notice Jan 15 (5 days
    # after) tolls again; resubmitted Jan 20; a 10-day tolling agreement on Feb 2.
    for kind, day, extra in (
        ("incomplete_notice", date(2026, 1, 8), {"missing_items": ITEMS}),
        ("resubmitted", date(2026, 1, 10), {}),
        ("incomplete_notice", date(2026, 1, 15), {"missing_items": ITEMS[:1]}),
        ("resubmitted", date(2026, 1, 20), {}),
        ("tolling_agreement", date(2026, 2, 2), {"days": 10}),
    ):
        services.clock_event_record(application=big, actor=staff, kind=kind, date=day, **extra)
    counts = []
    for application in (small, big):
        # Session, user, roles; the application with its sites, events (recorded_by, missing items) and
        # permits; closure days; the creation record; the letters and their corrections.
        with django_assert_max_num_queries(14) as captured:
            assert staff_client.get(url(application)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
