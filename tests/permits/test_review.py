from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from permits.models import ChecklistItem
from permits.services_review import checklist_item_add, checklist_item_retire

pytestmark = pytest.mark.django_db


def test_a_checklist_item_published_in_the_future_is_refused_and_nothing_saved(staff):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        checklist_item_add(
            actor=staff, title="Plans", standard="Ord. 1", published_on=timezone.localdate() + timedelta(days=1)
        )
    assert not ChecklistItem.objects.exists()


def test_an_item_added_then_retired_is_retired_today(staff):
    item = checklist_item_add(actor=staff, title="Plans", standard="Ord. 1", published_on=timezone.localdate())
    checklist_item_retire(actor=staff, item=item)
    item.refresh_from_db()
    assert item.retired_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already retired"):
        checklist_item_retire(actor=staff, item=item)
