"""One "needs attention" rule for shot clocks: the pure classifier at its
boundaries, and every surface (staff home, queue cards and filters, API,
deadline list, reminder digest) showing the same missed and at-risk clocks.

Time is frozen on Sunday 2026-03-01 (tests/permits/conftest.py `frozen`)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db.models import Q
from django.urls import reverse

from deadlines import attention, reminders
from deadlines.attention import (
    ATTENTION_AT_RISK,
    ATTENTION_CLASSES,
    ATTENTION_CLOSED,
    ATTENTION_MISSED,
    ATTENTION_RUNNING,
    ATTENTION_TOLLED,
    MET,
    MISSED,
    RUNNING,
    STATE_WITHDRAWN,
    TOLLED,
)
from deadlines.models import Deadline
from permits import selectors, services, shotclock
from permits.filters import ApplicationFilter
from permits.models import PermitApplication
from tests.permits.factories import PermitApplicationFactory, make_application

TODAY = date(2026, 3, 1)
ITEMS = [{"item": "Structural analysis of the pole", "rule": "Small-cell application requirements s.3.2"}]


@pytest.mark.parametrize(
    ("state", "deadline", "decided", "expected"),
    [
        # Deadline today: 0 days left, still at risk (a decision today meets the clock).
        (RUNNING, TODAY, False, ATTENTION_AT_RISK),
        # Deadline yesterday, Sat Feb 28, no decision: missed, even if the stored state still says running.
        (RUNNING, TODAY - timedelta(days=1), False, ATTENTION_MISSED),
        # Mar 1 + 7 = Sun Mar 8: 7 days left, the last at-risk day.
        (RUNNING, TODAY + timedelta(days=7), False, ATTENTION_AT_RISK),
        # Mar 1 + 8 = Mon Mar 9: 8 days left, running.
        (RUNNING, TODAY + timedelta(days=8), False, ATTENTION_RUNNING),
        # A running clock always has a deadline; without one it cannot be missed or at risk.
        (RUNNING, None, False, ATTENTION_RUNNING),
        # Tolled: no deadline while waiting for the resubmission.
        (TOLLED, None, False, ATTENTION_TOLLED),
        # The engine's "missed" with nothing decided (computed after the deadline passed).
        (MISSED, TODAY - timedelta(days=15), False, ATTENTION_MISSED),
        # Decided after the deadline: missed but closed; nothing left to decide.
        (MISSED, TODAY - timedelta(days=15), True, ATTENTION_CLOSED),
        # A 6409(a) request deemed granted: the engine's state stays "missed", the clock is closed.
        (MISSED, TODAY - timedelta(days=3), True, ATTENTION_CLOSED),
        # Decided in time, or withdrawn.
        (MET, TODAY + timedelta(days=2), True, ATTENTION_CLOSED),
        (STATE_WITHDRAWN, TODAY + timedelta(days=2), True, ATTENTION_CLOSED),
        # A stored "met" row whose status was never closed is still closed: the clock was met.
        (MET, TODAY + timedelta(days=2), False, ATTENTION_CLOSED),
    ],
)
def test_the_classifier_at_its_boundaries(state, deadline, decided, expected):
    assert attention.attention(state, deadline, decided, TODAY) == expected


def test_the_deadline_windows_meet_without_a_gap_or_an_overlap():
    # Missed ends Sat Feb 28; at risk is Sun Mar 1 to Sun Mar 8; running starts Mon Mar 9.
    assert attention.attention_window(ATTENTION_MISSED, TODAY) == (None, date(2026, 2, 28))
    assert attention.attention_window(ATTENTION_AT_RISK, TODAY) == (TODAY, date(2026, 3, 8))
    assert attention.attention_window(ATTENTION_RUNNING, TODAY) == (date(2026, 3, 9), None)
    with pytest.raises(ValueError, match="no deadline window"):
        attention.attention_window(ATTENTION_TOLLED, TODAY)


def test_the_deadline_window_filters_the_named_date_on_both_ends():
    assert attention.deadline_window("due_date", ATTENTION_MISSED, TODAY) == Q(due_date__lte=date(2026, 2, 28))
    assert attention.deadline_window("d", ATTENTION_AT_RISK, TODAY) == Q(d__gte=TODAY) & Q(d__lte=date(2026, 3, 8))
    assert attention.deadline_window("due_date", ATTENTION_RUNNING, TODAY) == Q(due_date__gte=date(2026, 3, 9))


def test_the_shot_clock_and_its_selectors_use_the_one_rule():
    assert shotclock.attention is attention.attention
    assert shotclock.attention_window is attention.attention_window
    assert selectors.deadline_window is attention.deadline_window
    assert shotclock.AT_RISK_DAYS == attention.AT_RISK_DAYS == 7


def test_a_shot_clock_result_carries_its_attention_class(application):
    clock = services.application_clock(application)
    # SWF collocation submitted Mon Jan 5: Jan 5 + 60 -> Fri Mar 6, 5 days after Sun Mar 1.
    assert (clock.deadline, clock.days_remaining) == (date(2026, 3, 6), 5)
    assert clock.attention == ATTENTION_AT_RISK and clock.at_risk


@pytest.fixture
def five(frozen, staff, crown_castle, att):
    """One clock of each class on Sun 2026-03-01."""
    # SWF collocation Mon Dec 1 2025 + 60: 30 days to Dec 31, 30 more -> Fri Jan 30 2026; undecided: missed.
    missed = make_application(
        actor=staff, applicant=crown_castle, reference="SC-MISSED", submitted_on=date(2025, 12, 1)
    )
    # SWF collocation Mon Jan 5 + 60: 26 days to Jan 31, 28 in Feb (54), 6 more -> Fri Mar 6: 5 days left.
    at_risk = make_application(actor=staff, applicant=crown_castle, reference="SC-AT-RISK")
    # Collocation Mon Jan 5, notice Thu Jan 15 (day 10 of 30): tolled, waiting for the resubmission.
    tolled = make_application(actor=staff, applicant=att, reference="SC-TOLLED", category="collocation")
    services.clock_event_record(
        application=tolled, actor=staff, kind="incomplete_notice", date=date(2026, 1, 15), missing_items=ITEMS
    )
    # Collocation Tue Feb 3 + 90: 25 days to Feb 28, 31 in Mar (56), 30 in Apr (86), 4 more -> Mon May 4: 64 days.
    running = make_application(
        actor=staff, applicant=att, reference="SC-RUNNING", category="collocation", submitted_on=date(2026, 2, 3)
    )
    # SWF collocation Jan 5 (deadline Fri Mar 6) approved Fri Feb 20: met, closed.
    met = make_application(actor=staff, applicant=att, reference="SC-MET")
    services.clock_event_record(
        application=met, actor=staff, kind="decision", date=date(2026, 2, 20), outcome="approved"
    )
    return {
        ATTENTION_MISSED: missed,
        ATTENTION_AT_RISK: at_risk,
        ATTENTION_TOLLED: tolled,
        ATTENTION_RUNNING: running,
        ATTENTION_CLOSED: met,
    }


def surfaces(client):
    """Missed and at-risk references as each surface shows them, on today's date."""
    home = client.get(reverse("staff:home")).context
    queue_url = reverse("permits:application-list")
    queue = client.get(queue_url).context["summary"]

    def queue_refs(kind):
        return sorted(a.reference for a in client.get(queue_url, {"clock": kind}).context["applications"])

    api = client.get("/api/v1/permit-applications/").json()
    api_rows = api["results"] if isinstance(api, dict) else api

    def api_refs(kind):
        return sorted(row["reference"] for row in api_rows if row["shot_clock"]["attention"] == kind)

    def api_filter_refs(kind):
        found = client.get("/api/v1/permit-applications/", {"attention": kind}).json()
        return sorted(row["reference"] for row in (found["results"] if isinstance(found, dict) else found))

    def deadline_refs(kind):
        rows = client.get(reverse("deadlines:list"), {"attention": kind}).context["deadlines"]
        return sorted(PermitApplication.objects.get(pk=row.source_id).reference for row in rows)

    return {
        "home counts": (home["missed_count"], home["at_risk_count"]),
        "home tables": (sorted(a.reference for a in home["missed"]), sorted(a.reference for a in home["at_risk"])),
        "queue cards": (queue[ATTENTION_MISSED], queue[ATTENTION_AT_RISK]),
        "queue filters": (queue_refs(ATTENTION_MISSED), queue_refs(ATTENTION_AT_RISK)),
        "api": (api_refs(ATTENTION_MISSED), api_refs(ATTENTION_AT_RISK)),
        "api filter": (api_filter_refs(ATTENTION_MISSED), api_filter_refs(ATTENTION_AT_RISK)),
        "deadline list": (deadline_refs(ATTENTION_MISSED), deadline_refs(ATTENTION_AT_RISK)),
    }


