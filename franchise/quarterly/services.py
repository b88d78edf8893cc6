"""Writes for the provider portal: quarterly reports, their review, and the
upload log. Every write names its actor and runs in one transaction; the
license records change only through franchise.services."""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.audit import acting_as
from core.emails import make_message
from franchise import fees, scorecard
from franchise import services as franchise_services
from franchise.models import Filing, FilingAttachment, Obligation, QuarterlyReport, QuarterlyReportLine, UploadAttempt
from franchise.quarterly import qr1
from franchise.quarterly import validation as upload_validation


def underpayment_tolerance():
    """Dollars of underpayment taken as rounding (settings.REPORT_UNDERPAYMENT_TOLERANCE, default $1)."""
    value = getattr(settings, "REPORT_UNDERPAYMENT_TOLERANCE", fees.DEFAULT_UNDERPAYMENT_TOLERANCE)
    return fees.cents(Decimal(str(value)))


def upload_limits():
    """The validator's limits, from settings where the deployment sets them."""
    defaults = upload_validation.Limits()
    return upload_validation.Limits(
        max_bytes=settings.REPORT_UPLOAD_MAX_BYTES,
        max_uncompressed_bytes=getattr(
            settings, "REPORT_UPLOAD_MAX_UNCOMPRESSED_BYTES", defaults.max_uncompressed_bytes
        ),
        max_entries=getattr(settings, "REPORT_UPLOAD_MAX_ENTRIES", defaults.max_entries),
        max_rows=getattr(settings, "REPORT_UPLOAD_MAX_ROWS", defaults.max_rows),
        max_columns=getattr(settings, "REPORT_UPLOAD_MAX_COLUMNS", defaults.max_columns),
    )


def upload_attempt_log(*, actor, provider, filename, size, outcome, error_count, license=None, report=None):
    """The one line a refused upload leaves behind (and an accepted one, with its report)."""
    with transaction.atomic(), acting_as(actor):
        attempt = UploadAttempt(
            provider=provider,
            user=actor,
            license=license,
            filename=(filename or "(no name)")[:255],
            size=size,
            outcome=outcome,
            error_count=error_count,
            report=report,
            created_at=timezone.now(),
        )
        attempt.full_clean()
        attempt.save()
    return attempt


def _latest(filing):
    """Follow resubmissions to the filing that currently stands for the period."""
    while filing is not None:
        replacement = Filing.objects.select_related("obligation", "license").filter(replaces=filing).first()
        if replacement is None:
            return filing
        filing = replacement
    return None


def quarter_filing(license, kind, period_start, period_end):
    """The license's filing of `kind` for the quarter (exact period first, else one covering it)."""
    base = Filing.objects.select_related("obligation", "license").filter(
        license=license, obligation__kind=kind, replaces__isnull=True
    )
    filing = base.filter(period_start=period_start).order_by("id").first()
    if filing is None:
        filing = base.filter(period_start__lte=period_start, period_end__gte=period_end).order_by("id").first()
    return _latest(filing)


def _fee_filing_for(license, report):
    filing = quarter_filing(license, Obligation.Kind.FEE_REPORT, report.period_start, report.period_end)
    where = "Summary!B5"
    if filing is None:
        raise ValidationError(
            f"{where}: the City has no quarterly fee report due for {report.period_label} under “{license.title}”. "
            "Check the year and quarter; if they are right, contact the cable office."
        )
    if filing.status == Filing.Status.ACCEPTED:
        when = f" on {timezone.localtime(filing.reviewed_at):%Y-%m-%d}" if filing.reviewed_at else ""
        raise ValidationError(
            f"{where}: the City already accepted the report for {report.period_label}{when}. "
            "If it needs correcting, contact the cable office first."
        )
    if filing.status == Filing.Status.WAIVED:
        raise ValidationError(f"{where}: the City waived the report for {report.period_label}; nothing is due.")
    return filing


def _receive(filing, *, actor, received_date, today, **kwargs):
    """Mark a filing received through franchise.services: a deficient one is resubmitted."""
    if filing.status == Filing.Status.DEFICIENT:
        return franchise_services.filing_resubmit(
            filing=filing, actor=actor, received_date=received_date, today=today, **kwargs
        )
    return franchise_services.filing_record(
        filing=filing, actor=actor, received_date=received_date, today=today, **kwargs
    )


