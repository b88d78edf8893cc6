"""Deadline pages, the bell, rules and calendar feeds: who sees what."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from deadlines.models import Deadline, ReminderDelivery, ReminderRule
from tests.deadlines.factories import DeadlineFactory


@pytest.fixture
def deadlines(comcast, verizon, staff):
    today = timezone.localdate()
    return {
        "comcast_overdue": DeadlineFactory(
            provider=comcast, title="Comcast overdue report", owner=staff, due_date=today - timedelta(days=3)
        ),
        "comcast_week": DeadlineFactory(
            provider=comcast, title="Comcast fee payment", owner=staff, due_date=today + timedelta(days=5)
        ),
        "verizon_month": DeadlineFactory(
            provider=verizon, title="Verizon insurance certificate", owner=staff, due_date=today + timedelta(days=20)
        ),
        "internal": DeadlineFactory(
            provider=comcast,
            title="City ascertainment deadline",
            provider_facing=False,
            owner=staff,
            due_date=today + timedelta(days=6),
        ),
    }


def test_my_deadlines_groups_overdue_this_week_and_next_30_days(staff_client, deadlines):
    page = staff_client.get(reverse("deadlines:mine"))
    assert page.status_code == 200
    assert [d.title for d in page.context["overdue"]] == ["Comcast overdue report"]
    assert {d.title for d in page.context["this_week"]} == {"Comcast fee payment", "City ascertainment deadline"}
    assert [d.title for d in page.context["next_30"]] == ["Verizon insurance certificate"]


def test_the_deadline_list_filters_by_provider_and_exports(staff_client, deadlines, verizon):
    page = staff_client.get(reverse("deadlines:list"), {"provider": verizon.pk, "state": "open"})
    assert [d.title for d in page.context["deadlines"]] == ["Verizon insurance certificate"]
    export = staff_client.get(reverse("deadlines:list"), {"provider": verizon.pk, "export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    text = export.getvalue().decode()
    assert "Verizon insurance certificate" in text
    assert "Comcast" not in text


def test_the_deadline_list_costs_a_fixed_number_of_queries(staff_client, comcast, django_assert_max_num_queries):
    DeadlineFactory.create_batch(5, provider=comcast)
    with django_assert_max_num_queries(12):
        staff_client.get(reverse("deadlines:list"))
    DeadlineFactory.create_batch(60, provider=comcast)
    with django_assert_max_num_queries(12):
        staff_client.get(reverse("deadlines:list"))


def test_provider_users_see_only_their_own_provider_facing_deadlines(comcast_client, deadlines):
    page = comcast_client.get(reverse("portal:deadlines"))
    html = page.content.decode()
    assert "Comcast overdue report" in html
    assert "Verizon" not in html
    assert "City ascertainment deadline" not in html  # the City's duty, not theirs


@pytest.mark.parametrize("name", ["deadlines:list", "deadlines:mine", "deadlines:rules"])
def test_provider_users_cannot_open_staff_deadline_pages(comcast_client, name):
    assert comcast_client.get(reverse(name)).status_code == 403


def test_auditors_cannot_waive_or_edit_rules(auditor_client, deadlines):
    deadline = deadlines["comcast_week"]
    assert auditor_client.post(reverse("deadlines:waive", args=[deadline.pk]), {"reason": "x"}).status_code == 403
    rule = ReminderRule.objects.get(kind="filing")
    assert auditor_client.post(reverse("deadlines:rule-edit", args=[rule.pk]), {"offsets_text": "1"}).status_code == 403
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.OPEN


def test_staff_waive_a_deadline_with_a_reason_and_its_reminders_stop(staff_client, deadlines):
    deadline = deadlines["comcast_week"]
    response = staff_client.post(reverse("deadlines:waive", args=[deadline.pk]), {"reason": "Extension granted"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.WAIVED
    assert deadline.next_reminder_on is None
    assert deadline.history.first().history_change_reason == "Waived: Extension granted"


def test_a_rule_with_bad_offsets_is_refused_and_nothing_changes(staff_client):
    rule = ReminderRule.objects.get(kind="filing")
    page = staff_client.post(
        reverse("deadlines:rule-edit", args=[rule.pk]),
        {"offsets_text": "thirty, 7", "overdue_every_days": "7", "notify_owner": "on"},
    )
    assert page.status_code == 200
    assert "whole numbers" in page.content.decode()
    rule.refresh_from_db()
    assert rule.offsets == [30, 14, 7, 1, 0]


def test_staff_edit_a_rule(staff_client):
    rule = ReminderRule.objects.get(kind="filing")
    staff_client.post(
        reverse("deadlines:rule-edit", args=[rule.pk]),
        {"offsets_text": "21, 3, 0", "overdue_every_days": "14", "notify_owner": "on", "notify_provider": "on"},
    )
    rule.refresh_from_db()
    assert rule.offsets == [21, 3, 0]
    assert rule.overdue_every_days == 14


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_user_feed_parses_and_holds_only_the_owners_deadlines(staff, deadlines, legal):
    calendar = parse(Client().get(reverse("deadlines:calendar-feed", args=[staff.calendar_token])))
    events = calendar.walk("VEVENT")
    assert {str(e["summary"]) for e in events} == {f"Due: {d.provider.name}: {d.title}" for d in deadlines.values()}
    assert all(e.decoded("dtstart") in {d.due_date for d in deadlines.values()} for e in events)
    # Legal owns none of them and no filing rule notifies Legal.
    assert parse(Client().get(reverse("deadlines:calendar-feed", args=[legal.calendar_token]))).walk("VEVENT") == []


def test_the_provider_feed_holds_only_that_providers_deadlines(comcast, deadlines):
    events = parse(Client().get(reverse("deadlines:provider-calendar-feed", args=[comcast.calendar_token]))).walk(
        "VEVENT"
    )
    assert sorted(str(e["summary"]) for e in events) == [
        "Due: Comcast Cable Communications: Comcast fee payment",
        "Due: Comcast Cable Communications: Comcast overdue report",
    ]
    assert all("/" in str(e["url"]) for e in events)


def test_a_reset_token_kills_the_old_feed_url(staff, staff_client):
    old = staff.calendar_token
    staff_client.post(reverse("deadlines:calendar-token-reset"))
    assert Client().get(reverse("deadlines:calendar-feed", args=[old])).status_code == 404
    staff.refresh_from_db()
    assert Client().get(reverse("deadlines:calendar-feed", args=[staff.calendar_token])).status_code == 200


def test_only_provider_admins_reset_the_provider_feed(verizon_client, comcast_client, comcast):
    old = comcast.calendar_token
    comcast_client.post(reverse("portal:calendar-reset"))  # comcast_user is a provider admin
    comcast.refresh_from_db()
    assert comcast.calendar_token != old
    assert verizon_client.post(reverse("portal:calendar-reset")).status_code == 403  # not an admin


def test_a_token_reset_leaves_a_history_row_naming_who_reset_it(staff, staff_client):
    from accounts.models import User

    staff_client.post(reverse("deadlines:calendar-token-reset"))
    record = User.history.filter(id=staff.pk).order_by("-history_date", "-history_id").first()
    assert record.history_user == staff
    assert record.history_change_reason == "Calendar link reset"
    staff.refresh_from_db()
    page = staff_client.get(reverse("staff:history", args=["accounts", "user", staff.pk]))
    assert page.status_code == 200
    assert staff.calendar_token not in page.content.decode()


def test_a_provider_token_reset_leaves_a_history_row_naming_the_provider_admin(
    comcast_user, comcast_client, comcast, staff_client
):
    from accounts.models import Provider

    comcast_client.post(reverse("portal:calendar-reset"))
    record = Provider.history.filter(id=comcast.pk).order_by("-history_date", "-history_id").first()
    assert record.history_user == comcast_user
    assert record.history_change_reason == "Calendar link reset"
    comcast.refresh_from_db()
    page = staff_client.get(reverse("staff:history", args=["accounts", "provider", comcast.pk]))
    assert page.status_code == 200
    assert comcast.calendar_token not in page.content.decode()


def test_a_wrong_token_is_not_found(db):
    assert Client().get(reverse("deadlines:calendar-feed", args=["nope"])).status_code == 404
    assert Client().get(reverse("deadlines:provider-calendar-feed", args=["nope"])).status_code == 404


def test_the_bell_counts_unread_reminders_and_marks_them_read(staff, staff_client, deadlines):
    ReminderDelivery.objects.create(
        deadline=deadlines["comcast_week"], offset=7, recipient_email=staff.email, recipient_user=staff
    )
    page = staff_client.get(reverse("deadlines:notifications"))
    assert page.context["unread_reminders"] == 1
    assert "Comcast fee payment" in page.content.decode()
    staff_client.post(reverse("deadlines:notifications-read"))
    assert staff_client.get(reverse("deadlines:notifications")).context["unread_reminders"] == 0


def test_only_the_recipient_marks_their_reminders_read(staff, legal, deadlines):
    from django.core.exceptions import PermissionDenied

    from deadlines import services

    ReminderDelivery.objects.create(
        deadline=deadlines["comcast_week"], offset=7, recipient_email=staff.email, recipient_user=staff
    )
    with pytest.raises(PermissionDenied):
        services.notifications_mark_read(actor=legal, user=staff)
    assert ReminderDelivery.objects.filter(recipient_user=staff, read_at__isnull=True).count() == 1
    assert services.notifications_mark_read(actor=staff, user=staff) == 1
    assert services.notifications_mark_read(actor=staff, user=staff) == 0


def test_the_sweep_schedule_is_created_by_command_hourly_on_the_hour(db):
    from django.core.management import call_command
    from django_q.models import Schedule

    call_command("setup_schedules")
    call_command("setup_schedules")  # idempotent
    schedule = Schedule.objects.get(name="Deadline reminder sweep")
    assert schedule.func == "deadlines.reminders.scheduled_sweep"
    assert schedule.schedule_type == Schedule.HOURLY
    assert schedule.next_run.minute == 0
    assert timezone.now() < schedule.next_run <= timezone.now() + timedelta(hours=1)
    # Idempotent: each schedule exists once, however often the command runs.
    assert Schedule.objects.filter(name="Deadline reminder sweep").count() == 1
    assert Schedule.objects.count() == len(set(Schedule.objects.values_list("name", flat=True)))


def test_setup_schedules_turns_the_old_daily_sweep_hourly(db):
    from django.core.management import call_command
    from django_q.models import Schedule

    Schedule.objects.create(
        name="Deadline reminder sweep",
        func="deadlines.reminders.scheduled_sweep",
        schedule_type=Schedule.DAILY,
        next_run=timezone.now() + timedelta(hours=20),
    )
    call_command("setup_schedules")
    schedule = Schedule.objects.get(name="Deadline reminder sweep")
    assert schedule.schedule_type == Schedule.HOURLY
    assert schedule.next_run <= timezone.now() + timedelta(hours=1)


def test_q_cluster_retry_is_longer_than_the_task_timeout(settings):
    assert settings.Q_CLUSTER["retry"] > settings.Q_CLUSTER["timeout"]


def test_send_reminders_command_runs_the_sweep(deadlines, staff):
    from io import StringIO

    from django.core.management import call_command

    Deadline.objects.update(next_reminder_on=date(2020, 1, 1))
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminders planned" in out.getvalue()
    assert ReminderDelivery.objects.filter(recipient_email=staff.email).exists()


def test_portal_deadlines_link_to_portal_pages_not_staff_pages(comcast_client, deadlines):
    from django.contrib.contenttypes.models import ContentType

    from franchise.models import Filing

    deadline = deadlines["comcast_week"]
    deadline.source_type = ContentType.objects.get_for_model(Filing)
    deadline.source_id = 999
    deadline.save()
    html = comcast_client.get(reverse("portal:deadlines")).content.decode()
    assert reverse("portal:filing-detail", args=[999]) in html
    assert "/providers/" not in html


def test_the_history_of_a_rule_shows_its_list_of_offsets(staff_client):
    rule = ReminderRule.objects.get(kind="filing")
    staff_client.post(
        reverse("deadlines:rule-edit", args=[rule.pk]),
        {"offsets_text": "21, 3, 0", "overdue_every_days": "14", "notify_owner": "on"},
    )
    page = staff_client.get(reverse("staff:history", args=["deadlines", "reminderrule", rule.pk]))
    assert page.status_code == 200
    assert "21, 3, 0" in page.content.decode()
