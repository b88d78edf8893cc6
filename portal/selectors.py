"""Reads for the portal pages, every one scoped to the signed-in provider.

Each function takes the provider first and never returns another's rows; a
detail lookup outside the provider raises DoesNotExist, which the views turn
into 404. Each page costs a fixed number of queries whatever the data size.
"""

from datetime import timedelta

from django.db.models import Count, Min, Prefetch, Q

from franchise.models import Filing, License, Obligation, Payment
from portal import qr1
from portal.models import QuarterlyReport, UploadAttempt
from portal.upload_validation import Expected

DUE_SOON_DAYS = 60
HOME_ROWS = 10


def licenses_for(provider):
    return License.objects.filter(provider=provider).order_by("-effective_date", "id")


def upload_expectations(provider, license, today):
    """What an upload for `license` must match: the provider, the license reference, and today."""
    others = {
        qr1.license_reference(provider.short_name, other.pk): other.title
        for other in licenses_for(provider).exclude(pk=license.pk)
    }
    return Expected(
        provider_names=(provider.name, provider.short_name),
        provider_display=provider.name,
        license_reference=qr1.license_reference(provider.short_name, license.pk),
        license_title=license.title,
        today=today,
        other_licenses=others,
    )


def filings_for(provider):
    return Filing.objects.filter(license__provider=provider).select_related("license", "obligation")


def reports_for(provider):
    return QuarterlyReport.objects.filter(provider=provider).select_related("license", "uploaded_by")


def home(provider, today):
    """What is overdue, what needs resubmitting, what is due soon, and the latest uploads."""
    filings = filings_for(provider)
    overdue = list(
        filings.filter(status=Filing.Status.OPEN, grace_ends__lt=today).order_by("due_date", "id")[: HOME_ROWS + 1]
    )
    deficient = list(
        filings.filter(status=Filing.Status.DEFICIENT, replaced_by__isnull=True).order_by("due_date", "id")[
            : HOME_ROWS + 1
        ]
    )
    due_soon = list(
        filings.filter(
            status=Filing.Status.OPEN, grace_ends__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
        ).order_by("due_date", "id")[: HOME_ROWS + 1]
    )
    return {
        "overdue": overdue[:HOME_ROWS],
        "overdue_more": len(overdue) > HOME_ROWS,
        "deficient": deficient[:HOME_ROWS],
        "deficient_more": len(deficient) > HOME_ROWS,
        "due_soon": due_soon[:HOME_ROWS],
        "due_soon_more": len(due_soon) > HOME_ROWS,
        "due_soon_days": DUE_SOON_DAYS,
        "recent_reports": list(reports_for(provider).order_by("-uploaded_at", "-id")[:5]),
        "license_count": licenses_for(provider).count(),
    }


def license_list(provider, today):
    """The provider's licenses, each with its obligations and their next due date."""
    obligations = Prefetch(
        "obligations",
        queryset=Obligation.objects.annotate(
            overdue_count=Count(
                "filings", filter=Q(filings__status=Filing.Status.OPEN, filings__grace_ends__lt=today), distinct=True
            ),
            next_due=Min(
                "filings__due_date", filter=Q(filings__status=Filing.Status.OPEN, filings__grace_ends__gte=today)
            ),
        ).order_by("kind", "title", "id"),
    )
    return licenses_for(provider).prefetch_related(obligations)


def license_detail(provider, pk, today):
    license = license_list(provider, today).get(pk=pk)
    upcoming = list(
        Filing.objects.filter(license=license, status__in=[Filing.Status.OPEN, Filing.Status.DEFICIENT])
        .select_related("obligation")
        .order_by("due_date", "id")[:25]
    )
    return {"license": license, "open_filings": upcoming}


def filing_list(provider):
    current = Prefetch(
        "quarterly_reports",
        queryset=QuarterlyReport.objects.exclude(status=QuarterlyReport.Status.SUPERSEDED).order_by("-uploaded_at"),
        to_attr="current_reports",
    )
    return filings_for(provider).prefetch_related(current).order_by("-due_date", "-id")


def filing_detail(provider, pk):
    reports = Prefetch("quarterly_reports", queryset=QuarterlyReport.objects.order_by("-uploaded_at", "-id"))
    return filings_for(provider).select_related("replaces", "replaced_by").prefetch_related(reports).get(pk=pk)


def report_list(provider):
    return reports_for(provider).order_by("-uploaded_at", "-id")


def report_detail(provider, pk):
    return (
        reports_for(provider)
        .select_related(
            "filing__obligation",
            "customer_service_report",
            "replaces",
            "replaced_by",
            "reviewed_by",
            "attachment",
        )
        .prefetch_related("lines")
        .get(pk=pk)
    )


def upload_list(provider):
    return (
        UploadAttempt.objects.filter(provider=provider)
        .select_related("user", "license", "report")
        .order_by("-created_at", "-id")
    )


# Staff side (franchise/views_reports.py) -------------------------------------


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
