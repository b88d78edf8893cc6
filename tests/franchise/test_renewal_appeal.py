"""The operator's appeal period after a final renewal decision (47 U.S.C.
555(a), counted by FRCP 6(a)(1)): the rule by hand, then the license page that
takes the date the operator received notice. Time is frozen at 2026-07-01."""

from datetime import date as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from businessdays.calendar import BusinessCalendar
from deadlines.models import Deadline
from franchise import renewal, services
from franchise.models import License

CAL = BusinessCalendar()

APPEAL = [
    # (notice received, period ends, why)
    # Sat Jan 15 excluded; Jan 31 is day 16, Feb 29 (leap) 45, Mar 31 76, Apr 30 106, May 14 120: a Sunday -> Mon May 15
    (D(2028, 1, 15), D(2028, 5, 15), "the 120th day is a Sunday: the period runs to Monday"),
    # Jan 1 excluded; Jan 31 is day 30, Feb 28 58, Mar 31 89, Apr 30 119, May 1 120: a Friday, no roll
    (D(2026, 1, 1), D(2026, 5, 1), "the 120th day is a Friday: it is the last day"),
    # May 7 excluded; May 31 is day 24, Jun 30 54, Jul 31 85, Aug 31 116, Sep 4 120: Saturday; Sun 5; Mon 6 Labor Day
    (D(2027, 5, 7), D(2027, 9, 7), "a Saturday before Labor Day: the period runs to Tuesday"),
    # Jan 31 excluded; Feb 28 is day 28, Mar 31 59, Apr 30 89, May 31 120: Memorial Day 2027 (last Monday of May)
    (D(2027, 1, 31), D(2027, 6, 1), "the 120th day is Memorial Day: the period runs to Tuesday"),
    # Dec 20 excluded; Dec 31 is day 11, Jan 31 42, Feb 28 70, Mar 31 101, Apr 19 120: Patriots' Day (Mass.)
    (D(2026, 12, 20), D(2027, 4, 20), "the 120th day is Patriots' Day, a Massachusetts legal holiday"),
    # Jun 6 excluded; Jun 30 is day 24, Jul 31 55, Aug 31 86, Sep 30 116, Oct 4 120: a Sunday -> Mon Oct 5
    (D(2026, 6, 6), D(2026, 10, 5), "received on a Saturday: that day is not counted, the roll is on the end"),
]


@pytest.mark.parametrize(("received", "expected", "why"), APPEAL, ids=[a[-1] for a in APPEAL])
def test_appeal_period_runs_120_days_from_receipt_to_a_business_day(received, expected, why):
    assert renewal.appeal_period_end(received, CAL) == expected


def test_a_city_closure_on_the_120th_day_moves_it_only_when_the_calendar_holds_it():
    # Jan 1 2026 + 120 = Fri May 1 2026. A calendar that counts a closure that day rolls it to Mon May 4;
    # the license page passes the public-holiday calendar (FRCP 6(a)(6): legal holidays, not City closures).
    snow = BusinessCalendar({D(2026, 5, 1): "Snow emergency"})
    assert renewal.appeal_period_end(D(2026, 1, 1), snow) == D(2026, 5, 4)


def test_calendar_line_for_the_appeal_names_the_120th_day_and_the_roll():
    items = renewal.renewal_calendar(
        expiry=D(2030, 10, 7),
        decision_date=D(2028, 1, 10),
        decision=renewal.DENIED,
        decision_received_date=D(2028, 1, 15),
        calendar=CAL,
    )
    appeal = next(i for i in items if i.key == "appeal_until")
    assert appeal == renewal.RenewalDate(
        "appeal_until",
        "Operator's appeal period ends (120 days after notice of the final decision)",
        D(2028, 5, 15),
        "47 U.S.C. 555(a); 546(e); FRCP 6(a)(1)",
        "Notice received 2028-01-15; the 120th day is Sun 2028-05-14, not a business day, "
        "so the period runs to Mon 2028-05-15.",
    )


