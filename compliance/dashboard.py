"""Reads for the staff home page: a fixed number of queries whatever the data size."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from accounts.models import Provider
from compliance.charts import bar_chart, money, quarter_label
from compliance.models import Deadline
from franchise import renewal
from franchise.models import Filing, License, Payment
from permits.models import ClockState, PermitApplication

AT_RISK_DAYS = 7


def _quarters(today, years=3):
    """First days of the last `years` * 4 quarters, oldest first."""
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return [first - relativedelta(months=3 * n) for n in range(years * 4 - 1, -1, -1)]


def deadline_counts_by_provider(today):
    week = today + timedelta(days=7)
    rows = (
        Deadline.objects.filter(state=Deadline.State.OPEN, due_date__lte=week)
        .values("provider_id", "provider__name")
        .annotate(
            overdue=Count("id", filter=Q(due_date__lt=today)),
            this_week=Count("id", filter=Q(due_date__gte=today)),
        )
        .order_by("provider__name")
    )
    return [
        {
            "provider_id": r["provider_id"],
            "name": r["provider__name"] or "The City (no provider)",
            "overdue": r["overdue"],
            "this_week": r["this_week"],
        }
        for r in rows
    ]


def clocks_at_risk(today, limit=10):
    query = PermitApplication.objects.filter(
        clock_state=ClockState.RUNNING,
        clock_deadline__isnull=False,
        clock_deadline__lte=today + timedelta(days=AT_RISK_DAYS),
    ).select_related("applicant")
    return query.count(), list(query.order_by("clock_deadline")[:limit])


def renewal_windows(today):
    """Licenses whose 47 U.S.C. 546(a) window opens in the next 24 months."""
    soonest = today + relativedelta(months=renewal.WINDOW_OPENS_MONTHS)
    latest = today + relativedelta(months=renewal.WINDOW_OPENS_MONTHS + 24)
    rows = []
    for licence in (
        License.objects.filter(expiration_date__gte=soonest, expiration_date__lte=latest)
        .select_related("provider")
        .order_by("expiration_date")[:20]
    ):
        opens, closes = renewal.window(licence.expiration_date)
        rows.append({"license": licence, "opens": opens, "closes": closes})
    return rows


def fees_chart(today):
    quarters = _quarters(today)
    start = quarters[0]
    totals = (
        Payment.objects.filter(kind=Payment.Kind.FRANCHISE_FEE, received_date__gte=start, received_date__lte=today)
        .annotate(quarter=TruncQuarter("received_date"))
        .values("quarter", "license__provider__name")
        .annotate(total=Sum("amount"))
    )
    by_provider = {}
    for row in totals:
        quarter = row["quarter"].date() if hasattr(row["quarter"], "date") else row["quarter"]
        by_provider.setdefault(row["license__provider__name"], {})[quarter] = row["total"]
    series = [(name, [money(values.get(q)) for q in quarters]) for name, values in sorted(by_provider.items())]
    return bar_chart(
        title="Franchise fees received per quarter, by provider (last 3 years)",
        categories=[quarter_label(q) for q in quarters],
        series=series,
        unit="$",
    )


def shot_clock_chart(today):
    quarters = _quarters(today)
    rows = (
        PermitApplication.objects.filter(decision_date__gte=quarters[0], decision_date__lte=today)
        .annotate(quarter=TruncQuarter("decision_date"))
        .values("quarter")
        .annotate(
            within=Count("id", filter=Q(clock_state=ClockState.MET)),
            past=Count("id", filter=Q(clock_state=ClockState.MISSED)),
        )
    )
    found = {(r["quarter"].date() if hasattr(r["quarter"], "date") else r["quarter"]): r for r in rows}
    return bar_chart(
        title="Small-cell applications decided within vs past the shot clock, per quarter",
        categories=[quarter_label(q) for q in quarters],
        series=[
            ("Within the shot clock", [found.get(q, {}).get("within", 0) for q in quarters]),
            ("Past the shot clock", [found.get(q, {}).get("past", 0) for q in quarters]),
        ],
    )


def filings_chart(today):
    quarters = _quarters(today)
    rows = (
        Filing.objects.filter(
            due_date__gte=quarters[0],
            due_date__lte=today,
            status__in=Filing.RECEIVED_STATUSES,
            received_date__isnull=False,
        )
        .annotate(quarter=TruncQuarter("due_date"))
        .values("quarter")
        .annotate(
            on_time=Count("id", filter=Q(received_date__lte=F("grace_ends"))),
            late=Count("id", filter=Q(received_date__gt=F("grace_ends"))),
        )
    )
    found = {(r["quarter"].date() if hasattr(r["quarter"], "date") else r["quarter"]): r for r in rows}
    return bar_chart(
        title="License filings received on time vs late, per quarter due",
        categories=[quarter_label(q) for q in quarters],
        series=[
            ("On time", [found.get(q, {}).get("on_time", 0) for q in quarters]),
            ("Late", [found.get(q, {}).get("late", 0) for q in quarters]),
        ],
    )


def home_dashboard(today=None):
    today = today or timezone.localdate()
    at_risk_count, at_risk = clocks_at_risk(today)
    counts = deadline_counts_by_provider(today)
    return {
        "today": today,
        "deadline_counts": counts,
        "overdue_total": sum(r["overdue"] for r in counts),
        "this_week_total": sum(r["this_week"] for r in counts),
        "at_risk_count": at_risk_count,
        "at_risk": at_risk,
        "renewal_windows": renewal_windows(today),
        "fees_chart": fees_chart(today),
        "shot_clock_chart": shot_clock_chart(today),
        "filings_chart": filings_chart(today),
        "provider_count": Provider.objects.filter(is_active=True).count(),
    }
