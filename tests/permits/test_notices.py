"""Notices that cannot mislead, further notices limited to the first notice's items
(47 CFR 1.6003(d)(3)(i); 1.6100(c)(3)(iii)), and tolling agreements by days or
by the agreed last day: the service, the pages and the API.

Time is frozen on Sunday 2026-03-01; the SWF collocation `application` was
submitted Monday 2026-01-05 (Jan 5 + 60 -> Friday 2026-03-06)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from permits import services
from permits.models import ClockEvent, PermitApplication
from tests.permits.factories import make_application

ITEMS = [
    {"item": "Structural analysis of the pole", "rule": "Small-cell application requirements s.3.2"},
    {"item": "RF emissions report", "rule": "Small-cell application requirements s.4.1"},
]
FURTHER_RULE = "47 CFR 1.6003(d)(3)(i)"


def record(application, actor, kind, day, **fields):
    return services.clock_event_record(application=application, actor=actor, kind=kind, date=day, **fields)


def refreshed(application):
    return PermitApplication.objects.get(pk=application.pk)


def notice_url(application):
    return reverse("permits:event-notice", args=[application.pk])


def first_notice_data(day, *, rows=(), **extra):
    data = {"date": day, "items-TOTAL_FORMS": str(len(rows) or 1), "items-INITIAL_FORMS": "0", **extra}
    for number, (item, rule) in enumerate(rows or [("", "")]):
        data[f"items-{number}-item"] = item
        data[f"items-{number}-rule"] = rule
    return data


@pytest.fixture
def batch(frozen, staff, crown_castle):
    """An SWF collocation and a non-SWF collocation, submitted Mon 2026-01-05: outside 47 CFR 1.6003(c)(2)."""
    return make_application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2026-0002",
        sites=[
            {"address": "1 Main St", "category": "swf_collocation"},
            {"address": "2 Elm St", "category": "collocation"},
        ],
    )


@pytest.fixture
def resubmitted(application, staff):
    """A day-7 notice naming two items (reset), answered on Tue 2026-01-20."""
    record(application, staff, "incomplete_notice", date(2026, 1, 12), missing_items=ITEMS)
    record(application, staff, "resubmitted", date(2026, 1, 20))
    return refreshed(application)


# ---- the service -----------------------------------------------------------------------------------------------


def test_a_no_effect_notice_is_refused_without_confirmation_and_nothing_is_saved(application, staff):
    with pytest.raises(ValidationError) as raised:
        record(application, staff, "incomplete_notice", date(2026, 1, 20), missing_items=ITEMS)
    message = raised.value.message_dict["confirm_no_effect"][0]
    # Day 15 of 60: Jan 20 -> Mar 6 is 11 + 28 + 6 = 45 days.
    assert message.startswith("Day 15 of 60: this notice neither resets nor tolls the clock; 45 days remain")
    assert "the deadline stays 2026-03-06" in message and "record it anyway" in message
    assert not ClockEvent.objects.exists()


def test_a_confirmed_no_effect_notice_is_recorded_but_never_makes_the_status_incomplete(application, staff):
    record(application, staff, "incomplete_notice", date(2026, 1, 20), missing_items=ITEMS, confirm_no_effect=True)
    application = refreshed(application)
    assert application.status == PermitApplication.Status.RECEIVED
    assert application.clock_state == "running" and application.clock_deadline == date(2026, 3, 6)


def test_a_timely_notice_makes_the_status_incomplete(application, staff):
    record(application, staff, "incomplete_notice", date(2026, 1, 12), missing_items=ITEMS)
    assert refreshed(application).status == PermitApplication.Status.INCOMPLETE


def test_the_worked_batch_example_keeps_the_swf_sites_date_and_the_status(batch, staff):
    # Notice day 15 tolls only the collocation: for the batch it has no effect, so it needs confirmation and the
    # status stays Received. Resubmitted day 30: the SWF site's Mar 6 governs (the collocation's is Apr 21).
    with pytest.raises(ValidationError) as raised:
        record(batch, staff, "incomplete_notice", date(2026, 1, 20), missing_items=ITEMS)
    assert "does not stop the batch's clock" in raised.value.message_dict["confirm_no_effect"][0]
    record(batch, staff, "incomplete_notice", date(2026, 1, 20), missing_items=ITEMS, confirm_no_effect=True)
    assert refreshed(batch).status == PermitApplication.Status.RECEIVED
    record(batch, staff, "resubmitted", date(2026, 2, 4))
    batch = refreshed(batch)
    assert batch.clock_deadline == date(2026, 3, 6)
    clock = services.application_clock(batch)
    assert clock.governing_site == "site 1 (1 Main St)"
    assert [site.deadline for site in clock.site_deadlines] == [date(2026, 3, 6), date(2026, 4, 21)]


def test_a_further_notice_may_name_only_the_first_notices_items(resubmitted, staff):
    new = [{"item": "Landscaping plan", "rule": "Small-cell application requirements s.9"}]
    with pytest.raises(ValidationError) as raised:
        record(resubmitted, staff, "incomplete_notice", date(2026, 1, 25), missing_items=[ITEMS[0], *new])
    message = raised.value.message_dict["missing_items"][0]
    assert FURTHER_RULE in message and "Landscaping plan" in message
    assert ClockEvent.objects.filter(kind="incomplete_notice").count() == 1
    # Five days after the resubmission, naming an item of the first notice: tolls again.
    record(resubmitted, staff, "incomplete_notice", date(2026, 1, 25), missing_items=ITEMS[1:])
    assert refreshed(resubmitted).clock_state == "tolled"


def test_a_tolling_agreement_by_its_agreed_last_day_stores_the_days(application, staff):
    # Last day Fri Mar 6; agreed last day Fri Mar 20: 14 days.
    event = record(application, staff, "tolling_agreement", date(2026, 2, 20), ends_on=date(2026, 3, 20))
    assert event.days == 14
    assert refreshed(application).clock_deadline == date(2026, 3, 20)


def test_an_agreed_last_day_counts_from_the_last_day_before_the_business_day_roll(frozen, staff, crown_castle):
    # Tue Jan 6 + 60 = Sat Mar 7 (deadline Mon Mar 9). Agreed last day Fri Mar 13: 6 days from Mar 7, not 4.
    application = make_application(actor=staff, applicant=crown_castle, submitted_on=date(2026, 1, 6))
    event = record(application, staff, "tolling_agreement", date(2026, 2, 20), ends_on=date(2026, 3, 13))
    assert event.days == 6 and refreshed(application).clock_deadline == date(2026, 3, 13)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"ends_on": date(2026, 3, 6)}, "must be after the current last day, Fri, Mar 6, 2026"),
        ({"ends_on": date(2026, 3, 1)}, "must be after the current last day, Fri, Mar 6, 2026"),
        ({"ends_on": date(2026, 3, 20), "days": 5}, "not both"),
    ],
)
def test_a_bad_agreed_last_day_is_refused_and_nothing_is_saved(application, staff, fields, words):
    with pytest.raises(ValidationError) as raised:
        record(application, staff, "tolling_agreement", date(2026, 2, 20), **fields)
    assert words in raised.value.message_dict["ends_on"][0]
    assert not ClockEvent.objects.exists()


def test_an_agreed_last_day_is_refused_while_the_clock_is_tolled(application, staff):
    record(application, staff, "incomplete_notice", date(2026, 1, 12), missing_items=ITEMS)
    with pytest.raises(ValidationError) as raised:
        record(application, staff, "tolling_agreement", date(2026, 2, 20), ends_on=date(2026, 4, 1))
    assert "give the number of days instead" in raised.value.message_dict["ends_on"][0]
    assert ClockEvent.objects.count() == 1


# ---- the notice page ---------------------------------------------------------------------------------------------


def test_the_notice_form_shows_the_effect_of_a_notice_sent_today(application, staff_client):
    # Sun Mar 1 is day 55 of 60; Mar 1 -> Mar 6 is 5 days.
    page = staff_client.get(notice_url(application)).content.decode()
    assert "Day 55 of 60: this notice neither resets nor tolls the clock; 5 days remain" in page
    assert "Record it anyway: I understand this notice does not stop the clock" in page
    assert "Check the effect" in page and 'hx-target="#notice-effect"' in page


def test_checking_the_effect_rerenders_the_form_and_saves_nothing(application, staff_client):
    data = first_notice_data("2026-01-12", rows=[("Plans", "s.3")], check="1")
    page = staff_client.post(notice_url(application), data)
    assert page.status_code == 200
    assert "Day 7 of 60: this notice resets the clock" in page.content.decode()
    assert not ClockEvent.objects.exists()


def test_a_late_notice_needs_the_confirmation_on_the_page(application, staff_client):
    data = first_notice_data("2026-01-20", rows=[("Plans", "s.3")])
    page = staff_client.post(notice_url(application), data)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'id="id_confirm_no_effect_error"' in content and "neither resets nor tolls" in content
    assert not ClockEvent.objects.exists()
    response = staff_client.post(notice_url(application), {**data, "confirm_no_effect": "on"}, follow=True)
    assert "Recorded. This notice has no effect on the clock; the deadline stays Fri, Mar 6, 2026." in (
        response.content.decode()
    )
    assert refreshed(application).status == PermitApplication.Status.RECEIVED


def test_a_timely_notice_says_what_it_did(application, staff_client, frozen, staff, crown_castle):
    response = staff_client.post(
        notice_url(application), first_notice_data("2026-01-12", rows=[("Plans", "s.3")]), follow=True
    )
    assert "Recorded. The notice resets the clock: a full new 60-day period starts" in response.content.decode()
    other = make_application(actor=staff, applicant=crown_castle, reference="SC-2026-0003", category="collocation")
    response = staff_client.post(
        notice_url(other), first_notice_data("2026-01-25", rows=[("Plans", "s.3")]), follow=True
    )
    # Collocation Jan 5 + 90 = Apr 5; Jan 25 -> Apr 5 is 70 days.
    assert (
        "Recorded. The notice tolls the clock from Mon, Jan 26, 2026 until the applicant resubmits; 70 days will remain"
        in response.content.decode()
    )


def test_a_further_notice_offers_only_the_first_notices_items(resubmitted, staff_client):
    page = staff_client.get(notice_url(resubmitted)).content.decode()
    assert "Structural analysis of the pole (required by Small-cell application requirements s.3.2)" in page
    assert 'type="checkbox" name="items" value="RF emissions report"' in page
    assert "items-TOTAL_FORMS" not in page and FURTHER_RULE in page
    response = staff_client.post(
        notice_url(resubmitted), {"date": "2026-01-25", "items": ["RF emissions report"]}, follow=True
    )
    assert "Recorded. The notice tolls the clock" in response.content.decode()
    saved = ClockEvent.objects.filter(kind="incomplete_notice").order_by("id").last()
    assert [(m.item, m.rule) for m in saved.missing_items.all()] == [
        ("RF emissions report", "Small-cell application requirements s.4.1")
    ]


@pytest.mark.parametrize(
    "extra",
    [
        {"items": ["Landscaping plan"]},
        {"items": ["RF emissions report"], "items-0-item": "Landscaping plan", "items-0-rule": "s.9"},
    ],
    ids=["an item not in the first notice", "a typed-in new item"],
)
def test_a_further_notice_naming_a_new_item_is_refused_on_the_page(resubmitted, staff_client, extra):
    page = staff_client.post(notice_url(resubmitted), {"date": "2026-01-25", **extra})
    assert page.status_code == 200
    content = page.content.decode()
    assert "Landscaping plan" in content and "may only name items the first notice named" in content
    assert FURTHER_RULE in content
    assert ClockEvent.objects.filter(kind="incomplete_notice").count() == 1


def test_the_detail_page_names_the_site_that_sets_a_batch_deadline(batch, staff_client):
    page = staff_client.get(batch.get_absolute_url()).content.decode()
    assert "set by site 1 (1 Main St)" in page and 'id="site-clocks"' in page and "2026-04-06" in page


def test_a_6409a_request_shows_its_act_by_date(frozen, staff, crown_castle, staff_client):
    # Tue Jan 6 + 60 = Sat Mar 7, not moved; act by Fri Mar 6.
    request = make_application(
        actor=staff, applicant=crown_castle, category="eligible_facilities", submitted_on=date(2026, 1, 6)
    )
    assert request.clock_deadline == date(2026, 3, 7)
    page = staff_client.get(request.get_absolute_url()).content.decode()
    assert "Act by" in page and "Fri, Mar 6, 2026" in page


def test_notice_checks_are_for_staff_only(application, legal_client, auditor_client, crown_castle_user, login_as):
    data = first_notice_data("2026-01-12", rows=[("Plans", "s.3")], check="1")
    assert Client().post(notice_url(application), data).status_code == 302
    for client in (legal_client, auditor_client, login_as(crown_castle_user)):
        assert client.post(notice_url(application), data).status_code == 403
    assert not ClockEvent.objects.exists()


# ---- the tolling agreement page ----------------------------------------------------------------------------------


def test_a_tolling_agreement_by_agreed_last_day_through_the_page(application, staff_client):
    url = reverse("permits:event-tolling-agreement", args=[application.pk])
    response = staff_client.post(url, {"date": "2026-02-20", "ends_on": "2026-03-20"}, follow=True)
    assert "The deadline is now Fri, Mar 20, 2026" in response.content.decode()
    assert ClockEvent.objects.get().days == 14


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"date": "2026-02-20"}, "Give the number of days the agreement adds, or the agreed last day"),
        ({"date": "2026-02-20", "days": "5", "ends_on": "2026-03-20"}, "not both"),
        ({"date": "2026-02-20", "ends_on": "2026-03-05"}, "must be after the current last day, Fri, Mar 6, 2026"),
    ],
)
def test_a_bad_tolling_agreement_is_refused_on_the_page(application, staff_client, data, words):
    page = staff_client.post(reverse("permits:event-tolling-agreement", args=[application.pk]), data)
    assert page.status_code == 200 and words in page.content.decode()
    assert not ClockEvent.objects.exists()


# ---- the API -----------------------------------------------------------------------------------------------------


def test_the_api_refuses_a_no_effect_notice_without_confirmation(application, staff_client):
    url = f"/api/v1/permit-applications/{application.pk}/events/"
    data = {"kind": "incomplete_notice", "date": "2026-01-20", "missing_items": ITEMS}
    response = staff_client.post(url, data, content_type="application/json")
    assert response.status_code == 400 and "confirm_no_effect" in response.json()
    assert not ClockEvent.objects.exists()
    response = staff_client.post(url, {**data, "confirm_no_effect": True}, content_type="application/json")
    assert response.status_code == 201


def test_the_api_takes_an_agreed_last_day(application, staff_client):
    url = f"/api/v1/permit-applications/{application.pk}/events/"
    data = {"kind": "tolling_agreement", "date": "2026-02-20", "ends_on": "2026-03-20"}
    response = staff_client.post(url, data, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert ClockEvent.objects.get().days == 14


def test_the_live_preview_answers_an_htmx_request_with_the_effect_and_saves_nothing(application, staff_client):
    data = first_notice_data("2026-01-12", check="1")
    page = staff_client.post(notice_url(application), data, HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    assert 'id="notice-effect"' in page.content.decode() and "resets the clock" in page.content.decode()
    assert "<html" not in page.content.decode() and "Record the notice" not in page.content.decode()
    assert not ClockEvent.objects.exists()


def test_the_check_button_without_htmx_answers_with_the_whole_form(application, staff_client):
    data = first_notice_data("2026-01-12", check="1")
    page = staff_client.post(notice_url(application), data).content.decode()
    assert "<html" in page and "Record the notice" in page
    assert 'id="notice-effect"' in page and "resets the clock" in page
    assert not ClockEvent.objects.exists()
