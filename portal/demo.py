"""Illustrative portal demo data: the City's published checklist and small-cell
applications that carriers filed themselves in the portal.

- Crown Castle (login `crowncastle`) has a draft it has not submitted, a
  two-site batch it filed today with every document, and an approved
  application whose permit is not built yet.
- AT&T (login `att`) has an application filed four days ago that staff found
  incomplete (one checklist item missing, a message thread about it) and an
  approved, built one.

Everything goes through the services the portal itself uses (drafts,
documents, submission, review, messages), with the carrier's own user as the
actor, idempotently (an application with the same description is skipped).
Dates are relative to the day it is loaded. The documents are one-page PDFs
saying they are illustrative.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from permits import services, services_documents, services_filing, services_messages, services_review, shotclock
from permits.models import ApplicationDraft, ChecklistItem, PermitApplication

SWF = shotclock.SWF_COLLOCATION

# The City's checklist. The standards are illustrative placeholders: the City publishes its own.
CHECKLIST = [
    (
        "Site plan and elevation drawings",
        "Plan and elevation of each site, with the pole or structure, the antennas, the equipment and their "
        "dimensions.",
        "City small-cell application requirements, section 3.1 (illustrative)",
    ),
    (
        "Structural analysis of the pole, stamped by a Massachusetts engineer",
        "A structural analysis showing the pole or structure carries the added load.",
        "City small-cell application requirements, section 3.2 (illustrative)",
    ),
    (
        "RF emissions compliance report",
        "A report showing compliance with the FCC's RF exposure limits (47 CFR 1.1307(b)).",
        "City small-cell application requirements, section 3.5 (illustrative)",
    ),
    (
        "Owner's authorisation to attach",
        "For a structure the City does not own: the owner's written authorisation.",
        "City small-cell application requirements, section 3.6 (illustrative)",
    ),
]
CHECKLIST_PUBLISHED = date(2019, 1, 14)

MARK = "Illustrative portal filing"


@lru_cache(maxsize=16)
def _pdf(title):
    """A one-page PDF saying what it stands for (a demo has no real drawings)."""
    from weasyprint import HTML

    html = f"<h1>{title}</h1><p>Illustrative demo document: not a real filing.</p>"
    return HTML(string=html).write_pdf()


def _checklist(actor):
    if ChecklistItem.objects.exists():
        return list(ChecklistItem.objects.order_by("position", "id"))
    for title, description, standard in CHECKLIST:
        services_review.checklist_item_add(
            actor=actor, title=title, description=description, standard=standard, published_on=CHECKLIST_PUBLISHED
        )
    return list(ChecklistItem.objects.order_by("position", "id"))


def _site(number, street):
    return {
        "address": f"{number} {street}, Boston, MA",
        "category": SWF,
        "latitude": Decimal("42.34") + Decimal(number % 50) / Decimal("1000"),
        "longitude": Decimal("-71.08") - Decimal(number % 40) / Decimal("1000"),
        "structure_id": f"SL-{70000 + number}",
        "structure_type": "streetlight",
        "new_structure": False,
        "owner": "city",
        "height_ft": Decimal("34"),
        "largest_antenna_cuft": Decimal("2.2"),
        "antenna_count": 2,
        "equipment_cuft": Decimal("16"),
    }


def _upload(user, item, **target):
    name = item.title.split(",")[0].lower().replace(" ", "-")[:40] + ".pdf"
    services_documents.document_upload(
        actor=user,
        upload=SimpleUploadedFile(name, _pdf(item.title), content_type="application/pdf"),
        checklist_item=item,
        description=item.title[:200],
        **target,
    )


def _portal_application(user, *, label, submitted_on, sites, items):
    """An application as the portal files it, on a past day (the demo cannot wait for the clock)."""
    application = services.application_create(
        actor=user,
        reference=services_filing.next_reference(submitted_on.year),
        applicant=user.provider,
        category=SWF,
        submitted_on=submitted_on,
        sites=sites,
        description=f"{MARK}: {label}.",
        is_illustrative=True,
    )
    application.source = PermitApplication.Source.PORTAL
    application.submitted_at = timezone.make_aware(datetime.combine(submitted_on, time(10, 15)))
    application.submitted_by = user
    application.save()
    for item in items:
        _upload(user, item, application=application)
    return application


def _exists(label):
    return PermitApplication.objects.filter(description=f"{MARK}: {label}.").exists()


def _approve(application, actor, *, decided, number, built_on=None):
    services.clock_event_record(
        application=application, actor=actor, kind=shotclock.DECISION, date=decided, outcome=shotclock.APPROVED
    )
    permit = services.permit_issue(
        application=application,
        site=application.sites.order_by("id").first(),
        actor=actor,
        number=number,
        issued_on=decided + timedelta(days=2),
        build_by=decided + timedelta(days=367),
        expires_on=decided + timedelta(days=3652),
        annual_fee=Decimal("270.00"),
        conditions="Illustrative: paint equipment to match the pole; restore the sidewalk within 10 days.",
        is_illustrative=True,
    )
    if built_on:
        services.permit_mark_built(permit=permit, actor=actor, built_on=built_on)


def load(actor):
    today = timezone.localdate()
    items = _checklist(actor)
    staff = User.objects.filter(username="staff").first() or actor
    crown = User.objects.filter(username="crowncastle").first()
    att = User.objects.filter(username="att").first()
    if crown is not None:
        if not ApplicationDraft.objects.filter(provider=crown.provider, application=None).exists():
            draft = services_filing.draft_create(
                actor=crown, provider=crown.provider, category=SWF, description=f"{MARK}: not submitted yet."
            )
            services_filing.draft_site_add(actor=crown, draft=draft, **_site(410, "Beacon St"))
        if not _exists("two streetlights on Tremont Street"):
            draft = services_filing.draft_create(
                actor=crown,
                provider=crown.provider,
                category=SWF,
                description=f"{MARK}: two streetlights on Tremont Street.",
            )
            for number in (612, 640):
                services_filing.draft_site_add(actor=crown, draft=draft, **_site(number, "Tremont St"))
            for item in items:
                _upload(crown, item, draft=draft)
            application = services_filing.draft_submit(actor=crown, draft=draft)
            application.is_illustrative = True
            application.save()
        if not _exists("approved, not built yet"):
            submitted = today - timedelta(days=75)
            application = _portal_application(
                crown,
                label="approved, not built yet",
                submitted_on=submitted,
                sites=[_site(88, "Boylston St")],
                items=items,
            )
            _approve(application, staff, decided=submitted + timedelta(days=52), number="SCP-PORTAL-0001")
    if att is not None:
        if not _exists("one item missing"):
            submitted = today - timedelta(days=4)
            application = _portal_application(
                att,
                label="one item missing",
                submitted_on=submitted,
                sites=[_site(233, "Dorchester Ave"), _site(251, "Dorchester Ave")],
                items=[item for item in items if "RF" not in item.title],
            )
            for item in items:
                services_review.checklist_review_set(
                    actor=staff,
                    application=application,
                    item=item,
                    complete="RF" not in item.title,
                    note="" if "RF" not in item.title else "No RF emissions report was attached.",
                )
            rf = next(item for item in items if "RF" in item.title)
            services.clock_event_record(
                application=application,
                actor=staff,
                kind=shotclock.INCOMPLETE_NOTICE,
                date=today - timedelta(days=1),
                missing_items=[{"item": rf.title, "rule": rf.standard}],
                details="Illustrative.",
            )
            services_messages.message_post(
                actor=att,
                application=application,
                body="Does the RF report need to cover both poles, or is one report for the batch enough?",
            )
            services_messages.message_post(
                actor=staff,
                application=application,
                body="One report for the batch is enough if it names both poles and their antennas.",
            )
        if not _exists("approved and built"):
            submitted = today - timedelta(days=300)
            application = _portal_application(
                att,
                label="approved and built",
                submitted_on=submitted,
                sites=[_site(1150, "Blue Hill Ave")],
                items=items,
            )
            _approve(
                application,
                staff,
                decided=submitted + timedelta(days=48),
                number="SCP-PORTAL-0002",
                built_on=submitted + timedelta(days=170),
            )
