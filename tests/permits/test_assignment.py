"""Assigning a reviewer to small-cell applications (permits.services.application_assign and
application_assign_many): who may be assigned, what is recorded, and that a batch is all or nothing."""

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import LEGAL, STAFF
from deadlines.models import Deadline
from permits import services
from permits.models import PermitApplication
from tests.factories import UserFactory
from tests.permits.factories import make_application


@pytest.fixture
def dana(db):
    return UserFactory(username="dana", first_name="Dana", last_name="Reyes", role=STAFF)


@pytest.fixture
def three(frozen, staff, crown_castle):
    return [
        make_application(actor=staff, applicant=crown_castle, reference=f"SC-2026-010{n}", sites=[{"address": a}])
        for n, a in enumerate(("10 Tremont St", "20 Tremont St", "30 Tremont St"), start=1)
    ]


def shot_clock(application):
    return Deadline.objects.get(source_id=application.pk, kind=Deadline.Kind.SHOT_CLOCK, source_key="shot_clock")


def test_assigning_sets_the_reviewer_puts_it_under_review_and_gives_the_reviewer_the_clock(application, staff, dana):
    assert application.status == PermitApplication.Status.RECEIVED
    services.application_assign(application=application, reviewer=dana, actor=staff)
    application.refresh_from_db()
    assert application.assigned_reviewer == dana
    assert application.status == PermitApplication.Status.UNDER_REVIEW
    # The shot clock's reminders go to the reviewer now (deadline_sync's owner).
    assert shot_clock(application).owner == dana
    latest = application.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff, "Assigned to Dana Reyes")


def test_unassigning_clears_the_reviewer_and_the_clock_owner(application, staff, dana):
    services.application_assign(application=application, reviewer=dana, actor=staff)
    services.application_assign(application=application, reviewer=None, actor=staff)
    application.refresh_from_db()
    assert application.assigned_reviewer is None
    assert shot_clock(application).owner is None
    assert application.history.first().history_change_reason == "Unassigned"
    # Still under review: unassigning does not send it back to "received".
    assert application.status == PermitApplication.Status.UNDER_REVIEW


def test_assigning_the_same_reviewer_again_records_nothing(application, staff, dana):
    services.application_assign(application=application, reviewer=dana, actor=staff)
    rows = application.history.count()
    services.application_assign(application=application, reviewer=dana, actor=staff)
    assert application.history.count() == rows


def test_an_inactive_staff_user_cannot_be_assigned_and_nothing_is_saved(application, staff, dana):
    dana.is_active = False
    dana.save()
    rows = application.history.count()
    with pytest.raises(ValidationError) as refused:
        services.application_assign(application=application, reviewer=dana, actor=staff)
    assert refused.value.message_dict == {"reviewer": ["Dana Reyes cannot be assigned: the account is inactive."]}
    application.refresh_from_db()
    assert application.assigned_reviewer is None and application.history.count() == rows


@pytest.mark.parametrize("role", [LEGAL, None])
def test_only_staff_users_can_be_assigned(application, staff, role):
    lawyer = UserFactory(username="lee", first_name="Lee", last_name="Park", role=role)
    with pytest.raises(ValidationError) as refused:
        services.application_assign(application=application, reviewer=lawyer, actor=staff)
    assert "Lee Park cannot be assigned: only Staff users review applications." in refused.value.messages
    application.refresh_from_db()
    assert application.assigned_reviewer is None


def test_assigning_many_assigns_each_and_counts_those_that_already_had_the_reviewer(three, staff, dana):
    services.application_assign(application=three[0], reviewer=dana, actor=staff)
    assert services.application_assign_many(applications=three, reviewer=dana, actor=staff) == (2, 1)
    assert set(PermitApplication.objects.values_list("assigned_reviewer__username", flat=True)) == {"dana"}
    assert all(shot_clock(application).owner == dana for application in three)
    assert all(application.history.first().history_user == staff for application in three)


def test_a_batch_with_an_application_that_no_longer_exists_changes_nothing(three, staff, dana):
    gone = PermitApplication(pk=999_999)
    with pytest.raises(ValidationError) as refused:
        services.application_assign_many(applications=[*three, gone], reviewer=dana, actor=staff)
    assert refused.value.messages == ["Nothing was assigned: there is no application 999999."]
    assert not PermitApplication.objects.filter(assigned_reviewer=dana).exists()


def test_a_batch_that_fails_part_way_is_rolled_back_whole(three, staff, dana, monkeypatch):
    """The second application's write fails after the first was saved: the first is undone too."""
    real = services.application_clock_refresh
    calls = []

    def fail_on_the_second(**kwargs):
        calls.append(kwargs["application"].reference)
        if len(calls) == 2:
            raise ValidationError("The clock could not be stored.")
        return real(**kwargs)

    monkeypatch.setattr(services, "application_clock_refresh", fail_on_the_second)
    with pytest.raises(ValidationError):
        services.application_assign_many(applications=three, reviewer=dana, actor=staff)
    assert calls == ["SC-2026-0101", "SC-2026-0102"]
    assert not PermitApplication.objects.filter(assigned_reviewer=dana).exists()
    assert all(shot_clock(application).owner is None for application in three)


def test_a_batch_to_an_inactive_reviewer_is_refused_whole(three, staff, dana):
    dana.is_active = False
    dana.save()
    with pytest.raises(ValidationError):
        services.application_assign_many(applications=three, reviewer=dana, actor=staff)
    assert not PermitApplication.objects.filter(assigned_reviewer=dana).exists()


def test_a_batch_larger_than_the_limit_is_refused_before_anything_is_read(staff, dana, django_assert_num_queries):
    too_many = [PermitApplication(pk=n) for n in range(1, 502)]
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        services.application_assign_many(applications=too_many, reviewer=dana, actor=staff)
    assert refused.value.messages == ["501 applications were chosen; assign at most 500 at a time."]


def test_an_empty_batch_is_refused(staff, dana):
    with pytest.raises(ValidationError) as refused:
        services.application_assign_many(applications=[], reviewer=dana, actor=staff)
    assert refused.value.messages == ["Choose at least one application."]