def test_calendar_line_for_an_appeal_ending_on_a_business_day_has_no_roll_note():
    # Jan 1 2026 + 120 = Fri May 1 2026.
    items = renewal.renewal_calendar(
        expiry=D(2030, 10, 7),
        decision_date=D(2025, 12, 30),
        decision=renewal.GRANTED,
        decision_received_date=D(2026, 1, 1),
        calendar=CAL,
    )
    appeal = next(i for i in items if i.key == "appeal_until")
    assert (appeal.date, appeal.note) == (D(2026, 5, 1), "Notice received 2026-01-01; the 120th day is Fri 2026-05-01.")


def test_a_received_date_without_a_calendar_is_refused():
    with pytest.raises(ValueError, match="BusinessCalendar"):
        renewal.renewal_calendar(
            expiry=D(2030, 10, 7),
            decision_date=D(2028, 1, 10),
            decision=renewal.DENIED,
            decision_received_date=D(2028, 1, 15),
        )


# The license page -------------------------------------------------------------


def _renewal_url(license_):
    return reverse("franchise:license-renewal", args=[license_.pk])


DECIDED = {"final_decision": "granted", "final_decision_date": "2026-06-01"}


def test_the_license_page_shows_the_appeal_deadline_from_the_received_date(staff_client, license_):
    response = staff_client.post(
        _renewal_url(license_), {**DECIDED, "final_decision_received_date": "2026-06-06"}, follow=True
    )
    page = response.content.decode()
    license_.refresh_from_db()
    assert license_.final_decision_received_date == D(2026, 6, 6)
    # Sat Jun 6 excluded; Oct 4 is day 120, a Sunday -> Mon Oct 5 2026
    assert '<time datetime="2026-10-05">Mon, Oct 5, 2026</time>' in page
    assert "47 U.S.C. 555(a); 546(e); FRCP 6(a)(1)" in page
    assert "notice received by the operator Sat, Jun 6, 2026" in page


def test_the_appeal_deadline_joins_the_deadline_list(staff, license_):
    services.license_record_renewal(
        license=license_,
        actor=staff,
        final_decision="granted",
        final_decision_date=D(2026, 6, 1),
        final_decision_received_date=D(2026, 6, 6),
    )
    row = Deadline.objects.get(source_id=license_.pk, source_key="renewal:appeal_until")
    assert row.due_date == D(2026, 10, 5)  # as above: Sun Oct 4 -> Mon Oct 5
    assert row.citation == "47 U.S.C. 555(a); 546(e); FRCP 6(a)(1)"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {**DECIDED, "final_decision_received_date": "2026-05-31"},
            "cannot receive notice of the final decision (2026-05-31) before the decision was made (2026-06-01)",
        ),
        ({**DECIDED, "final_decision_received_date": "2026-07-02"}, "cannot be in the future"),
        (
            {"final_decision": "", "final_decision_date": "", "final_decision_received_date": "2026-06-06"},
            "Log the final decision and its date before",
        ),
    ],
    ids=["received before the decision", "received in the future", "received with no decision"],
)
def test_a_bad_received_date_saves_nothing(staff_client, license_, fields, message):
    response = staff_client.post(_renewal_url(license_), fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    license_.refresh_from_db()
    assert license_.final_decision_received_date is None
    assert license_.final_decision == ""


def test_a_received_date_in_the_future_is_refused_by_the_service_too(staff, license_):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.license_record_renewal(
            license=license_,
            actor=staff,
            final_decision="granted",
            final_decision_date=D(2026, 6, 1),
            final_decision_received_date=D(2026, 7, 2),
        )
    assert License.objects.get(pk=license_.pk).final_decision_received_date is None


@pytest.mark.parametrize("who", ["auditor_client", "legal_client", "comcast_client", "verizon_client"])
def test_only_staff_can_log_the_received_date(request, license_, who):
    client = request.getfixturevalue(who)
    response = client.post(_renewal_url(license_), {**DECIDED, "final_decision_received_date": "2026-06-06"})
    assert response.status_code == 403
    assert License.objects.get(pk=license_.pk).final_decision_received_date is None


def test_anonymous_users_are_sent_to_sign_in_from_the_renewal_page(client, license_):
    response = client.post(_renewal_url(license_), {**DECIDED, "final_decision_received_date": "2026-06-06"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert License.objects.get(pk=license_.pk).final_decision_received_date is None
