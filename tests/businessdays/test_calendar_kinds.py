"""City closure days of two kinds: a legal holiday declared by the City or the
Commonwealth moves shot-clock dates and license due dates; an office closure
(a snow emergency) moves license due dates only, never a federal shot clock
(47 CFR 1.6003(e) with 47 CFR 1.4(e)(1) and 1.4(j)). Each expected date is
worked out by hand in its comment. Weekdays: 2026-01-05 Monday, 2026-03-06
Friday, 2026-05-15 Friday, 2027-01-30 Saturday, 2026-02-24 Tuesday."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.audit import system_user
from businessdays import services
from businessdays.calendar import BusinessCalendar
from businessdays.models import ClosureDay
from businessdays.selectors import business_calendar, shot_clock_calendar
from franchise import recurrence
from permits import shotclock

SNOW = "Snow emergency declared by the Mayor"
HOLIDAY = "Day of mourning declared by the Mayor"


def office(*days):
    return BusinessCalendar(closures=dict.fromkeys(days, SNOW))


def legal(*days):
    return BusinessCalendar(legal_holidays=dict.fromkeys(days, HOLIDAY))


# The shot clock always reads the calendar's shot-clock view (what every caller is given).
SHOT_CLOCK = [
    # (category, submitted, calendar, deadline, why)
    # Jan 5 + 60: 26 days to Jan 31, 28 in Feb (54), 6 more -> Fri Mar 6, a business day.
    (shotclock.SWF_COLLOCATION, date(2026, 1, 5), BusinessCalendar(), date(2026, 3, 6), "no closure: Fri Mar 6"),
    # Same Fri Mar 6, a snow emergency: an office closure is not a legal holiday -> still Fri Mar 6.
    (shotclock.SWF_COLLOCATION, date(2026, 1, 5), office(date(2026, 3, 6)), date(2026, 3, 6), "snow on the last day"),
    # Same Fri Mar 6, a City legal holiday -> Sat 7, Sun 8 -> Mon Mar 9.
    (shotclock.SWF_COLLOCATION, date(2026, 1, 5), legal(date(2026, 3, 6)), date(2026, 3, 9), "holiday on the last day"),
    # Legal holiday Fri Mar 6, then snow Mon Mar 9: Sat, Sun -> Mon Mar 9, the snow does not count -> Mon Mar 9.
    (
        shotclock.SWF_COLLOCATION,
        date(2026, 1, 5),
        BusinessCalendar(closures={date(2026, 3, 9): SNOW}, legal_holidays={date(2026, 3, 6): HOLIDAY}),
        date(2026, 3, 9),
        "holiday then snow after the weekend",
    ),
    # Dec 1 2026 + 60: 30 to Dec 31, 30 more -> Sat Jan 30 2027, Sun 31 -> Mon Feb 1; snow that Monday is ignored.
    (shotclock.SWF_COLLOCATION, date(2026, 12, 1), office(date(2027, 2, 1)), date(2027, 2, 1), "snow after a weekend"),
    # Same, but Mon Feb 1 is a City legal holiday -> Tue Feb 2.
    (
        shotclock.SWF_COLLOCATION,
        date(2026, 12, 1),
        legal(date(2027, 2, 1)),
        date(2027, 2, 2),
        "holiday after a weekend",
    ),
    # 6409(a): Dec 26 2025 + 60: 5 to Dec 31, Jan 31 (36), 24 more -> Tue Feb 24 2026; snow does not move it.
    (
        shotclock.ELIGIBLE_FACILITIES,
        date(2025, 12, 26),
        office(date(2026, 2, 24)),
        date(2026, 2, 24),
        "6409a snow on the last day",
    ),
    # Same, a City legal holiday on Tue Feb 24: a 6409(a) deadline is never moved (47 CFR 1.6100(c) has no
    # roll of its own; the earlier date wins), so it stays Tue Feb 24 and "act by" is Mon Feb 23.
    (
        shotclock.ELIGIBLE_FACILITIES,
        date(2025, 12, 26),
        legal(date(2026, 2, 24)),
        date(2026, 2, 24),
        "6409a holiday on the last day",
    ),
]


@pytest.mark.parametrize(
    ("category", "submitted", "calendar", "deadline", "why"), SHOT_CLOCK, ids=[row[-1] for row in SHOT_CLOCK]
)
def test_only_a_legal_holiday_moves_a_shot_clock_deadline(category, submitted, calendar, deadline, why):
    result = shotclock.compute(
        category=category, submitted_on=submitted, calendar=calendar.for_shot_clock(), as_of=submitted
    )
    assert result.deadline == deadline


def test_a_snow_emergency_on_the_last_day_is_not_named_in_the_shot_clock_explanation():
    result = shotclock.compute(
        category=shotclock.SWF_COLLOCATION,
        submitted_on=date(2026, 1, 5),
        calendar=office(date(2026, 3, 6)).for_shot_clock(),
        as_of=date(2026, 1, 6),
    )
    assert "deadline 2026-03-06 (Friday)" in result.explanation
    assert not any("Snow" in line for line in result.explanation)


# A license due date under the "next" rule: Q1 2026 ends Tue Mar 31; + 45 days: 30 to Apr 30, 15 more -> Fri May 15.
QUARTERLY_FEE = recurrence.Rule(
    recurrence=recurrence.QUARTERLY, due_rule=recurrence.DAYS_AFTER_PERIOD_END, offset_days=45, business_day="next"
)
LICENSE_DUE = [
    # (calendar, due, why)
    (BusinessCalendar(), date(2026, 5, 15), "no closure: Fri May 15"),
    # Snow on Fri May 15 -> Sat 16, Sun 17 -> Mon May 18.
    (office(date(2026, 5, 15)), date(2026, 5, 18), "an office closure moves it"),
    # A City legal holiday on Fri May 15 -> Sat 16, Sun 17 -> Mon May 18.
    (legal(date(2026, 5, 15)), date(2026, 5, 18), "a legal holiday moves it"),
    # Snow Fri May 15 and a legal holiday Mon May 18: Sat, Sun, Mon all closed -> Tue May 19.
    (
        BusinessCalendar(closures={date(2026, 5, 15): SNOW}, legal_holidays={date(2026, 5, 18): HOLIDAY}),
        date(2026, 5, 19),
        "both kinds in a row",
    ),
]


@pytest.mark.parametrize(("calendar", "due", "why"), LICENSE_DUE, ids=[row[-1] for row in LICENSE_DUE])
def test_both_kinds_move_a_license_due_date_under_the_next_rule(calendar, due, why):
    nominal = recurrence.nominal_due_date(
        QUARTERLY_FEE, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31), expiry=None
    )
    assert nominal == date(2026, 5, 15)
    assert recurrence.apply_business_day(QUARTERLY_FEE, nominal, calendar) == (due, due)


def test_the_reason_names_the_kind_and_the_shot_clock_view_drops_office_closures():
    calendar = BusinessCalendar(closures={date(2026, 3, 6): SNOW}, legal_holidays={date(2026, 3, 9): HOLIDAY})
    assert calendar.reason_closed(date(2026, 3, 6)) == f"City office closure: {SNOW}"
    assert calendar.reason_closed(date(2026, 3, 9)) == f"City legal holiday: {HOLIDAY}"
    clock = calendar.for_shot_clock()
    assert clock.reason_closed(date(2026, 3, 6)) is None
    assert clock.reason_closed(date(2026, 3, 9)) == f"City legal holiday: {HOLIDAY}"
    # Weekends and public holidays stay closed in both views: Mon Apr 20 2026 is Patriots' Day.
    assert "Patriots' Day" in clock.reason_closed(date(2026, 4, 20))
    # The shot-clock view of a shot-clock view is the same calendar.
    again = clock.for_shot_clock()
    assert (again.closures, again.legal_holidays) == ({}, {date(2026, 3, 9): HOLIDAY})


def test_the_selectors_load_each_kind_where_it_counts(db):
    actor = system_user()
    services.closure_day_add(actor=actor, date=date(2026, 3, 6), reason=SNOW, kind=ClosureDay.Kind.OFFICE_CLOSURE)
    services.closure_day_add(actor=actor, date=date(2026, 3, 9), reason=HOLIDAY, kind=ClosureDay.Kind.LEGAL_HOLIDAY)
    license_days = business_calendar()
    assert not license_days.is_business_day(date(2026, 3, 6))
    assert not license_days.is_business_day(date(2026, 3, 9))
    clock = shot_clock_calendar()
    assert clock.is_business_day(date(2026, 3, 6))
    assert not clock.is_business_day(date(2026, 3, 9))
    assert (clock.closures, clock.legal_holidays) == (
        license_days.for_shot_clock().closures,
        license_days.for_shot_clock().legal_holidays,
    )


def test_a_closure_day_saved_without_a_kind_is_an_office_closure(db):
    closure = services.closure_day_add(actor=system_user(), date=date(2026, 3, 6), reason=SNOW)
    assert closure.kind == ClosureDay.Kind.OFFICE_CLOSURE and not closure.moves_shot_clock
    assert closure.history.first().kind == ClosureDay.Kind.OFFICE_CLOSURE


def test_an_unknown_kind_is_refused_by_the_service_and_nothing_is_saved(db):
    with pytest.raises(ValidationError) as raised:
        services.closure_day_add(actor=system_user(), date=date(2026, 3, 6), reason=SNOW, kind="holiday")
    assert "kind" in raised.value.message_dict
    assert not ClosureDay.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_makes_every_existing_closure_day_an_office_closure():
    before, after = [("compliance", "0007_letter_list_indexes")], [("compliance", "0008_closureday_kind")]
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old_apps = executor.loader.project_state(before).apps
        user = old_apps.get_model("accounts", "User").objects.create(username="before-kinds")
        old_apps.get_model("compliance", "ClosureDay").objects.create(
            date=date(2026, 3, 6), reason=SNOW, created_by=user
        )
        old_apps.get_model("compliance", "HistoricalClosureDay").objects.create(
            id=1,
            date=date(2026, 3, 6),
            reason=SNOW,
            created_by=user,
            history_date="2026-03-01T10:00Z",
            history_type="+",
        )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        new_apps = executor.loader.project_state(after).apps
        assert new_apps.get_model("compliance", "ClosureDay").objects.get().kind == "office_closure"
        assert new_apps.get_model("compliance", "HistoricalClosureDay").objects.get().kind == "office_closure"
    finally:
        # Back to the latest state of every app, so later tests see every column.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


# The closure-day page ------------------------------------------------------------------


def post(client, **data):
    return client.post(reverse("businessdays:closures"), data)


@pytest.mark.parametrize(
    ("kind", "shown", "message"),
    [
        ("legal_holiday", "Legal holiday", "shot clocks and license due dates near it move"),
        ("office_closure", "Office closure", "license due dates move, shot clocks do not"),
    ],
)
def test_staff_add_each_kind_and_the_list_shows_it(staff_client, kind, shown, message):
    response = post(staff_client, date="2026-03-06", kind=kind, reason="Named by the Mayor")
    assert response.status_code == 302
    closure = ClosureDay.objects.get()
    assert closure.kind == kind and closure.created_by.username == "staff"
    page = staff_client.get(reverse("businessdays:closures")).content.decode()
    assert shown in page and message in page and "Named by the Mayor" in page


def test_the_page_says_which_kind_moves_what_and_offers_both_as_radio_buttons(staff_client):
    page = staff_client.get(reverse("businessdays:closures")).content.decode()
    assert "What each kind of closure day moves" in page
    assert page.count('type="radio" name="kind"') == 2
    assert ClosureDay.Kind.LEGAL_HOLIDAY.label in page and ClosureDay.Kind.OFFICE_CLOSURE.label in page
    assert "47 CFR 1.6003(e)" in page


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"date": "2026-03-06", "reason": "Snow"}, "Choose whether the day is a legal holiday or an office closure."),
        ({"date": "2026-03-06", "kind": "holiday", "reason": "Snow"}, "Choose one of the two kinds"),
        ({"kind": "office_closure", "reason": "Snow"}, "This field is required."),
        ({"date": "2026-02-30", "kind": "office_closure", "reason": "Snow"}, "Enter a valid date."),
        ({"date": "2026-03-06", "kind": "office_closure"}, "This field is required."),
    ],
)
def test_bad_input_on_the_page_shows_a_message_and_saves_nothing(staff_client, data, words):
    response = post(staff_client, **data)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not ClosureDay.objects.exists()


@pytest.mark.parametrize("remove", ["abc", "", "999999", "1.5"])
def test_removing_something_that_is_not_a_listed_day_answers_400_with_a_message(staff_client, staff, remove):
    services.closure_day_add(actor=staff, date=date(2026, 3, 6), reason=SNOW)
    response = post(staff_client, remove=remove)
    assert response.status_code == 400
    page = response.content.decode()
    assert "That closure day is not on the list" in page or "Choose a closure day to remove." in page
    assert ClosureDay.objects.count() == 1


def test_staff_remove_a_listed_day(staff_client, staff):
    closure = services.closure_day_add(actor=staff, date=date(2026, 3, 6), reason=SNOW)
    assert post(staff_client, remove=str(closure.pk)).status_code == 302
    assert not ClosureDay.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(db, client):
    response = client.get(reverse("businessdays:closures"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert post(client, date="2026-03-06", kind="legal_holiday", reason="x").status_code == 302
    assert not ClosureDay.objects.exists()


def test_auditor_and_legal_read_but_cannot_add_or_remove(auditor_client, legal_client, staff):
    closure = services.closure_day_add(actor=staff, date=date(2026, 3, 6), reason=SNOW)
    for client in (auditor_client, legal_client):
        page = client.get(reverse("businessdays:closures"))
        assert page.status_code == 200 and "Add a closure day" not in page.content.decode()
        assert post(client, date="2026-03-09", kind="legal_holiday", reason="x").status_code == 403
        assert post(client, remove=str(closure.pk)).status_code == 403
    assert list(ClosureDay.objects.values_list("date", flat=True)) == [date(2026, 3, 6)]


def test_provider_users_and_users_without_a_role_are_refused(comcast_client, verizon_client, outsider_client, staff):
    closure = services.closure_day_add(actor=staff, date=date(2026, 3, 6), reason=SNOW)
    for client in (comcast_client, verizon_client, outsider_client):
        assert client.get(reverse("businessdays:closures")).status_code in (403, 404)
        assert post(client, date="2026-03-09", kind="legal_holiday", reason="x").status_code in (403, 404)
        assert post(client, remove=str(closure.pk)).status_code in (403, 404)
    assert ClosureDay.objects.count() == 1