def assert_every_surface_agrees(client, missed, at_risk):
    shown = surfaces(client)
    counts = (len(missed), len(at_risk))
    assert shown["home counts"] == counts
    assert shown["queue cards"] == counts
    for name in ("home tables", "queue filters", "api", "api filter", "deadline list"):
        assert shown[name] == (sorted(missed), sorted(at_risk)), name


def test_every_surface_shows_the_same_missed_and_at_risk_clocks(five, staff_client):
    assert_every_surface_agrees(staff_client, ["SC-MISSED"], ["SC-AT-RISK"])


def test_the_stored_columns_the_database_filter_and_the_live_engine_agree_on_every_class(five):
    for kind, application in five.items():
        application.refresh_from_db()
        live = services.application_clock(application)
        assert application.attention(TODAY) == live.attention == kind, kind
        matched = PermitApplication.objects.filter(selectors.attention_filter(kind, TODAY))
        assert list(matched.values_list("reference", flat=True)) == [application.reference], kind


def test_a_clock_that_runs_out_overnight_is_missed_everywhere_before_any_recompute(five, staff, staff_client, frozen):
    # Seven days on, Sun Mar 8: SC-AT-RISK's deadline (Fri Mar 6) passed two days ago. Its stored state
    # still says "running" (nothing recomputed it), but every surface reads it as missed.
    frozen.move_to(date(2026, 3, 8).isoformat() + "T10:00:00-05:00")
    staff_client.force_login(staff)  # the session from a week ago has expired
    assert PermitApplication.objects.get(reference="SC-AT-RISK").clock_state == RUNNING
    assert_every_surface_agrees(staff_client, ["SC-AT-RISK", "SC-MISSED"], [])


