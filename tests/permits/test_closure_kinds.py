"""Stored shot clocks and City closure days of each kind. The `application`
fixture is an SWF collocation submitted Mon 2026-01-05: Jan 5 + 60: 26 days to
Jan 31, 28 in Feb (54), 6 more -> Fri 2026-03-06. A City legal holiday on Fri
Mar 6 moves it past the weekend to Mon Mar 9; an office closure (a snow
emergency) on Mar 6 never moves it (47 CFR 1.6003(e) with 47 CFR 1.4(e)(1) and
1.4(j))."""

from datetime import date

from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from businessdays import services as compliance_services
from businessdays.models import ClosureDay
from businessdays.selectors import business_calendar
from letters import kinds, sources
from permits import services as permits_services
from permits import signals
from permits.models import PermitApplication

FRI = date(2026, 3, 6)
LEGAL = ClosureDay.Kind.LEGAL_HOLIDAY
OFFICE = ClosureDay.Kind.OFFICE_CLOSURE


def deadline(application):
    return PermitApplication.objects.get(pk=application.pk).clock_deadline


def add(actor, kind, day=FRI):
    return compliance_services.closure_day_add(actor=actor, date=day, reason="Named by the Mayor", kind=kind)


def test_a_legal_holiday_moves_the_stored_deadline_and_an_office_closure_does_not(application, staff):
    closure = add(staff, OFFICE)
    assert deadline(application) == date(2026, 3, 6)
    compliance_services.closure_day_remove(actor=staff, closure=closure)
    add(staff, LEGAL)
    assert deadline(application) == date(2026, 3, 9)


def test_an_office_closure_recomputes_no_clock_and_a_legal_holiday_does(application, staff, monkeypatch):
    refreshed = []
    monkeypatch.setattr(
        permits_services, "application_clocks_refresh_around", lambda *, day, actor: refreshed.append(day)
    )
    closure = add(staff, OFFICE)
    closure.reason = "Snow emergency, extended"
    closure.save()
    compliance_services.closure_day_remove(actor=staff, closure=closure)
    assert refreshed == []
    closure = add(staff, LEGAL)
    compliance_services.closure_day_remove(actor=staff, closure=closure)
    assert refreshed == [FRI, FRI]


def test_changing_the_kind_of_a_saved_closure_day_moves_the_clock_and_back(application, staff):
    # permits.signals follows any save of a ClosureDay (the admin is read-only; this is a save in a data fix):
    # office -> legal holiday moves Mar 6 to Mon Mar 9; back restores Mar 6.
    closure = add(staff, OFFICE)
    closure.kind = LEGAL
    closure.save()
    assert deadline(application) == date(2026, 3, 9)
    closure.kind = OFFICE
    closure.save()
    assert deadline(application) == date(2026, 3, 6)


def test_moving_a_legal_holiday_onto_the_deadline_and_away(application, staff):
    closure = add(staff, LEGAL, day=date(2026, 3, 20))
    assert deadline(application) == date(2026, 3, 6)
    closure.date = FRI
    closure.save()
    assert deadline(application) == date(2026, 3, 9)
    closure.date = date(2026, 3, 20)
    closure.save()
    assert deadline(application) == date(2026, 3, 6)


def test_staff_add_an_office_closure_on_the_page_and_the_deadline_stays(application, staff_client):
    data = {"date": "2026-03-06", "kind": "office_closure", "reason": "Snow emergency"}
    assert staff_client.post(reverse("businessdays:closures"), data).status_code == 302
    assert deadline(application) == date(2026, 3, 6)


def test_the_page_and_the_api_compute_the_live_clock_without_office_closures(application, staff, staff_client):
    add(staff, OFFICE)
    page = staff_client.get(application.get_absolute_url()).content.decode()
    assert "deadline 2026-03-06 (Friday)" in page
    body = staff_client.get(f"/api/v1/permit-applications/{application.pk}/").json()
    assert body["shot_clock"]["deadline"] == "2026-03-06"


def test_letters_give_the_shot_clock_legal_holidays_only_and_cure_dates_both_kinds(application, staff):
    add(staff, OFFICE)
    calendar = business_calendar()
    # A tolling-agreement letter quotes the current shot-clock date: the snow emergency does not move it.
    values, _notes = sources.computed("tolling_agreement", application, {}, on=date(2026, 3, 1), calendar=calendar)
    assert values["current_deadline"] == "2026-03-06"
    # A cure notice of Sun Mar 1 with 5 days: Fri Mar 6 is an office closure -> Sat, Sun -> Mon Mar 9.
    assert kinds.after_issue("cure_notice", {"cure_days": 5}, date(2026, 3, 1), calendar) == {
        "cure_by": date(2026, 3, 9)
    }


def test_letters_move_the_shot_clock_date_for_a_legal_holiday(application, staff):
    add(staff, LEGAL)
    values, _notes = sources.computed(
        "tolling_agreement", application, {}, on=date(2026, 3, 1), calendar=business_calendar()
    )
    assert values["current_deadline"] == "2026-03-09"


def test_the_migrate_run_that_adds_kinds_recomputes_clocks_that_counted_an_old_closure_day(application, staff):
    # Before kinds, a snow emergency on Fri Mar 6 moved the stored deadline to Mon Mar 9; the migration makes the
    # day an office closure, and the migrate run brings the stored deadline back to Fri Mar 6.
    ClosureDay.objects.bulk_create([ClosureDay(date=FRI, reason="Snow emergency", created_by=staff)])
    PermitApplication.objects.filter(pk=application.pk).update(clock_deadline=date(2026, 3, 9))
    migration = MigrationLoader(connection).get_migration(*signals.KINDS_MIGRATION)
    signals.clocks_after_closure_kinds(sender=django_apps.get_app_config("compliance"), plan=[(migration, False)])
    assert deadline(application) == date(2026, 3, 9)  # only the permits app's signal does the work
    signals.clocks_after_closure_kinds(sender=django_apps.get_app_config("permits"), plan=[(migration, True)])
    assert deadline(application) == date(2026, 3, 9)  # unapplying the migration recomputes nothing
    signals.clocks_after_closure_kinds(sender=django_apps.get_app_config("permits"), plan=[(migration, False)])
    assert deadline(application) == date(2026, 3, 6)
