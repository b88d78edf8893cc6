"""Reads for quarterly reports that are not scoped to one signed-in
provider: what an upload must match, and the staff review queue and page."""

from franchise.models import License, Payment, QuarterlyReport
from franchise.quarterly import qr1
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