def test_the_home_page_lists_missed_clocks_first_in_their_own_alert_and_table(five, staff_client):
    page = staff_client.get(reverse("staff:home")).content.decode()
    missed = page.index("Shot clocks missed — decide now (1)")
    assert 'class="usa-alert usa-alert--error"' in page
    assert missed < page.index('id="at-risk"')
    table = page[missed : page.index("</table>", missed)]
    # Deadline Fri Jan 30, 30 days before Sun Mar 1.
    assert "SC-MISSED" in table and "Crown Castle" in table and "Jan 30, 2026" in table and "30 days" in table
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table
    assert "SC-AT-RISK" not in table and "SC-TOLLED" not in table and "SC-MET" not in table


def test_the_queue_tags_a_missed_clock_in_words(five, staff_client):
    page = staff_client.get(reverse("permits:application-list")).content.decode()
    assert "Missed: decide now</span> <strong>Missed 30 days ago</strong>" in page
    assert "At risk</span> <strong>5 days left</strong>" in page


def test_the_deadline_list_tags_shot_clock_rows_by_the_same_rule(five, staff_client):
    page = staff_client.get(reverse("deadlines:list"), {"kind": Deadline.Kind.SHOT_CLOCK, "state": "open"})
    tags = {row.source_id: row.attention for row in page.context["deadlines"]}
    assert tags == {
        five[ATTENTION_MISSED].pk: ATTENTION_MISSED,
        five[ATTENTION_AT_RISK].pk: ATTENTION_AT_RISK,
        five[ATTENTION_RUNNING].pk: ATTENTION_RUNNING,
    }
    assert "Missed: decide now" in page.content.decode()


