"""Waiving many deadlines at once: deadlines.services.deadline_waive_many and the list's "Waive" action
(tick rows, confirm with a reason, all or none)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deadlines import services
from deadlines.models import Deadline, ReminderDelivery
from tests.deadlines.factories import DeadlineFactory

BULK = reverse("deadlines:bulk-waive")


@pytest.fixture
def open_three(comcast, staff):
    today = timezone.localdate()
    return [
        DeadlineFactory(provider=comcast, title=f"Comcast report {n}", owner=staff, due_date=today + timedelta(days=n))
        for n in (1, 2, 3)
    ]


def states(rows):
    return [Deadline.objects.get(pk=row.pk).state for row in rows]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# The service -----------------------------------------------------------------------------


def test_waiving_many_waives_each_cancels_its_reminders_and_records_who_and_why(open_three, staff):
    ReminderDelivery.objects.create(deadline=open_three[0], offset=1, recipient_email="staff@example.test")
    assert services.deadline_waive_many(deadlines=open_three, actor=staff, reason="Franchise transferred") == 3
    assert states(open_three) == ["waived"] * 3
    assert ReminderDelivery.objects.get().status == ReminderDelivery.Status.CANCELLED
    latest = open_three[1].history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "Waived: Franchise transferred")


def test_one_deadline_that_is_not_open_refuses_the_whole_batch_and_names_it(open_three, staff):
    done = open_three[1]
    done.state = Deadline.State.SATISFIED
    done.save()
    with pytest.raises(ValidationError) as refused:
        services.deadline_waive_many(deadlines=open_three, actor=staff, reason="Transferred")
    assert refused.value.messages == [
        "Nothing was waived: only open deadlines can be waived, and 1 of the 3 chosen is not: "
        "Comcast report 2 is already satisfied."
    ]
    assert states(open_three) == ["open", "satisfied", "open"]


def test_a_blank_reason_is_refused_and_nothing_is_waived(open_three, staff):
    with pytest.raises(ValidationError) as refused:
        services.deadline_waive_many(deadlines=open_three, actor=staff, reason="   ")
    assert refused.value.message_dict == {
        "reason": ["Give the reason for waiving: it is kept in the deadline's history."]
    }
    assert states(open_three) == ["open"] * 3


def test_more_than_the_limit_is_refused(staff):
    with pytest.raises(ValidationError) as refused:
        services.deadline_waive_many(deadlines=[Deadline(pk=n) for n in range(1, 502)], actor=staff, reason="x")
    assert refused.value.messages == ["501 deadlines were chosen; waive at most 500 at a time."]


def test_the_single_waive_refuses_a_deadline_already_waived(open_three, staff):
    services.deadline_waive(deadline=open_three[0], actor=staff, reason="Exempt")
    with pytest.raises(ValidationError, match="already waived"):
        services.deadline_waive(deadline=open_three[0], actor=staff, reason="Again")


# The pages ----------------------------------------------------------------------------


def test_staff_see_row_checkboxes_and_the_waive_button_on_the_list(staff_client, open_three):
    html = staff_client.get(reverse("deadlines:list")).content.decode()
    assert html.count('name="ids"') == 3 and 'form="bulk-deadlines"' in html
    assert 'formaction="/deadlines/waive/"' in html and "Draft a letter" not in html
    assert "js/bulk-select.js" in html and "data-select-all" in html


def test_legal_see_checkboxes_to_draft_letters_but_cannot_waive(legal_client, open_three):
    html = legal_client.get(reverse("deadlines:list")).content.decode()
    assert html.count('name="ids"') == 3 and "Draft a letter" in html and "Waive…" not in html


def test_auditors_see_no_checkboxes_and_no_bulk_controls(auditor_client, open_three):
    html = auditor_client.get(reverse("deadlines:list")).content.decode()
    assert 'name="ids"' not in html and "bulk-deadlines" not in html and "bulk-select.js" not in html


def test_the_confirmation_counts_the_rows_and_asks_for_the_reason_before_anything_is_waived(staff_client, open_three):
    response = staff_client.post(BULK, {"ids": [d.pk for d in open_three[:2]], "next": "/deadlines/?kind=filing"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Waive 2 deadlines?" in html and "Comcast report 1" in html and "Comcast report 3" not in html
    assert 'name="reason"' in html and 'value="/deadlines/?kind=filing"' in html
    assert states(open_three) == ["open"] * 3


def test_confirming_with_a_reason_waives_them_and_says_so(staff_client, open_three):
    ids = [d.pk for d in open_three[:2]]
    response = staff_client.post(
        BULK, {"ids": ids, "step": "confirm", "reason": "Provider exempt", "next": "/deadlines/?kind=filing"}
    )
    assert response.status_code == 302 and response["Location"] == "/deadlines/?kind=filing"
    assert messages_of(response) == ["Waived 2 deadlines. Their reminders stop; the reason is kept."]
    assert states(open_three) == ["waived", "waived", "open"]


def test_confirming_without_a_reason_shows_the_error_and_waives_nothing(staff_client, open_three):
    response = staff_client.post(BULK, {"ids": [d.pk for d in open_three], "step": "confirm", "reason": ""})
    assert response.status_code == 200
    assert "Give the reason for waiving" in response.content.decode()
    assert states(open_three) == ["open"] * 3


def test_confirming_a_batch_with_a_closed_deadline_names_it_and_waives_nothing(staff_client, open_three):
    open_three[2].state = Deadline.State.WAIVED
    open_three[2].save()
    response = staff_client.post(BULK, {"ids": [d.pk for d in open_three], "step": "confirm", "reason": "Exempt"})
    assert response.status_code == 200
    assert "Comcast report 3 is already waived" in response.content.decode()
    assert states(open_three) == ["open", "open", "waived"]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([], "Choose at least one deadline: tick the rows to act on."),
        (["999999"], "There is no deadline 999999 (it may have been removed). Nothing was changed."),
        (["abc"], "“abc” is not a deadline on the list. Nothing was changed."),
        (["1e3"], "“1e3” is not a deadline on the list. Nothing was changed."),
        (
            ["99999999999999999999"],
            "There is no deadline 99999999999999999999 (it may have been removed). Nothing was changed.",
        ),
        ([str(n) for n in range(1, 502)], "501 deadlines were chosen; act on at most 500 at a time."),
    ],
)
@pytest.mark.parametrize("step", ["", "confirm"])
def test_a_bad_selection_is_refused_plainly_and_nothing_is_waived(staff_client, open_three, ids, message, step):
    response = staff_client.post(BULK, {"ids": [*ids], "step": step, "reason": "Exempt"})
    assert response.status_code == 302 and response["Location"] == reverse("deadlines:list")
    assert messages_of(response) == [message]
    assert states(open_three) == ["open"] * 3


def test_a_known_id_among_unknown_ones_is_not_waived_either(staff_client, open_three):
    staff_client.post(BULK, {"ids": [open_three[0].pk, 999999], "step": "confirm", "reason": "Exempt"})
    assert states(open_three) == ["open"] * 3


def test_next_pointing_off_the_site_goes_back_to_the_list(staff_client, open_three):
    response = staff_client.post(
        BULK, {"ids": [open_three[0].pk], "step": "confirm", "reason": "x", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("deadlines:list")


def test_anonymous_users_legal_auditors_and_providers_cannot_waive_in_bulk(
    legal_client, auditor_client, comcast_client, open_three
):
    data = {"ids": [d.pk for d in open_three], "step": "confirm", "reason": "Exempt"}
    response = Client().post(BULK, data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    for client in (legal_client, auditor_client, comcast_client):
        assert client.post(BULK, data).status_code == 403
    assert states(open_three) == ["open"] * 3


def test_csrf_is_checked_on_the_bulk_waive(staff, open_three):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(BULK, {"ids": [open_three[0].pk], "step": "confirm", "reason": "Exempt"})
    assert response.status_code == 403
    assert states(open_three) == ["open"] * 3


def test_the_list_with_checkboxes_costs_the_same_queries_at_two_sizes(
    staff_client, comcast, django_assert_max_num_queries
):
    counts = []
    for total in (5, 120):
        DeadlineFactory.create_batch(total, provider=comcast)
        with django_assert_max_num_queries(12) as captured:
            html = staff_client.get(reverse("deadlines:list")).content.decode()
        counts.append(len(captured))
    assert html.count('name="ids"') == 50
    assert counts[0] == counts[1]