def _failed_standards(metrics):
    failed = []
    for metric in metrics:
        if metric.result == scorecard.FAIL:
            standard = metric.standard
            rule = f"at least {standard.threshold}%" if standard.at_least else f"under {standard.threshold}%"
            failed.append(f"{standard.label}: {metric.value}% (standard: {rule}; {standard.citation})")
    return failed


def quarterly_report_submit(*, actor, license, report, data, filename, today=None):
    """Store an upload that passed franchise.quarterly.validation: the report and its
    revenue lines, the fee filing (and the customer-service filing) marked
    received through franchise.services, the 76.309 figures saved, and the
    quarter reconciled with franchise.fees. A correction of a report not yet
    reviewed keeps the first receipt date; one after a "deficient" review is
    a resubmission. Raises ValidationError (nothing saved) when the quarter
    cannot take a report."""
    today = today or timezone.localdate()
    if actor.provider_id != license.provider_id:
        raise ValidationError("This license is not one of your organisation's licenses.")
    if not license.contains(report.period_start, report.period_end):
        raise ValidationError(
            f"Summary!B5: {report.period_label} is outside the license term "
            f"({license.effective_date:%Y-%m-%d} to {license.expiration_date:%Y-%m-%d})."
        )
    stored = []
    try:
        with transaction.atomic(), acting_as(actor):
            submitted = _submit(actor, license, report, data, filename, today, stored)
    except Exception:
        # The database rolled back; remove the copy of the workbook written to storage.
        for attachment_file in stored:
            attachment_file.storage.delete(attachment_file.name)
        raise
    _send_receipt(submitted)
    return submitted


