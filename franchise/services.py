"""Writes for cable licenses. Every write names its actor and runs in one
transaction with full_clean() first, so bad input saves nothing.

Views, the API, the admin and the management commands all call these
functions; a later deadline list hooks in here (each function that creates or
changes a dated row is the place to do it).
"""

from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import acting_as
from businessdays.selectors import business_calendar
from core.services import apply_fields
from franchise import catalogue, recurrence, selectors
from franchise.deadlines import (
    filing_deadline_remove,
    filing_deadline_superseded,
    filing_deadline_sync,
    license_deadlines_sync,
)
from franchise.models import (
    CustomerServiceReport,
    Filing,
    FilingAttachment,
    License,
    Obligation,
    Payment,
    scorecard_fields,
)

ALREADY_RESUBMITTED = "This filing has already been resubmitted; review the resubmission instead."
LICENSE_FIELDS = (*License.EDITABLE_FIELDS, "is_illustrative")
RENEWAL_FIELDS = License.RENEWAL_FIELDS
# The catalogue code is set when an obligation is added from the catalogue (franchise.catalogue).
OBLIGATION_FIELDS = ("catalogue_code", *Obligation.EDITABLE_FIELDS)
# Editing any of these changes the schedule, so future open filings are regenerated.
SCHEDULE_FIELDS = set(OBLIGATION_FIELDS) - {"catalogue_code", "kind", "title", "clause", "description", "owner"}
PAYMENT_FIELDS = Payment.EDITABLE_FIELDS


def _today(today):
    return today or timezone.localdate()


def _not_in_future(day, today, field, what="date"):
    if day and day > today:
        raise ValidationError({field: f"The {what} cannot be in the future ({day:%Y-%m-%d} is after today)."})


# Licenses ------------------------------------------------------------------


def license_create(*, actor, **fields):
    with transaction.atomic(), acting_as(actor):
        license = License()
        apply_fields(license, fields, allowed=LICENSE_FIELDS)
        license.full_clean()
        license.save()
        license_deadlines_sync(license)
    return license


def license_update(*, license, actor, today=None, **fields):
    """Edit a license; a change of its dates regenerates its obligations' future open filings."""
    with transaction.atomic(), acting_as(actor):
        # Compare with the stored row: a ModelForm has already copied its values onto `license`.
        before = License.objects.filter(pk=license.pk).values_list("effective_date", "expiration_date").get()
        apply_fields(license, fields, allowed=LICENSE_FIELDS)
        license.full_clean()
        license.save()
        license_deadlines_sync(license)
        if (license.effective_date, license.expiration_date) != before:
            calendar = business_calendar()
            for obligation in license.obligations.select_related("license"):
                obligation.full_clean()
                filings_generate(obligation=obligation, actor=actor, today=today, calendar=calendar)
    return license


def license_record_renewal(*, license, actor, **fields):
    """Log renewal events (operator's notice, commencement, proposal, final
    decision). Logging a notice or proposal with no decision yet marks the
    license as in renewal."""
    with transaction.atomic(), acting_as(actor):
        apply_fields(license, fields, allowed=RENEWAL_FIELDS)
        for name in set(RENEWAL_FIELDS) - {"final_decision"}:
            _not_in_future(getattr(license, name), timezone.localdate(), name)
        started = license.renewal_notice_date or license.renewal_proposal_date or license.renewal_commenced_date
        if license.status == License.Status.ACTIVE and not license.final_decision and started:
            license.status = License.Status.IN_RENEWAL
        license.full_clean()
        license.save()
        license_deadlines_sync(license)
    return license


# Obligations ---------------------------------------------------------------


def obligation_create(*, license, actor, today=None, calendar=None, **fields):
    """Add an obligation to a license and generate its filings."""
    with transaction.atomic(), acting_as(actor):
        obligation = Obligation(license=license)
        apply_fields(obligation, fields, allowed=OBLIGATION_FIELDS)
        obligation.full_clean()
        obligation.save()
        filings_generate(obligation=obligation, actor=actor, today=today, calendar=calendar)
    return obligation


