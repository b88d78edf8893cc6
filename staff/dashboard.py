"""Reads for the staff home page: a fixed number of queries whatever the data size."""

from bisect import bisect_right
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from accounts.models import Provider
from accounts.roles import STAFF, has_role
from core.charts import bar_chart, money, quarter_label
from core.models import StoredFigures
from core.services import stored_figures_put
from deadlines.models import Deadline
from franchise import renewal
from franchise.models import Filing, License, Payment
from permits import selectors as permit_selectors
from permits import shotclock
from permits.models import ClockState, PermitApplication


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


def shot_clocks_needing_attention(today, limit=10):
    """Missed and at-risk clocks for the home page, by the one rule
    (shotclock.attention, permits.selectors.attention_filter): the counts
    from the index-backed counts, the tables the `limit` oldest deadlines.
    Each missed row carries `days_since` its deadline."""
    counts = permit_selectors.attention_counts(today, kinds=(shotclock.ATTENTION_MISSED, shotclock.ATTENTION_AT_RISK))
    missed = permit_selectors.attention_list(shotclock.ATTENTION_MISSED, today, limit)
    for application in missed:
        application.days_since = (today - application.clock_deadline).days if application.clock_deadline else None
    return {
        "missed_count": counts[shotclock.ATTENTION_MISSED],
        "missed": missed,
        "at_risk_count": counts[shotclock.ATTENTION_AT_RISK],
        "at_risk": permit_selectors.attention_list(shotclock.ATTENTION_AT_RISK, today, limit),
        "at_risk_days": shotclock.AT_RISK_DAYS,
    }


def renewal_windows(today):
    """Licenses whose 47 U.S.C. 546(a) window opens in the next 24 months."""
    soonest = today + relativedelta(months=renewal.WINDOW_OPENS_MONTHS)
    latest = today + relativedelta(months=renewal.WINDOW_OPENS_MONTHS + 24)
    rows = []
    for license in (
        License.objects.filter(expiration_date__gte=soonest, expiration_date__lte=latest)
        .select_related("provider")
        .order_by("expiration_date")[:20]
    ):
        opens, closes = renewal.window(license.expiration_date)
        rows.append({"license": license, "opens": opens, "closes": closes})
    return rows


def fees_figures(today):
    """Franchise fees received per quarter and provider: {provider name: [amount per quarter]}."""
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
    return {name: [money(values.get(q)) for q in quarters] for name, values in sorted(by_provider.items())}


def fees_chart(today, figures=None):
    figures = fees_figures(today) if figures is None else figures
    return bar_chart(
        title="Franchise fees received per quarter, by provider (last 3 years)",
        categories=[quarter_label(q) for q in _quarters(today)],
        series=list(figures.items()),
        unit="$",
    )


def _per_quarter(queryset, date_field, quarters, today, **measures):
    """One aggregate query: for each quarter and measure, a filtered count.

    The database groups by the date column itself (an indexed range, a few
    filtered counts per row, at most one result row per day) and the days are
    summed into quarters here; a filtered count per quarter and measure would
    evaluate every quarter's condition on every row, a cost that grows with
    the records times the quarters.
    """
    ends = [*quarters[1:], today + timedelta(days=1)]
    totals = {name: [0] * len(quarters) for name in measures}
    rows = (
        queryset.filter(**{f"{date_field}__gte": quarters[0], f"{date_field}__lte": today})
        .order_by()
        .values(date_field)
        .annotate(**{f"n_{name}": Count("id", filter=condition) for name, condition in measures.items()})
    )
    for row in rows:
        day = row[date_field]
        i = bisect_right(ends, day)  # the quarter whose end (exclusive) is the first one past the day
        for name in measures:
            totals[name][i] += row[f"n_{name}"]
    return totals


def shot_clock_figures(today):
    """Decided clocks met vs missed per quarter of the decision, and clocks missed
    with no decision yet per quarter of the deadline they passed (the missed
    class of shotclock.attention, so the chart hides none the home page lists)."""
    quarters = _quarters(today)
    decided = _per_quarter(
        PermitApplication.objects.filter(permit_selectors.attention_filter(shotclock.ATTENTION_CLOSED, today)),
        "decision_date",
        quarters,
        today,
        within=Q(clock_state=ClockState.MET),
        past=Q(clock_state=ClockState.MISSED),
    )
    undecided = _per_quarter(
        PermitApplication.objects.filter(permit_selectors.attention_filter(shotclock.ATTENTION_MISSED, today)),
        "clock_deadline",
        quarters,
        today,
        missed=Q(),
    )
    return {"within": decided["within"], "past": decided["past"], "missed": undecided["missed"]}


