"""The month calendar of deadlines: the City's page (deadlines:calendar) and the portal's
(portal:deadline-calendar). Time is frozen at Wed 2026-12-02."""

from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from businessdays import services as closure_services
from businessdays.calendar import BusinessCalendar
from deadlines.models import Deadline
from deadlines.views_calendar import month_weeks, parse_month
from tests.deadlines.factories import DeadlineFactory

D = date
TODAY = D(2026, 12, 2)
CALENDAR = reverse("deadlines:calendar")
PORTAL_CALENDAR = reverse("portal:deadline-calendar")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2026-12-02 10:00:00-05:00", tick=False):
        yield TODAY


def _day(response, day):
    return next(cell for week in response.context["weeks"] for cell in week if cell.date == day)


def test_december_2026_is_five_weeks_from_sunday_nov_29_to_saturday_jan_2():
    # Dec 1, 2026 is a Tuesday: the first week starts on Sun Nov 29 (Nov 29, Nov 30, then Dec 1 to Sat Dec 5).
    # 31 days: Dec 6-12, 13-19, 20-26, then Sun Dec 27 to Thu Dec 31 and Fri Jan 1, Sat Jan 2.
    weeks = month_weeks(D(2026, 12, 1), [], TODAY, BusinessCalendar())
    assert len(weeks) == 5 and all(len(week) == 7 for week in weeks)
    assert [cell.date for cell in weeks[0]][:3] == [D(2026, 11, 29), D(2026, 11, 30), D(2026, 12, 1)]
    assert (weeks[0][0].in_month, weeks[0][2].in_month) == (False, True)
    assert weeks[4][4].date == D(2026, 12, 31) and weeks[4][4].date.weekday() == 3  # a Thursday
    assert [cell.in_month for cell in weeks[4]] == [True] * 5 + [False, False]
    assert sum(cell.in_month for week in weeks for cell in week) == 31
    assert [cell.is_today for cell in weeks[0]] == [False, False, False, True, False, False, False]
    # Saturdays and Sundays are marked; Fri Dec 25 is Christmas Day, a federal holiday (the holidays package).
    assert [cell.is_weekend for cell in weeks[1]] == [True, False, False, False, False, False, True]
    assert weeks[3][5].date == D(2026, 12, 25) and "Christmas" in weeks[3][5].closed


@pytest.mark.parametrize(
    ("value", "expected", "refused"),
    [
        ("2026-12", D(2026, 12, 1), False),
        ("", D(2026, 12, 1), False),
        ("2027-02", D(2027, 2, 1), False),
        ("2026-13", D(2026, 12, 1), True),
        ("2026-00", D(2026, 12, 1), True),
        ("December", D(2026, 12, 1), True),
        ("0001-01", D(2026, 12, 1), True),  # its previous month would be before year 1
        ("9999-12", D(2026, 12, 1), True),  # its next month would be after year 9999
        ("2026-1", D(2026, 12, 1), True),
    ],
)
def test_a_month_parameter_is_read_or_refused_for_the_current_month(value, expected, refused):
    first, problem = parse_month(value, TODAY)
    assert first == expected and bool(problem) == refused


def test_deadlines_appear_on_their_day_with_links_and_the_month_is_a_captioned_table(staff_client, comcast):
    mid = DeadlineFactory(provider=comcast, title="Comcast Q3 fee report", due_date=D(2026, 12, 15))
    last = DeadlineFactory(provider=comcast, title="Insurance certificate", due_date=D(2026, 12, 31))
    DeadlineFactory(provider=comcast, title="Next year's report", due_date=D(2027, 1, 1))
    response = staff_client.get(CALENDAR, {"month": "2026-12"})
    assert response.status_code == 200
    assert [d.title for d in _day(response, D(2026, 12, 15)).deadlines] == [mid.title]
    assert [d.title for d in _day(response, D(2026, 12, 31)).deadlines] == [last.title]
    # Jan 1 is shown as the last week's padding, without its deadline.
    assert _day(response, D(2027, 1, 1)).deadlines == []
    page = response.content.decode()
    assert "<caption>December 2026</caption>" in page
    assert '<th scope="col"><abbr title="Sunday">Sun</abbr></th>' in page
    assert f'href="{mid.get_absolute_url()}"' in page
    assert 'aria-current="date" data-date="2026-12-02"' in page
    assert "Next year&#x27;s report" not in page
    assert '?month=2026-11"' in page and '?month=2027-01"' in page
    assert "Subscribe in your calendar" in page and f"/calendar/{response.wsgi_request.user.calendar_token}.ics" in page