def obligation_update(*, obligation, actor, today=None, **fields):
    """Edit an obligation. A schedule change regenerates its future open filings
    only; received, accepted, deficient, late, waived and past-due filings stay."""
    with transaction.atomic(), acting_as(actor):
        # Compare with the stored row: a ModelForm has already copied its values onto `obligation`.
        stored = Obligation.objects.get(pk=obligation.pk)
        changed = {name for name, value in fields.items() if getattr(stored, name) != value}
        apply_fields(obligation, fields, allowed=OBLIGATION_FIELDS)
        obligation.full_clean()
        obligation.save()
        result = GenerationResult()
        if changed & SCHEDULE_FIELDS:
            result = filings_generate(obligation=obligation, actor=actor, today=today)
    return obligation, result


def _track_from(entry, license, track_from):
    """Where a recurring obligation starts when the office tracks a license only
    from `track_from` (earlier periods kept on paper): that date, or for a
    license-year obligation the license anniversary on or before it."""
    if not track_from or entry.recurrence == recurrence.ONE_TIME or track_from <= license.effective_date:
        return None
    if entry.period_anchor == Obligation.PeriodAnchor.LICENSE_YEAR:
        years = relativedelta(track_from, license.effective_date).years
        return license.effective_date + relativedelta(years=years)
    return track_from


def obligations_from_catalogue(*, license, actor, codes, fixed_dates=None, owner=None, track_from=None, today=None):
    """Copy catalogue entries onto a license in one step and generate their
    filings. `fixed_dates` maps a fixed-date entry's code (a build-out
    milestone) to its date; `track_from` starts recurring obligations at that
    date instead of the license's effective date."""
    fixed_dates = fixed_dates or {}
    if not codes:
        raise ValidationError("Choose at least one obligation from the catalogue.")
    calendar = business_calendar()
    created = []
    with transaction.atomic(), acting_as(actor):
        for code in codes:
            try:
                entry = catalogue.entry(code)
            except KeyError as error:
                raise ValidationError(f"The catalogue has no entry {code!r}.") from error
            fields = entry.obligation_fields()
            if entry.needs_date:
                if not fixed_dates.get(code):
                    raise ValidationError(f"“{entry.title}” needs its date from the license.")
                fields["due_fixed_date"] = fixed_dates[code]
            fields["active_from"] = _track_from(entry, license, track_from)
            created.append(
                obligation_create(license=license, actor=actor, today=today, calendar=calendar, owner=owner, **fields)
            )
    return created


# Occurrences -----------------------------------------------------------------


@dataclass
class GenerationResult:
    created: int = 0
    updated: int = 0
    removed: int = 0

    def __add__(self, other):
        return GenerationResult(
            self.created + other.created, self.updated + other.updated, self.removed + other.removed
        )

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.removed} removed"


def _overlaps(filing, start, end):
    return filing.period_start <= end and start <= filing.period_end


def filings_generate(*, obligation, actor, today=None, horizon_months=recurrence.DEFAULT_HORIZON_MONTHS, calendar=None):
    """Make the obligation's filings match its rule, from the start of its
    active dates to `horizon_months` ahead. Idempotent.

    - Only future open filings (status open, due today or later) are changed:
      moved to the new dates, or removed when the rule no longer has their
      period. Everything received, reviewed, waived or already past due stays
      exactly as it is.
    - A missing occurrence is created unless a remaining filing of the
      obligation already covers part of its period (so a rule changed from
      quarterly to monthly mid-year does not add months over quarters that
      were filed or are overdue).
    """
    today = _today(today)
    calendar = calendar or business_calendar()
    result = GenerationResult()
    with transaction.atomic(), acting_as(actor):
        obligation = Obligation.objects.select_for_update().select_related("license").get(pk=obligation.pk)
        license = obligation.license
        span_start, span_end = obligation.span()
        wanted = {
            occurrence.period_start: occurrence
            for occurrence in recurrence.occurrences(
                obligation.rule(),
                span_start=span_start,
                span_end=span_end,
                expiry=license.expiration_date,
                through=recurrence.horizon(today, horizon_months),
                calendar=calendar,
            )
        }
        kept = []
        for filing in obligation.filings.filter(replaces__isnull=True).order_by("period_start"):
            if filing.status != Filing.Status.OPEN or filing.due_date < today:
                kept.append(filing)
                continue
            occurrence = wanted.get(filing.period_start)
            if occurrence is None and (filing.attachments.exists() or filing.payments.exists()):
                kept.append(filing)  # something was already attached to it: keep it for staff to resolve
                continue
            if occurrence is None:
                filing_deadline_remove(filing)
                filing.delete()
                result.removed += 1
                continue
            new = (occurrence.period_end, occurrence.due_date, occurrence.grace_ends)
            if (filing.period_end, filing.due_date, filing.grace_ends) != new:
                filing.period_end, filing.due_date, filing.grace_ends = new
                filing.full_clean()
                filing.save()
                filing_deadline_sync(filing)
                result.updated += 1
            kept.append(filing)
        for start, occurrence in wanted.items():
            if any(f.period_start == start or _overlaps(f, start, occurrence.period_end) for f in kept):
                continue
            filing = Filing(
                obligation=obligation,
                license=license,
                period_start=start,
                period_end=occurrence.period_end,
                due_date=occurrence.due_date,
                grace_ends=occurrence.grace_ends,
            )
            filing.full_clean()
            filing.save()
            filing_deadline_sync(filing)
            kept.append(filing)
            result.created += 1
    return result


