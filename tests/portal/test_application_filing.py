import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from permits.models import ApplicationDraft, PermitApplication
from permits.services_filing import draft_create, draft_site_add, draft_submit
from tests.conftest import provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def carrier(crown_castle):
    return crown_castle


@pytest.fixture
def carrier_user(crown_castle):
    return provider_user(crown_castle, "crown-clerk")


def _draft(provider, user):
    draft = draft_create(actor=user, provider=provider, category="swf_collocation")
    draft_site_add(actor=user, draft=draft, address="1 Main St", category="swf_collocation")
    return draft


@time_machine.travel(dt.datetime(2026, 6, 3, 3, 30, tzinfo=dt.UTC), tick=False)
def test_submit_at_half_past_eleven_in_new_york_is_filed_on_the_new_york_day(carrier, carrier_user):
    application = draft_submit(actor=carrier_user, draft=_draft(carrier, carrier_user))
    # EDT is UTC-4: 03:30 UTC on Jun 3 is 23:30 on Jun 2 in New York.
    assert application.source == PermitApplication.Source.PORTAL
    assert application.submitted_by == carrier_user
    assert application.submitted_on == dt.date(2026, 6, 2)
    assert ApplicationDraft.objects.get().application == application


@time_machine.travel(dt.datetime(2026, 12, 4, 4, 30, tzinfo=dt.UTC), tick=False)
def test_submit_at_half_past_eleven_in_winter_is_filed_on_the_previous_utc_day(carrier, carrier_user):
    # EST is UTC-5: 04:30 UTC on Dec 4 is 23:30 on Dec 3 in New York.
    application = draft_submit(actor=carrier_user, draft=_draft(carrier, carrier_user))
    assert application.submitted_on == dt.date(2026, 12, 3)
    assert application.reference == "SC-2026-00001"


def test_a_draft_without_sites_is_refused_and_nothing_is_saved(carrier, carrier_user):
    draft = draft_create(actor=carrier_user, provider=carrier, category="swf_collocation")
    with pytest.raises(ValidationError, match="at least one site"):
        draft_submit(actor=carrier_user, draft=draft)
    assert not PermitApplication.objects.exists()


def test_another_carriers_user_cannot_touch_or_submit_the_draft(carrier, carrier_user, verizon):
    draft = _draft(carrier, carrier_user)
    outsider = provider_user(verizon, "vz-clerk")  # a user of another provider
    with pytest.raises(ValidationError, match="own users"):
        draft_submit(actor=outsider, draft=draft)
    with pytest.raises(ValidationError, match="own users"):
        draft_site_add(actor=outsider, draft=draft, address="9 Elm St", category="swf_collocation")
    with pytest.raises(ValidationError, match="own users"):
        draft_create(actor=outsider, provider=carrier, category="swf_collocation")
    assert not PermitApplication.objects.exists()
    assert draft.sites.count() == 1 and ApplicationDraft.objects.count() == 1


@time_machine.travel(dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC), tick=False)
def test_required_items_without_a_document_need_a_confirmation(carrier, carrier_user, staff):
    from permits.models import ChecklistItem
    from permits.services_review import checklist_item_add

    checklist_item_add(
        actor=staff,
        title="Construction drawings",
        standard="Design guidelines sec. 3",
        published_on=dt.date(2025, 1, 6),
    )
    assert ChecklistItem.objects.count() == 1
    draft = _draft(carrier, carrier_user)
    with pytest.raises(ValidationError, match="Construction drawings"):
        draft_submit(actor=carrier_user, draft=draft)
    assert not PermitApplication.objects.exists()
    application = draft_submit(actor=carrier_user, draft=draft, confirm_missing=True)
    # Submitted Tue Dec 1, 2026: a small-wireless collocation's 60 days end Sat Jan 30, 2027, so the
    # deadline is the next business day, Mon Feb 1 (the engine's rule).
    assert (application.submitted_on, application.clock_days) == (dt.date(2026, 12, 1), 60)
    assert application.clock_deadline == dt.date(2027, 2, 1)