def test_a_city_closure_day_is_marked(staff_client, staff):
    closure_services.closure_day_add(actor=staff, date=D(2026, 12, 14), reason="Snow emergency")
    response = staff_client.get(CALENDAR)
    assert _day(response, D(2026, 12, 14)).closed == "City office closure: Snow emergency"
    assert "City office closure: Snow emergency" in response.content.decode()


def test_the_calendar_keeps_the_deadline_lists_filters(staff_client, comcast, verizon):
    DeadlineFactory(provider=comcast, title="Comcast report", due_date=D(2026, 12, 10))
    DeadlineFactory(provider=verizon, title="Verizon report", due_date=D(2026, 12, 10))
    DeadlineFactory(provider=verizon, title="Verizon done", due_date=D(2026, 12, 11), state=Deadline.State.SATISFIED)
    # No filter: open deadlines, as on the list.
    default = staff_client.get(CALENDAR)
    assert default.context["deadline_count"] == 2
    response = staff_client.get(CALENDAR, {"month": "2026-12", "provider": verizon.pk, "state": ""})
    assert sorted(d.title for w in response.context["weeks"] for c in w for d in c.deadlines) == [
        "Verizon done",
        "Verizon report",
    ]
    page = response.content.decode()
    assert 'name="month" value="2026-12"' in page and f"?month=2026-11&amp;provider={verizon.pk}" in page


def test_a_bad_month_shows_this_month_with_a_message_never_an_error(staff_client):
    for value in ("2026-13", "<script>", "99999-01", "2026-12-01"):
        response = staff_client.get(CALENDAR, {"month": value})
        assert response.status_code == 200
        assert response.context["first"] == D(2026, 12, 1)
        assert any("is not a month" in str(m) for m in get_messages(response.wsgi_request))


def test_a_bad_filter_value_shows_an_empty_month_not_an_error(staff_client, comcast):
    DeadlineFactory(provider=comcast, due_date=D(2026, 12, 10))
    response = staff_client.get(CALENDAR, {"provider": "nope"})
    assert response.status_code == 200 and response.context["deadline_count"] == 0


def test_the_calendar_costs_the_same_queries_whatever_the_number_of_deadlines(
    staff_client, comcast, django_assert_max_num_queries
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(CALENDAR, {"month": "2026-12"}).status_code == 200
        return len(captured)

    DeadlineFactory.create_batch(3, provider=comcast, due_date=D(2026, 12, 9))
    small = count()
    for day in range(1, 32):
        DeadlineFactory.create_batch(3, provider=comcast, due_date=D(2026, 12, day))
    assert count() == small
    with django_assert_max_num_queries(12):
        staff_client.get(CALENDAR, {"month": "2026-12"})


# Who may see it ----------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(client):
    for url in (CALENDAR, PORTAL_CALENDAR):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_city_roles_read_the_city_calendar_and_providers_cannot(legal_client, auditor_client, comcast_client):
    assert legal_client.get(CALENDAR).status_code == 200
    assert auditor_client.get(CALENDAR).status_code == 200
    assert comcast_client.get(CALENDAR).status_code == 403


def test_the_portal_calendar_is_for_provider_users_only(staff_client):
    assert staff_client.get(PORTAL_CALENDAR).status_code == 404


def test_a_provider_sees_only_its_own_provider_facing_deadlines(comcast_client, verizon_client, comcast, verizon):
    DeadlineFactory(provider=comcast, title="Comcast fee report", due_date=D(2026, 12, 15))
    DeadlineFactory(provider=comcast, title="City ascertainment", provider_facing=False, due_date=D(2026, 12, 15))
    DeadlineFactory(provider=verizon, title="Verizon insurance", due_date=D(2026, 12, 15))
    comcast_page = comcast_client.get(PORTAL_CALENDAR, {"month": "2026-12"})
    assert [d.title for d in _day(comcast_page, D(2026, 12, 15)).deadlines] == ["Comcast fee report"]
    html = comcast_page.content.decode()
    assert "Verizon insurance" not in html and "City ascertainment" not in html
    assert "Subscribe in your calendar" in html
    verizon_page = verizon_client.get(PORTAL_CALENDAR, {"month": "2026-12"})
    assert [d.title for d in _day(verizon_page, D(2026, 12, 15)).deadlines] == ["Verizon insurance"]


def test_the_portal_calendar_costs_the_same_queries_whatever_the_number_of_deadlines(
    comcast_client, comcast, django_assert_max_num_queries
):
    DeadlineFactory.create_batch(2, provider=comcast, due_date=D(2026, 12, 9))
    with django_assert_max_num_queries(10):
        comcast_client.get(PORTAL_CALENDAR)
    DeadlineFactory.create_batch(60, provider=comcast, due_date=D(2026, 12, 19))
    with django_assert_max_num_queries(10):
        comcast_client.get(PORTAL_CALENDAR)