def filings_generate_all(*, actor, today=None, license=None, horizon_months=recurrence.DEFAULT_HORIZON_MONTHS):
    """Run filings_generate for every obligation (of one license, or all
    licenses that are not expired, superseded or terminated)."""
    calendar = business_calendar()
    obligations = Obligation.objects.select_related("license")
    if license is not None:
        obligations = obligations.filter(license=license)
    else:
        obligations = obligations.filter(license__status__in=[License.Status.ACTIVE, License.Status.IN_RENEWAL])
    total = GenerationResult()
    for obligation in obligations.order_by("license_id", "id"):
        total += filings_generate(
            obligation=obligation, actor=actor, today=today, horizon_months=horizon_months, calendar=calendar
        )
    return total


# Filings -------------------------------------------------------------------


def filing_create(*, obligation, actor, period_start, period_end, due_date=None, notes=""):
    """Add an occurrence by hand (a special report the rule does not produce).
    Its period must lie within the license term."""
    with transaction.atomic(), acting_as(actor):
        filing = Filing(
            obligation=obligation,
            license=obligation.license,
            period_start=period_start,
            period_end=period_end,
            notes=notes,
            is_generated=False,
        )
        if period_start and period_end and due_date is None:
            nominal = recurrence.nominal_due_date(
                obligation.rule(),
                period_start=period_start,
                period_end=period_end,
                expiry=obligation.license.expiration_date,
            )
            due_date, grace_ends = recurrence.apply_business_day(obligation.rule(), nominal, business_calendar())
        else:
            grace_ends = due_date
        filing.due_date, filing.grace_ends = due_date, grace_ends
        filing.full_clean()
        filing.save()
        filing_deadline_sync(filing)
    return filing


def _attach(filing, actor, attachment, description):
    if attachment:
        item = FilingAttachment(filing=filing, file=attachment, description=description, uploaded_by=actor)
        item.full_clean()
        item.save()


def filing_record(
    *,
    filing,
    actor,
    received_date,
    gross_revenue=None,
    document_reference="",
    notes="",
    attachment=None,
    attachment_description="",
    today=None,
):
    """Log that a filing was received. Received after the end of grace: "late"."""
    today = _today(today)
    if filing.status not in (Filing.Status.OPEN, Filing.Status.RECEIVED, Filing.Status.LATE):
        raise ValidationError(
            f"This filing is already {filing.get_status_display().lower()}; "
            "log a resubmission of a deficient filing instead."
        )
    if received_date is None:
        raise ValidationError({"received_date": "Enter the date the filing was received."})
    _not_in_future(received_date, today, "received_date", "received date")
    with transaction.atomic(), acting_as(actor):
        filing.received_date = received_date
        filing.status = Filing.Status.LATE if received_date > filing.grace_ends else Filing.Status.RECEIVED
        if gross_revenue is not None:
            filing.gross_revenue = gross_revenue
        if document_reference:
            filing.document_reference = document_reference
        if notes:
            filing.notes = f"{filing.notes}\n{notes}".strip() if filing.notes else notes
        filing.logged_by = actor
        filing.logged_at = timezone.now()
        filing.full_clean()
        filing.save()
        filing_deadline_sync(filing)
        _attach(filing, actor, attachment, attachment_description)
    return filing