def test_the_deadline_list_refuses_an_unknown_attention_class_with_a_message(five, staff_client):
    page = staff_client.get(reverse("deadlines:list"), {"attention": "soon"})
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()


def test_the_api_refuses_an_unknown_attention_class_with_a_400_naming_the_field(five, staff_client):
    response = staff_client.get("/api/v1/permit-applications/", {"attention": "soon"})
    assert response.status_code == 400
    assert "attention" in response.json()


def test_a_reminder_digest_puts_missed_clocks_first_in_words(five):
    mail.outbox.clear()
    reminders.sweep()
    staff_mail = [message for message in mail.outbox if "staff@" in message.to[0]]
    assert staff_mail, [message.to for message in mail.outbox]
    body = staff_mail[0].body
    assert staff_mail[0].subject.startswith("1 shot clock MISSED, decide now")
    assert "(MISSED — decide now): Decide small-cell application SC-MISSED" in body
    assert "(at risk: 5 days left): Decide small-cell application SC-AT-RISK" in body
    assert body.index("SC-MISSED") < body.index("SC-AT-RISK")
    html = staff_mail[0].alternatives[0][0]
    assert html.index("SC-MISSED") < html.index("SC-AT-RISK")


def test_the_digest_wording_follows_the_rule_at_the_boundaries():
    due_today = Deadline(kind=Deadline.Kind.SHOT_CLOCK, state=Deadline.State.OPEN, due_date=TODAY)
    yesterday = Deadline(kind=Deadline.Kind.SHOT_CLOCK, state=Deadline.State.OPEN, due_date=TODAY - timedelta(1))
    tomorrow = Deadline(kind=Deadline.Kind.SHOT_CLOCK, state=Deadline.State.OPEN, due_date=TODAY + timedelta(1))
    filing = Deadline(kind=Deadline.Kind.FILING, state=Deadline.State.OPEN, due_date=TODAY - timedelta(1))
    assert reminders.digest_status(due_today, 0, TODAY) == "at risk: 0 days left"
    assert reminders.digest_status(tomorrow, 1, TODAY) == "at risk: 1 day left"
    assert reminders.digest_status(yesterday, -1, TODAY) == "MISSED — decide now"
    assert "MISSED" not in reminders.digest_status(filing, -1, TODAY)


def test_the_queue_cards_cost_the_same_queries_at_two_data_sizes(
    frozen, staff, staff_client, crown_castle, django_assert_max_num_queries
):
    url = reverse("permits:application-list")
    make_application(actor=staff, applicant=crown_castle, reference="SC-AT-RISK")
    with django_assert_max_num_queries(40) as small:
        staff_client.get(url)
    for n in range(24):
        # Deadlines from Feb 25 to Mar 10 (n % 12 - 4 days from Sun Mar 1): missed, at risk and running.
        PermitApplicationFactory(applicant=crown_castle, clock_deadline=TODAY + timedelta(days=n % 12 - 4))
    with django_assert_max_num_queries(len(small.captured_queries)):
        summary = staff_client.get(url).context["summary"]
    # n % 12 - 4 runs -4..7: 4 of 12 missed (-4..-1), 8 at risk (0..7); twice over, plus SC-AT-RISK.
    assert (summary[ATTENTION_MISSED], summary[ATTENTION_AT_RISK]) == (8, 17)


def test_every_class_has_a_label_and_a_queue_filter():
    choices = dict(ApplicationFilter.CLOCK_CHOICES)
    for kind in ATTENTION_CLASSES:
        assert kind in shotclock.ATTENTION_LABELS and kind in choices