def _submit(actor, license, report, data, filename, today, stored):
    # Two uploads for the same quarter at once: the second waits here for the first to commit,
    # then sees its report (and replaces it) instead of racing it.
    list(
        Filing.objects.select_for_update()
        .filter(license=license, obligation__kind=Obligation.Kind.FEE_REPORT, replaces__isnull=True)
        .filter(period_start__lte=report.period_start, period_end__gte=report.period_end)
        .values_list("pk", flat=True)
    )
    fee_filing = _fee_filing_for(license, report)
    previous = (
        QuarterlyReport.objects.filter(license=license, period_start=report.period_start)
        .exclude(status=QuarterlyReport.Status.SUPERSEDED)
        .order_by("-uploaded_at", "-id")
        .first()
    )
    reconciliation = fees.reconcile_quarter(
        gross_revenue_by_category=report.revenue_by_category(),
        rate_percent=license.fee_rate_percent,
        remitted=report.fee_remitted,
        tolerance=underpayment_tolerance(),
    )
    correction = fee_filing.status in (Filing.Status.RECEIVED, Filing.Status.LATE)
    received_date = fee_filing.received_date if correction and fee_filing.received_date else today
    reference = qr1.license_reference(license.provider.short_name, license.pk)
    fee_filing = _receive(
        fee_filing,
        actor=actor,
        received_date=received_date,
        today=today,
        gross_revenue=reconciliation.gross_revenue_total,
        document_reference=f"Portal upload: {filename}"[:200],
        notes=f"Quarterly report uploaded through the provider portal by {actor} ({filename}).",
        attachment=ContentFile(data, name=f"quarterly-report-{reference}-{report.year}-Q{report.quarter}.xlsx"),
        attachment_description=f"Quarterly report {qr1.VERSION} as uploaded ({filename})"[:200],
    )
    attachment = FilingAttachment.objects.filter(filing=fee_filing).order_by("-id").first()
    if attachment:
        stored.append(attachment.file)
    cs_filing = quarter_filing(license, Obligation.Kind.CUSTOMER_SERVICE, report.period_start, report.period_end)
    if cs_filing and cs_filing.status in (
        Filing.Status.OPEN,
        Filing.Status.RECEIVED,
        Filing.Status.LATE,
        Filing.Status.DEFICIENT,
    ):
        cs_correction = cs_filing.status in (Filing.Status.RECEIVED, Filing.Status.LATE)
        cs_filing = _receive(
            cs_filing,
            actor=actor,
            received_date=cs_filing.received_date if cs_correction and cs_filing.received_date else today,
            today=today,
            document_reference=f"Portal upload: {filename}"[:200],
            notes=f"Customer-service figures in the quarterly report uploaded by {actor} ({filename}).",
        )
    cs_report = franchise_services.customer_service_report_save(
        actor=actor,
        license=license,
        period_start=report.period_start,
        period_end=report.period_end,
        filing=cs_filing,
        notes=f"From the quarterly report uploaded through the provider portal ({filename}).",
        **report.customer_service,
    )
    metrics = cs_report.metrics()
    submitted = QuarterlyReport(
        provider=license.provider,
        license=license,
        filing=fee_filing,
        customer_service_filing=cs_filing,
        customer_service_report=cs_report,
        attachment=attachment,
        replaces=previous,
        year=report.year,
        quarter=report.quarter,
        period_start=report.period_start,
        period_end=report.period_end,
        template_version=report.template_version,
        original_filename=filename[:255],
        file_size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        subscribers=report.subscribers,
        gross_revenue=reconciliation.gross_revenue_total,
        fee_rate_percent=license.fee_rate_percent,
        fee_due=reconciliation.fee_due,
        fee_remitted=reconciliation.fee_remitted,
        variance=reconciliation.variance,
        peg_remitted=report.peg_remitted,
        tolerance=reconciliation.tolerance,
        payment_status=reconciliation.status,
        underpaid=not reconciliation.within_tolerance,
        scorecard_result=scorecard.overall(metrics),
        failed_standards="\n".join(_failed_standards(metrics)),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    submitted.full_clean()
    submitted.save()
    if previous is not None:
        previous.status = QuarterlyReport.Status.SUPERSEDED
        previous.full_clean()
        previous.save()
    for line in report.lines:
        row = QuarterlyReportLine(
            report=submitted, row=line.row, category=line.category, amount=line.amount, notes=line.notes
        )
        row.full_clean()
        row.save()
    upload_attempt_log(
        actor=actor,
        provider=license.provider,
        license=license,
        filename=filename,
        size=len(data),
        outcome=UploadAttempt.Outcome.ACCEPTED,
        error_count=0,
        report=submitted,
    )
    return submitted


def _provider_recipients(report):
    """Who hears about a report: the person who uploaded it and the organisation's portal administrators."""
    people = [report.uploaded_by, *report.provider.users.filter(is_active=True, is_provider_admin=True)]
    seen, emails = set(), []
    for person in people:
        if person.is_active and person.email and person.email.lower() not in seen:
            seen.add(person.email.lower())
            emails.append(person.email)
    return emails


def _send_receipt(report):
    recipients = [report.uploaded_by.email] if report.uploaded_by.email else []
    if recipients:
        transaction.on_commit(
            lambda: make_message("portal/report_received", {"report": report}, to=recipients).send(fail_silently=True)
        )


def quarterly_report_review(*, report, actor, decision, comment=""):
    """Staff accept a received report or mark it deficient with a comment the
    operator sees in the portal and by email. The fee filing (and the
    customer-service filing) get the same review through franchise.services."""
    comment = (comment or "").strip()
    if decision not in (QuarterlyReport.Status.ACCEPTED, QuarterlyReport.Status.DEFICIENT):
        raise ValidationError({"decision": "Either accept the report or mark it deficient."})
    if report.status != QuarterlyReport.Status.RECEIVED:
        raise ValidationError(f"This report is already {report.get_status_display().lower()}; nothing to review.")
    if decision == QuarterlyReport.Status.DEFICIENT and not comment:
        raise ValidationError({"comment": "Say what is deficient, so the operator can correct it and upload again."})
    filing_status = Filing.Status.ACCEPTED if decision == QuarterlyReport.Status.ACCEPTED else Filing.Status.DEFICIENT
    notes = f"Quarterly report {report.reference}: {comment}" if comment else ""
    with transaction.atomic(), acting_as(actor):
        for filing in (report.filing, report.customer_service_filing):
            if filing is not None and filing.status in Filing.RECEIVED_STATUSES:
                franchise_services.filing_review(filing=filing, actor=actor, status=filing_status, notes=notes)
        report.status = decision
        report.staff_comment = comment
        report.reviewed_by = actor
        report.reviewed_at = timezone.now()
        report.full_clean()
        report.save()
        recipients = _provider_recipients(report)
        if recipients:
            transaction.on_commit(
                lambda: make_message("portal/report_reviewed", {"report": report}, to=recipients).send(
                    fail_silently=True
                )
            )
    return report
