"""Reads for quarterly reports that are not scoped to one signed-in
provider: what an upload must match, and the staff review queue and page."""

from django.utils import timezone

from franchise.models import Filing, License, Obligation, Payment, QuarterlyReport
from franchise.quarterly import openquarter, qr1
from franchise.quarterly.validation import Expected


def _licenses_of(provider):
    return License.objects.filter(provider=provider).order_by("-effective_date", "id")


def upload_expectations(provider, license, today):
    """What an upload for `license` must match: the provider, the license reference, and today."""
    others = {
        qr1.license_reference(provider.short_name, other.pk): other.title
        for other in _licenses_of(provider).exclude(pk=license.pk)
    }
    return Expected(
        provider_names=(provider.name, provider.short_name),
        provider_display=provider.name,
        license_reference=qr1.license_reference(provider.short_name, license.pk),
        license_title=license.title,
        today=today,
        other_licenses=others,
    )


def staff_report_queue():
    return QuarterlyReport.objects.select_related("provider", "license", "uploaded_by").order_by("uploaded_at", "id")


def staff_report_detail(pk):
    report = (
        QuarterlyReport.objects.select_related(
            "provider",
            "license",
            "filing__obligation",
            "customer_service_filing",
            "customer_service_report",
            "replaces",
            "replaced_by",
            "reviewed_by",
            "uploaded_by",
            "attachment",
        )
        .prefetch_related("lines")
        .get(pk=pk)
    )
    payments = list(
        Payment.objects.filter(
            license=report.license,
            kind=Payment.Kind.FRANCHISE_FEE,
            period_start__gte=report.period_start,
            period_start__lte=report.period_end,
        ).order_by("received_date", "id")
    )
    return {"report": report, "payments": payments, "payments_total": sum((p.amount for p in payments), 0)}


def open_quarters(licenses, today):
    """{license id: openquarter.OpenQuarter} for `licenses` on `today`, from one query over their
    quarterly fee filings: the quarter each may upload for (franchise.quarterly.openquarter)."""
    licenses = list(licenses)
    rows = {license.pk: [] for license in licenses}
    filings = Filing.objects.filter(
        license__in=[license.pk for license in licenses],
        obligation__kind=Obligation.Kind.FEE_REPORT,
        period_end__lt=today,
    ).values_list("license_id", "period_start", "period_end", "status", "reviewed_at")
    for license_id, start, end, status, reviewed_at in filings:
        reviewed_on = timezone.localdate(reviewed_at) if reviewed_at else None
        rows[license_id].append(openquarter.FeeFiling(start, end, status, reviewed_on))
    return {license_id: openquarter.open_quarter(today, found) for license_id, found in rows.items()}


def open_quarter_for(license, today):
    return open_quarters([license], today)[license.pk]