def shot_clock_chart(today, figures=None):
    figures = shot_clock_figures(today) if figures is None else figures
    return bar_chart(
        title="Small-cell shot clocks per quarter: decided within or past the clock, and missed with no decision",
        categories=[quarter_label(q) for q in _quarters(today)],
        series=[
            ("Decided within the shot clock", figures["within"]),
            ("Decided past the shot clock", figures["past"]),
            ("Missed, not yet decided", figures["missed"]),
        ],
    )


def filings_figures(today):
    return _per_quarter(
        Filing.objects.filter(status__in=Filing.RECEIVED_STATUSES, received_date__isnull=False),
        "due_date",
        _quarters(today),
        today,
        on_time=Q(received_date__lte=F("grace_ends")),
        late=Q(received_date__gt=F("grace_ends")),
    )


def filings_chart(today, figures=None):
    figures = filings_figures(today) if figures is None else figures
    return bar_chart(
        title="License filings received on time vs late, per quarter due",
        categories=[quarter_label(q) for q in _quarters(today)],
        series=[("On time", figures["on_time"]), ("Late", figures["late"])],
    )


CHART_CACHE_SECONDS = 15 * 60
CHART_FIGURES_KEY = "staff-home-charts"
# Stored figures older than this are computed again by the page itself (the worker refreshes them every
# 15 minutes, setup_schedules; this covers a worker that is down).
CHART_FIGURES_STALE = timedelta(hours=1)


def chart_figures(today):
    """The three charts' numbers, JSON-safe: the one part of the page whose cost grows with the data."""
    return {
        "day": today.isoformat(),
        "fees": {name: [float(value or 0) for value in values] for name, values in fees_figures(today).items()},
        "shot_clocks": shot_clock_figures(today),
        "filings": filings_figures(today),
    }


def chart_figures_refresh(today=None):
    """Compute the charts' figures and store them (the worker's scheduled task, staff.tasks)."""
    today = today or timezone.localdate()
    stored = stored_figures_put(key=CHART_FIGURES_KEY, data=chart_figures(today))
    cache.set(_chart_cache_key(today), _charts_from(stored, today), CHART_CACHE_SECONDS)
    return stored


def _chart_cache_key(today):
    return f"dashboard-charts:{today.isoformat()}"


def _charts_from(stored, today):
    figures = stored.data
    return {
        "fees_chart": fees_chart(today, figures["fees"]),
        "shot_clock_chart": shot_clock_chart(today, figures["shot_clocks"]),
        "filings_chart": filings_chart(today, figures["filings"]),
        "charts_computed_at": stored.computed_at,
    }


def charts(today):
    """The three trend charts. They aggregate three years of records, so the
    worker computes their figures every 15 minutes and stores them
    (core.models.StoredFigures); the page draws the stored figures, says when
    they were computed, and keeps the drawn charts in the cache (Redis in
    production). Only when no figures for today are stored, or they are over an
    hour old (the worker is down), does a request compute them itself."""
    key = _chart_cache_key(today)
    drawn = cache.get(key)
    if drawn is None:
        stored = StoredFigures.objects.filter(key=CHART_FIGURES_KEY).first()
        if (
            stored is None
            or stored.data.get("day") != today.isoformat()
            or stored.computed_at < timezone.now() - CHART_FIGURES_STALE
        ):
            stored = stored_figures_put(key=CHART_FIGURES_KEY, data=chart_figures(today))
        drawn = _charts_from(stored, today)
        cache.set(key, drawn, CHART_CACHE_SECONDS)
    return drawn


def home_dashboard(today=None, user=None):
    """The home page's figures; `user` (a Staff user) also gets the count of open applications assigned to them."""
    today = today or timezone.localdate()
    counts = deadline_counts_by_provider(today)
    assigned = permit_selectors.assigned_open_count(user) if user is not None and has_role(user, STAFF) else None
    return {
        "assigned_to_you": assigned,
        **charts(today),
        "today": today,
        "deadline_counts": counts,
        "overdue_total": sum(r["overdue"] for r in counts),
        "this_week_total": sum(r["this_week"] for r in counts),
        **shot_clocks_needing_attention(today),
        "renewal_windows": renewal_windows(today),
        "provider_count": Provider.objects.filter(is_active=True).count(),
    }
