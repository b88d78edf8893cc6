"""Reads for the portal pages, every one scoped to the signed-in provider.

Each function takes the provider first and never returns another's rows; a
detail lookup outside the provider raises DoesNotExist, which the views turn
into 404. Each page costs a fixed number of queries whatever the data size.
"""

from datetime import timedelta

from django.db.models import Count, Min, Prefetch, Q

from franchise.models import Filing, License, Obligation, QuarterlyReport, UploadAttempt
from franchise.quarterly.selectors import upload_expectations  # noqa: F401 (the portal's upload page)

DUE_SOON_DAYS = 60
HOME_ROWS = 10


def licenses_for(provider):
    return License.objects.filter(provider=provider).order_by("-effective_date", "id")


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
