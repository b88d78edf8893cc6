"""Writes for the City's published checklist (FCC 18-133 para. 86-88: standards published in advance) and the
completeness review of an application against it (47 CFR 1.6003(d); 1.6100(c)(3))."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from accounts.audit import acting_as
from accounts.roles import STAFF, has_role
from letters import kinds as letter_kinds
from letters import services as letter_services
from permits import checklist
from permits.models import ChecklistItem, ChecklistReview, PermitApplication

# Once an application has been checked against an item, what the item requires and since when is the record
# the finding rests on: a later edit would change, after the fact, the rule the applicant was held to.
LOCKED_ONCE_REVIEWED = ("standard", "published_on")
CLOSED_STATUSES = (
    PermitApplication.Status.APPROVED,
    PermitApplication.Status.DENIED,
    PermitApplication.Status.WITHDRAWN,
    PermitApplication.Status.DEEMED_GRANTED,
)
LOCKED = (
    "Applications have been checked against this item, so its standard and publication date can no longer "
    "change: retire it and publish a new item instead."
)
NOTHING_MISSING = "Every checklist item is ticked complete; there is nothing to notify."
MISSING_ITEM_LENGTH = 500  # permits.models.MissingItem.item


def _not_in_future(published_on):
    if published_on is not None and published_on > timezone.localdate():
        raise ValidationError(
            {"published_on": "The publication date cannot be in the future: give the day it was published."}
        )


def checklist_item_add(
    *, actor, title, standard, published_on, description="", categories="", required=True, position=0
):
    """Publish a new checklist item; its publication day may not be in the future."""
    with transaction.atomic(), acting_as(actor):
        _not_in_future(published_on)
        item = ChecklistItem(
            title=title,
            standard=standard,
            published_on=published_on,
            description=description,
            categories=categories,
            required=required,
            position=position,
        )
        item.full_clean()
        item.save()
        return item


def checklist_item_update(*, actor, item, **fields):
    """Correct a checklist item (ChecklistItem.EDITABLE_FIELDS).

    The standard and the publication day are locked once any application has
    been checked against the item: publish a new item instead (FCC 18-133
    para. 86-88: the applicant is held to what was published when it filed).
    """
    unknown = set(fields) - set(ChecklistItem.EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic(), acting_as(actor):
        item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        changed = [name for name in LOCKED_ONCE_REVIEWED if name in fields and fields[name] != getattr(item, name)]
        if changed and ChecklistReview.objects.filter(item=item).exists():
            raise ValidationError(dict.fromkeys(changed, LOCKED))
        if "published_on" in fields:
            _not_in_future(fields["published_on"])
        for name, value in fields.items():
            setattr(item, name, value)
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


def _refuse_closed(application, doing):
    if application.status in CLOSED_STATUSES:
        raise ValidationError(
            f"Application {application.reference} is {application.get_status_display().lower()}: "
            f"its completeness review is over, so {doing} is not possible."
        )


def checklist_review_set(*, actor, application, item, complete, note=""):
    """Staff's finding for one item of one application: ticked complete or not, with a note (upserted)."""
    if not has_role(actor, STAFF):
        raise PermissionDenied("Only City staff record completeness findings.")
    with transaction.atomic(), acting_as(actor):
        application = PermitApplication.objects.select_for_update().get(pk=application.pk)
        _refuse_closed(application, "ticking its checklist")
        if not checklist.applies(item, category=application.category, submitted_on=application.submitted_on):
            raise ValidationError(
                f"“{item.title}” does not apply to application {application.reference}: it was not a published "
                f"requirement for a {application.get_category_display().lower()} submitted on "
                f"{application.submitted_on:%Y-%m-%d} (FCC 18-133 para. 86-88)."
            )
        review = ChecklistReview.objects.filter(application=application, item=item).first()
        if review is None:
            review = ChecklistReview(application=application, item=item)
        review.complete = bool(complete)
        review.note = (note or "").strip()
        review.checked_by = actor
        review.full_clean()
        review.save()
        return review


def missing_items(application, items, reviews):
    """The [item, rule] pairs a notice names: the required applicable items not ticked complete, in order.

    `items` is every checklist item (any order kept), `reviews` the
    application's ChecklistReview rows.
    """
    ticked = {review.item_id for review in reviews if review.complete}
    applicable = checklist.items_for(items, category=application.category, submitted_on=application.submitted_on)
    pairs = []
    for item in applicable:
        if not item.required or item.pk in ticked:
            continue
        text = f"{item.title}: {item.description.strip()}" if item.description.strip() else item.title
        pairs.append([Truncator(text).chars(MISSING_ITEM_LENGTH), item.standard])
    return pairs


def incompleteness_notice_draft(*, actor, application):
    """A draft incompleteness notice naming every required applicable item not ticked complete.

    Made through the letter workflow (letters.services.letter_create, then
    letter_update with the missing items): Legal approves and issues it, and
    issuing records the notice on the shot clock (permits/letter_clock.py).
    A late notice is still possible; whether it resets or tolls the clock is
    the engine's to say when the letter is issued (47 CFR 1.6003(d)).
    """
    with transaction.atomic(), acting_as(actor):
        application = PermitApplication.objects.select_for_update().get(pk=application.pk)
        _refuse_closed(application, "an incompleteness notice")
        pairs = missing_items(application, list(ChecklistItem.objects.all()), list(application.checklist_reviews.all()))
        if not pairs:
            raise ValidationError(NOTHING_MISSING)
        letter = letter_services.letter_create(
            actor=actor, kind=letter_kinds.SMALLCELL_INCOMPLETE.code, source=application
        )
        return letter_services.letter_update(
            letter=letter,
            actor=actor,
            subject=letter.subject,
            body=letter.body,
            closing=letter.closing,
            values={"missing_items": pairs},
        )
