"""Writes for the City's published checklist (FCC 18-133 para. 86-88: standards published in advance)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import acting_as
from permits.models import ChecklistItem


def checklist_item_add(*, actor, title, standard, published_on, description="", categories="", required=True):
    """Publish a new checklist item; its publication day may not be in the future."""
    with transaction.atomic(), acting_as(actor):
        if published_on > timezone.localdate():
            raise ValidationError(
                {"published_on": "The publication date cannot be in the future: give the day it was published."}
            )
        item = ChecklistItem(
            title=title,
            standard=standard,
            published_on=published_on,
            description=description,
            categories=categories,
            required=required,
        )
        item.full_clean()
        item.save()
        return item


def checklist_item_retire(*, actor, item):
    """Stop asking for the item from today on (applications submitted earlier keep it)."""
    with transaction.atomic(), acting_as(actor):
        if item.retired_on is not None:
            raise ValidationError("This item is already retired.")
        item.retired_on = timezone.localdate()
        item.full_clean()
        item.save()
        return item
