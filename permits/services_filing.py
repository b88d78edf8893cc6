"""Carrier filing in the portal: drafts, their sites, and submission into a PermitApplication.

Every rule comes from elsewhere: the checklist from permits.checklist, the batch and category rules
from permits.services._validate_sites, the clock from permits.services.application_create.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import acting_as
from core.services import apply_fields
from permits import checklist, services_receipts
from permits.models import (
    ApplicationDocument,
    ApplicationDraft,
    ChecklistItem,
    DraftSite,
    PermitApplication,
    Site,
)
from permits.services import _validate_sites, application_create

DRAFT_FIELDS = ApplicationDraft.EDITABLE_FIELDS
SITE_FIELDS = Site.EDITABLE_FIELDS
REFERENCE_PREFIX = "SC"


def _check_provider(provider):
    if provider is None or not provider.handles_wireless:
        raise ValidationError("Only a wireless carrier or infrastructure firm can file a small-cell application.")


def _check_actor(actor, provider_id):
    """Only the carrier's own users work on its drafts (a draft is not the City's record until submitted)."""
    if getattr(actor, "provider_id", None) != provider_id:
        raise ValidationError("Only the applicant's own users can work on this draft.")


def _check_open(draft):
    if draft.is_submitted:
        raise ValidationError("This draft has already been submitted; it can no longer be changed.")


def _locked(draft, actor):
    locked = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
    _check_actor(actor, locked.provider_id)
    return locked


def draft_create(*, actor, provider, category, description=""):
    _check_provider(provider)
    _check_actor(actor, provider.pk)
    with transaction.atomic(), acting_as(actor):
        draft = ApplicationDraft(provider=provider, category=category, description=description, created_by=actor)
        draft.full_clean()
        draft.save()
    return draft


def draft_update(*, actor, draft, **fields):
    with transaction.atomic(), acting_as(actor):
        draft = _locked(draft, actor)
        _check_open(draft)
        apply_fields(draft, fields, allowed=DRAFT_FIELDS)
        draft.full_clean()
        draft.save()
    return draft


def _site_dicts(draft, *, replace=None, extra=None, drop=None):
    sites = []
    for site in draft.sites.all():
        if drop is not None and site.pk == drop.pk:
            continue
        if replace is not None and site.pk == replace.pk:
            site = replace
        sites.append({name: getattr(site, name) for name in SITE_FIELDS})
    if extra is not None:
        sites.append({name: getattr(extra, name) for name in SITE_FIELDS})
    return sites


def draft_site_add(*, actor, draft, **fields):
    with transaction.atomic(), acting_as(actor):
        draft = _locked(draft, actor)
        _check_open(draft)
        site = DraftSite(draft=draft)
        apply_fields(site, fields, allowed=SITE_FIELDS)
        site.full_clean()
        _validate_sites(draft.category, _site_dicts(draft, extra=site))
        site.save()
    return site


def draft_site_update(*, actor, site, **fields):
    with transaction.atomic(), acting_as(actor):
        draft = _locked(site.draft, actor)
        _check_open(draft)
        site = DraftSite.objects.get(pk=site.pk)
        apply_fields(site, fields, allowed=SITE_FIELDS)
        site.full_clean()
        _validate_sites(draft.category, _site_dicts(draft, replace=site))
        site.save()
    return site


def draft_site_remove(*, actor, site):
    with transaction.atomic(), acting_as(actor):
        draft = _locked(site.draft, actor)
        _check_open(draft)
        DraftSite.objects.get(pk=site.pk).delete()


def draft_discard(*, actor, draft):
    with transaction.atomic(), acting_as(actor):
        draft = _locked(draft, actor)
        _check_open(draft)
        draft.delete()


def missing_items(draft, *, submitted_on=None):
    """The required checklist items that apply to the draft on `submitted_on` and have no document."""
    submitted_on = submitted_on or timezone.localdate()
    items = checklist.items_for(
        list(ChecklistItem.objects.filter(required=True).order_by("position", "id")),
        category=draft.category,
        submitted_on=submitted_on,
    )
    covered = set(draft.documents.exclude(checklist_item=None).values_list("checklist_item_id", flat=True))
    return [item for item in items if item.pk not in covered]


def next_reference(year):
    """The next portal reference of the year: SC-2026-00001, SC-2026-00002, ..."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    last = PermitApplication.objects.filter(reference__startswith=prefix).aggregate(last=Max("reference"))["last"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{number:05d}"


def draft_submit(*, actor, draft, confirm_missing=False):
    """Submit the draft: the application is created with the server's day and time, and the clock starts."""
    with transaction.atomic(), acting_as(actor):
        draft = _locked(draft, actor)
        _check_open(draft)
        sites = _site_dicts(draft)
        if not sites:
            raise ValidationError("Add at least one site before submitting the application.")
        submitted_at = timezone.now()
        submitted_on = timezone.localdate(submitted_at)
        missing = missing_items(draft, submitted_on=submitted_on)
        if missing and not confirm_missing:
            titles = "; ".join(item.title for item in missing)
            raise ValidationError(
                {
                    "confirm_missing": f"These required items have no document: {titles}. "
                    "Confirm to submit anyway; the City may find the application incomplete."
                }
            )
        application = application_create(
            actor=actor,
            reference=next_reference(submitted_on.year),
            applicant=draft.provider,
            category=draft.category,
            submitted_on=submitted_on,
            sites=sites,
            description=draft.description,
        )
        application.source = PermitApplication.Source.PORTAL
        application.submitted_at = submitted_at
        application.submitted_by = actor
        application.full_clean()
        application.save()
        for document in ApplicationDocument.objects.filter(draft=draft):
            document.application = application
            document.full_clean()
            document.save()
        draft.application = application
        draft.full_clean()
        draft.save()
        services_receipts.receipt_send(application)
    return application
