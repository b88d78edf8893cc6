"""The reminder-rule page edits the overdue cadence and the escalation role."""

from django.urls import reverse

from deadlines.models import ReminderRule


def edit(client, rule, **fields):
    data = {"offsets_text": "30, 14, 7, 1, 0", "overdue_every_days": "7", "notify_owner": "on", **fields}
    return client.post(reverse("deadlines:rule-edit", args=[rule.pk]), data)


def test_staff_set_the_daily_overdue_days_the_repeat_and_the_escalation_role(staff_client):
    rule = ReminderRule.objects.get(kind="filing")
    response = edit(staff_client, rule, overdue_daily_days="3", overdue_every_days="14", escalate_to="Legal")
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.overdue_daily_days, rule.overdue_every_days, rule.escalate_to) == (3, 14, "Legal")
    assert rule.history.first().escalate_to == "Legal"


def test_the_rule_page_shows_the_cadence(staff_client):
    page = staff_client.get(reverse("deadlines:rules")).content.decode()
    # Shot clocks (migration 0009): no longer "every 7 days" for ever, one repeat then the roll-up.
    assert "daily for 7 days, then once more 7 days later (also to Legal); then the Monday" in page
    assert "Still overdue" in page


def test_a_daily_period_over_sixty_days_is_refused_and_nothing_changes(staff_client):
    rule = ReminderRule.objects.get(kind="filing")
    page = edit(staff_client, rule, overdue_daily_days="90", escalate_to="Legal")
    assert page.status_code == 200
    assert "at most 60 days" in page.content.decode()
    rule.refresh_from_db()
    assert (rule.overdue_daily_days, rule.escalate_to) == (7, "Staff")


def test_an_unknown_escalation_role_is_refused(staff_client):
    rule = ReminderRule.objects.get(kind="filing")
    page = edit(staff_client, rule, overdue_daily_days="7", escalate_to="Provider")
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    rule.refresh_from_db()
    assert rule.escalate_to == "Staff"


def test_legal_and_auditors_cannot_edit_a_rule(legal_client, auditor_client, comcast_client):
    rule = ReminderRule.objects.get(kind="filing")
    for client in (legal_client, auditor_client, comcast_client):
        assert edit(client, rule, overdue_daily_days="1").status_code in (403, 404)
    rule.refresh_from_db()
    assert rule.overdue_daily_days == 7


def test_an_anonymous_visitor_is_sent_to_sign_in(db, client):
    rule = ReminderRule.objects.get(kind="filing")
    response = edit(client, rule, overdue_daily_days="1")
    assert response.status_code == 302
    assert reverse("auth:login") in response["Location"]