def filing_review(*, filing, actor, status, notes=""):
    """Accept a received filing, or mark it deficient (the operator must resubmit)."""
    if status not in (Filing.Status.ACCEPTED, Filing.Status.DEFICIENT):
        raise ValidationError({"status": "A review either accepts the filing or marks it deficient."})
    if filing.status not in Filing.RECEIVED_STATUSES:
        raise ValidationError("Log the filing as received before reviewing it.")
    if status == Filing.Status.DEFICIENT and not notes.strip():
        raise ValidationError({"notes": "Say what is deficient, so the operator can cure it."})
    with transaction.atomic(), acting_as(actor):
        filing.status = status
        if notes:
            filing.notes = f"{filing.notes}\n{notes}".strip() if filing.notes else notes
        filing.reviewed_by = actor
        filing.reviewed_at = timezone.now()
        filing.full_clean()
        filing.save()
        filing_deadline_sync(filing)
    return filing


def filing_waive(*, filing, actor, reason):
    if filing.status != Filing.Status.OPEN:
        raise ValidationError("Only an open filing can be waived.")
    if not reason.strip():
        raise ValidationError({"notes": "Give the reason for the waiver."})
    with transaction.atomic(), acting_as(actor):
        filing.status = Filing.Status.WAIVED
        filing.notes = f"{filing.notes}\nWaived: {reason}".strip()
        filing.reviewed_by = actor
        filing.reviewed_at = timezone.now()
        filing.full_clean()
        filing.save()
        filing_deadline_sync(filing)
    return filing


def filing_resubmit(
    *,
    filing,
    actor,
    received_date,
    gross_revenue=None,
    document_reference="",
    notes="",
    attachment=None,
    attachment_description="",
    today=None,
):
    """Log a resubmission of a deficient filing: a new filing for the same
    period that names the one it replaces."""
    if filing.status != Filing.Status.DEFICIENT:
        raise ValidationError("Only a deficient filing can be resubmitted.")
    if not Filing.objects.filter(selectors.loggable(), pk=filing.pk).exists():
        raise ValidationError(ALREADY_RESUBMITTED)
    with transaction.atomic(), acting_as(actor):
        replacement = Filing(
            obligation=filing.obligation,
            license=filing.license,
            period_start=filing.period_start,
            period_end=filing.period_end,
            due_date=filing.due_date,
            grace_ends=filing.grace_ends,
            replaces=filing,
            is_generated=False,
            gross_revenue=filing.gross_revenue,
        )
        replacement.full_clean()
        replacement.save()
        filing_deadline_sync(replacement)
        filing_deadline_superseded(filing)
        filing_record(
            filing=replacement,
            actor=actor,
            received_date=received_date,
            gross_revenue=gross_revenue,
            document_reference=document_reference,
            notes=notes,
            attachment=attachment,
            attachment_description=attachment_description,
            today=today,
        )
    return replacement


def attachment_add(*, filing, actor, file, description=""):
    with transaction.atomic(), acting_as(actor):
        _attach(filing, actor, file, description)
    return filing


# Payments ------------------------------------------------------------------


def payment_record(*, actor, license, today=None, **fields):
    """Log a payment (or an in-kind contribution valued at cost). Whether it
    counts against the 5% cap follows its kind unless given."""
    today = _today(today)
    with transaction.atomic(), acting_as(actor):
        payment = Payment(license=license, logged_by=actor)
        if fields.get("counts_toward_cap") is None:
            fields.pop("counts_toward_cap", None)
            payment.counts_toward_cap = Payment.CAP_DEFAULTS.get(fields.get("kind", Payment.Kind.FRANCHISE_FEE), True)
        apply_fields(payment, fields, allowed=PAYMENT_FIELDS)
        payment.full_clean()
        _not_in_future(payment.received_date, today, "received_date", "received date")
        payment.save()
    return payment


def payment_update(*, payment, actor, **fields):
    with transaction.atomic(), acting_as(actor):
        apply_fields(payment, fields, allowed=PAYMENT_FIELDS)
        payment.full_clean()
        payment.save()
    return payment


# Customer service ------------------------------------------------------------


def customer_service_report_save(*, actor, license, period_start, period_end, filing=None, notes="", **metrics):
    """Create or replace one quarter's 76.309 figures (staff today, the portal later)."""
    unknown = set(metrics) - set(scorecard_fields())
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic(), acting_as(actor):
        report = CustomerServiceReport.objects.filter(license=license, period_start=period_start).first()
        report = report or CustomerServiceReport(license=license, period_start=period_start)
        report.period_end = period_end
        report.filing = filing
        report.notes = notes
        report.entered_by = actor
        for name in scorecard_fields():
            setattr(report, name, metrics.get(name))
        report.full_clean()
        report.save()
    return report
