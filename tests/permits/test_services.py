"""Writes for small-cell permits: the rules hold, bad input saves nothing, the
stored clock and the deadline list follow every change, history names the actor."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from businessdays import services as compliance_services
from businessdays.models import ClosureDay
from deadlines.models import Deadline
from permits import services
from permits.models import ClockEvent, FeeSchedule, MissingItem, Permit, PermitApplication
from tests.factories import ProviderFactory
from tests.permits.factories import make_application

ITEMS = [{"item": "Structural analysis of the pole", "rule": "Small-cell application requirements s.3.2"}]


def record(application, actor, kind, day, **fields):
    return services.clock_event_record(application=application, actor=actor, kind=kind, date=day, **fields)


def refreshed(application):
    return PermitApplication.objects.get(pk=application.pk)


def shot_clock_deadline(application):
    return Deadline.objects.get(source_id=application.pk, source_key="shot_clock", kind=Deadline.Kind.SHOT_CLOCK)


def test_a_new_application_stores_its_clock_and_names_the_actor(application, staff):
    # Mon 2026-01-05 + 60 = Fri 2026-03-06; as of Sun 2026-03-01, running.
    assert application.clock_deadline == date(2026, 3, 6)
    assert application.clock_state == "running"
    assert application.clock_days == 60
    assert application.status == PermitApplication.Status.RECEIVED
    assert application.history.first().history_user == staff
    assert application.sites.count() == 1


def test_a_batch_takes_the_batch_period(frozen, staff, crown_castle):
    # SWF collocations with an SWF new structure: 90 days; Jan 5 + 90 = Sun Apr 5 -> Mon Apr 6.
    batch = make_application(
        actor=staff,
        applicant=crown_castle,
        sites=[
            {"address": "1 Tremont St", "category": "swf_collocation"},
            {"address": "2 Tremont St", "category": "swf_collocation"},
            {"address": "3 Tremont St", "category": "swf_new_structure"},
        ],
    )
    assert batch.sites.count() == 3
    assert batch.clock_days == 90
    assert batch.clock_deadline == date(2026, 4, 6)


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"category": "macro"}, "category", "Unknown category"),
        ({"sites": [{"address": ""}]}, "sites", "the address is required"),
        ({"sites": [{"address": "1 Main St", "category": "tower"}]}, "sites", "Unknown site category"),
        ({"sites": [{"address": "1 Main St", "category": "new_structure"}]}, "category", "at least one of its sites"),
        ({"submitted_on": date(2026, 3, 2)}, "submitted_on", "cannot be in the future"),
    ],
)
def test_bad_applications_are_refused_naming_the_field_and_nothing_is_saved(
    frozen, staff, crown_castle, fields, field, words
):
    with pytest.raises(ValidationError) as raised:
        make_application(actor=staff, applicant=crown_castle, **fields)
    assert words in " ".join(raised.value.message_dict[field])
    assert not PermitApplication.objects.exists()


def test_a_cable_only_operator_cannot_apply(frozen, staff, comcast):
    with pytest.raises(ValidationError) as raised:
        make_application(actor=staff, applicant=comcast)
    assert "wireless" in raised.value.message_dict["applicant"][0]


def test_a_timely_swf_notice_resets_and_tolls_the_stored_clock(application, staff):
    event = record(application, staff, "incomplete_notice", date(2026, 1, 12), missing_items=ITEMS)
    application = refreshed(application)
    assert application.status == PermitApplication.Status.INCOMPLETE
    assert application.clock_state == "tolled"
    assert application.clock_deadline is None
    assert application.clock_paused_days_left == 60
    assert [(m.item, m.rule) for m in event.missing_items.all()] == [(ITEMS[0]["item"], ITEMS[0]["rule"])]
    # Resubmitted Mon Feb 2: a new 60 days -> Fri Apr 3.
    record(application, staff, "resubmitted", date(2026, 2, 2))
    application = refreshed(application)
    assert application.status == PermitApplication.Status.UNDER_REVIEW
    assert application.clock_state == "running"
    assert application.clock_deadline == date(2026, 4, 3)


@pytest.mark.parametrize(
    ("kind", "day", "fields", "field", "words"),
    [
        ("incomplete_notice", date(2026, 1, 12), {}, "missing_items", "must list each missing item"),
        (
            "incomplete_notice",
            date(2026, 1, 12),
            {"missing_items": [{"item": "Plans", "rule": ""}]},
            "missing_items",
            "published rule",
        ),
        ("resubmitted", date(2026, 1, 20), {}, "kind", "no open incompleteness notice"),
        (
            "incomplete_notice",
            date(2026, 1, 4),
            {"missing_items": ITEMS},
            "date",
            "before the application was submitted",
        ),
        ("resubmitted", date(2026, 3, 2), {}, "date", "cannot be in the future"),
        ("decision", date(2026, 2, 20), {"outcome": "denied"}, "reasons", "332(c)(7)(B)(iii)"),
        ("decision", date(2026, 2, 20), {"outcome": "denied", "reasons": "   "}, "reasons", "in writing"),
        ("decision", date(2026, 2, 20), {}, "outcome", "approved or denied"),
        ("tolling_agreement", date(2026, 2, 20), {}, "days", "how many days"),
        ("resubmitted", date(2026, 2, 20), {"days": 5}, "days", "only for a tolling agreement"),
        ("deemed_granted_notice", date(2026, 2, 20), {}, "kind", "Only an eligible facilities request"),
        ("phone_call", date(2026, 2, 20), {}, "kind", "Unknown event kind"),
    ],
)
def test_bad_events_are_refused_naming_the_field_and_nothing_is_saved(
    application, staff, kind, day, fields, field, words
):
    before = application.history.count()
    with pytest.raises(ValidationError) as raised:
        record(application, staff, kind, day, **fields)
    assert words in " ".join(raised.value.message_dict[field])
    assert not ClockEvent.objects.exists()
    assert not MissingItem.objects.exists()
    assert refreshed(application).status == PermitApplication.Status.RECEIVED
    assert application.history.count() == before


def test_a_decision_on_a_withdrawn_application_is_refused(application, staff):
    record(application, staff, "withdrawn", date(2026, 2, 1))
    with pytest.raises(ValidationError) as raised:
        record(application, staff, "decision", date(2026, 2, 5), outcome="approved")
    assert "withdrawn on 2026-02-01" in raised.value.message_dict["kind"][0]
    assert ClockEvent.objects.count() == 1
    assert refreshed(application).status == PermitApplication.Status.WITHDRAWN


def test_a_denial_with_written_reasons_is_recorded_with_its_date(application, staff):
    record(application, staff, "decision", date(2026, 2, 27), outcome="denied", reasons="Blocks the sidewalk.")
    application = refreshed(application)
    assert application.status == PermitApplication.Status.DENIED
    assert application.decision_date == date(2026, 2, 27)
    assert application.clock_state == "met"
    event = application.events.get()
    assert event.reasons == "Blocks the sidewalk." and event.recorded_by.username == "staff"
    assert event.history.first().history_user.username == "staff"


def test_a_tolling_agreement_extends_the_stored_deadline(application, staff):
    # Fri Mar 6 + 30 = Sun Apr 5 -> Mon Apr 6.
    record(application, staff, "tolling_agreement", date(2026, 2, 20), days=30)
    assert refreshed(application).clock_deadline == date(2026, 4, 6)


def test_the_status_follows_the_events_in_date_order(application, staff):
    record(application, staff, "incomplete_notice", date(2026, 1, 8), missing_items=ITEMS)
    record(application, staff, "resubmitted", date(2026, 1, 20))
    # A tolling agreement recorded later but dated before the resubmission leaves the status "under review".
    record(application, staff, "tolling_agreement", date(2026, 1, 15), days=5)
    assert refreshed(application).status == PermitApplication.Status.UNDER_REVIEW


def test_changing_a_site_category_recomputes_the_batch_period(application, staff):
    services.site_add(application=application, actor=staff, address="9 Beacon St", category="swf_new_structure")
    # Now a mixed SWF batch: 90 days, Jan 5 -> Mon Apr 6.
    application = refreshed(application)
    assert application.clock_days == 90 and application.clock_deadline == date(2026, 4, 6)
    site = application.sites.get(address="9 Beacon St")
    services.site_update(site=site, actor=staff, category="swf_collocation")
    assert refreshed(application).clock_deadline == date(2026, 3, 6)


def test_the_last_site_of_the_application_category_cannot_change_away(application, staff):
    site = application.sites.get()
    with pytest.raises(ValidationError) as raised:
        services.site_update(site=site, actor=staff, category="collocation")
    assert "category" in raised.value.message_dict


def test_a_city_legal_holiday_moves_the_stored_deadline_and_back(application, staff):
    # Fri Mar 6 becomes a City legal holiday: Sat, Sun -> Mon Mar 9. Removing it restores Mar 6.
    closure = compliance_services.closure_day_add(
        actor=staff, date=date(2026, 3, 6), reason="Day of mourning", kind=ClosureDay.Kind.LEGAL_HOLIDAY
    )
    application = refreshed(application)
    assert application.clock_deadline == date(2026, 3, 9)
    assert application.history.first().history_user == staff
    compliance_services.closure_day_remove(actor=staff, closure=closure)
    assert refreshed(application).clock_deadline == date(2026, 3, 6)


def test_the_shot_clock_is_on_the_deadline_list_and_follows_the_clock(application, staff):
    deadline = shot_clock_deadline(application)
    assert deadline.state == Deadline.State.OPEN and deadline.due_date == date(2026, 3, 6)
    assert deadline.provider == application.applicant
    record(application, staff, "incomplete_notice", date(2026, 1, 12), missing_items=ITEMS)
    assert shot_clock_deadline(application).state == Deadline.State.WAIVED  # tolled: nothing due until resubmission
    record(application, staff, "resubmitted", date(2026, 2, 2))
    deadline = shot_clock_deadline(application)
    assert deadline.state == Deadline.State.OPEN and deadline.due_date == date(2026, 4, 3)
    record(application, staff, "decision", date(2026, 2, 27), outcome="approved")
    assert shot_clock_deadline(application).state == Deadline.State.SATISFIED


def test_a_missed_eligible_facilities_request_can_be_deemed_granted(frozen, staff, crown_castle):
    # Submitted Thu 2025-12-18 + 60 = Mon 2026-02-16 Presidents' Day: a 6409(a) date is never moved (47 CFR
    # 1.6100(c)), so the deadline is Feb 16 and a notice on Tue Feb 17 already comes after it; missed by Mar 1.
    request = make_application(
        actor=staff, applicant=crown_castle, category="eligible_facilities", submitted_on=date(2025, 12, 18)
    )
    assert request.clock_deadline == date(2026, 2, 16)
    with pytest.raises(ValidationError):
        record(request, staff, "deemed_granted_notice", date(2026, 2, 16))
    record(request, staff, "deemed_granted_notice", date(2026, 2, 17))
    request = refreshed(request)
    assert request.status == PermitApplication.Status.DEEMED_GRANTED
    assert shot_clock_deadline(request).state == Deadline.State.WAIVED


@pytest.fixture
def approved(application, staff):
    record(application, staff, "decision", date(2026, 2, 27), outcome="approved")
    return refreshed(application)


def issue(application, staff, **overrides):
    fields = {
        "number": "SCP-1",
        "issued_on": date(2026, 2, 28),
        "build_by": date(2027, 2, 28),
        "expires_on": date(2036, 2, 28),
        "annual_fee": Decimal("270.00"),
        "conditions": "Paint to match the pole.",
    }
    fields.update(overrides)
    return services.permit_issue(application=application, site=application.sites.get(), actor=staff, **fields)


def test_a_permit_is_issued_only_for_an_approved_application(application, staff):
    with pytest.raises(ValidationError):
        issue(application, staff)
    assert not Permit.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"build_by": date(2026, 2, 1)}, "build_by"),
        ({"expires_on": date(2026, 2, 28)}, "expires_on"),
        ({"issued_on": date(2026, 3, 5)}, "issued_on"),
    ],
)
def test_a_permit_with_impossible_dates_is_refused(approved, staff, overrides, field):
    with pytest.raises(ValidationError) as raised:
        issue(approved, staff, **overrides)
    assert field in raised.value.message_dict
    assert not Permit.objects.exists()


def test_a_permit_puts_build_by_and_expiry_on_the_deadline_list(approved, staff):
    permit = issue(approved, staff)
    build = Deadline.objects.get(source_id=permit.pk, source_key="build_by")
    expiry = Deadline.objects.get(source_id=permit.pk, source_key="expiry")
    assert (build.kind, build.due_date, build.provider_facing) == ("permit_build_by", date(2027, 2, 28), True)
    assert (expiry.kind, expiry.due_date) == ("permit_expiry", date(2036, 2, 28))
    services.permit_mark_built(permit=permit, actor=staff, built_on=date(2026, 3, 1))
    build.refresh_from_db()
    assert build.state == Deadline.State.SATISFIED


def test_renewing_a_permit_moves_its_expiry_and_keeps_the_old_one_in_history(approved, staff):
    permit = issue(approved, staff)
    services.permit_request_renewal(permit=permit, actor=staff, requested_on=date(2026, 3, 1))
    services.permit_renew(permit=permit, actor=staff, renewed_on=date(2026, 3, 1), expires_on=date(2046, 2, 28))
    permit.refresh_from_db()
    assert permit.expires_on == date(2046, 2, 28) and permit.renewal_status == Permit.RenewalStatus.RENEWED
    assert date(2036, 2, 28) in set(permit.history.values_list("expires_on", flat=True))
    assert Deadline.objects.get(source_id=permit.pk, source_key="expiry").due_date == date(2046, 2, 28)
    with pytest.raises(ValidationError) as raised:
        services.permit_renew(permit=permit, actor=staff, renewed_on=date(2026, 3, 1), expires_on=date(2040, 1, 1))
    assert "after the current one" in raised.value.message_dict["expires_on"][0]


def test_a_site_cannot_get_two_permits(approved, staff):
    issue(approved, staff)
    with pytest.raises(ValidationError) as raised:
        issue(approved, staff, number="SCP-2")
    assert "already has a permit" in raised.value.message_dict["site"][0]


def test_fee_schedule_versions_keep_their_history(frozen, staff):
    schedule = services.fee_schedule_add(
        actor=staff,
        effective_from=date(2026, 1, 1),
        application_up_to_five=Decimal("500"),
        each_additional=Decimal("100"),
        new_pole=Decimal("1000"),
        annual_per_swf=Decimal("270"),
        source="Placeholder",
    )
    services.fee_schedule_update(schedule=schedule, actor=staff, annual_per_swf=Decimal("300"), confirmed=True)
    assert list(schedule.history.order_by("history_id").values_list("annual_per_swf", flat=True)) == [
        Decimal("270.00"),
        Decimal("300.00"),
    ]
    assert FeeSchedule.objects.get().confirmed


def test_an_application_for_another_wireless_firm_is_independent(frozen, staff):
    other = ProviderFactory(short_name="extenet", name="ExteNet Systems", kind="wireless")
    make_application(actor=staff, applicant=other, reference="SC-EX-1")
    assert PermitApplication.objects.get().applicant == other


def test_moving_a_closure_day_in_the_admin_recomputes_both_dates(application, staff):
    # The admin saves ClosureDay directly; the receivers still recompute the clocks near the old and new dates.
    closure = compliance_services.closure_day_add(
        actor=staff, date=date(2026, 3, 6), reason="Day of mourning", kind=ClosureDay.Kind.LEGAL_HOLIDAY
    )
    assert refreshed(application).clock_deadline == date(2026, 3, 9)
    closure.date = date(2026, 3, 20)
    closure.save()
    assert refreshed(application).clock_deadline == date(2026, 3, 6)


def test_correcting_the_submission_date_is_checked_against_the_events(application, staff):
    record(application, staff, "incomplete_notice", date(2026, 1, 12), missing_items=ITEMS)
    with pytest.raises(ValidationError) as raised:
        services.application_update(application=application, actor=staff, submitted_on=date(2026, 1, 20))
    assert "before the application was submitted" in raised.value.message_dict["date"][0]
    assert refreshed(application).submitted_on == date(2026, 1, 5)
    # Jan 6 instead: the notice is on day 6, still a reset; no resubmission yet.
    services.application_update(application=application, actor=staff, submitted_on=date(2026, 1, 6))
    assert refreshed(application).clock_state == "tolled"


def test_assigning_a_reviewer_starts_the_review(application, staff):
    services.application_update(application=application, actor=staff, assigned_reviewer=staff)
    application = refreshed(application)
    assert application.status == PermitApplication.Status.UNDER_REVIEW
    assert shot_clock_deadline(application).owner == staff
