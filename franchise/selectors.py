"""Reads for the cable-license pages. Each page costs a fixed number of
queries whatever the number of filings and payments."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Min, Prefetch, Q

from businessdays.selectors import business_calendar
from franchise import fees
from franchise.models import CustomerServiceReport, Filing, License, Obligation, Payment

UPCOMING_DAYS = 90
DETAIL_ROWS = 25
LEDGER_ROWS_ON_DETAIL = 8


def _open_overdue(today):
    return Q(filings__status=Filing.Status.OPEN, filings__grace_ends__lt=today)


def license_list(today):
    return (
        License.objects.select_related("provider")
        .annotate(
            overdue_count=Count("filings", filter=_open_overdue(today), distinct=True),
            next_due=Min(
                "filings__due_date",
                filter=Q(filings__status=Filing.Status.OPEN, filings__grace_ends__gte=today),
            ),
        )
        .order_by("provider__name", "-expiration_date", "id")
    )


def filing_list():
    return Filing.objects.select_related("license__provider", "obligation", "replaces").order_by("due_date", "id")


def payment_list():
    return Payment.objects.select_related("license__provider", "filing").order_by("-received_date", "-id")


def obligation_list():
    return Obligation.objects.select_related("license__provider", "owner").order_by("license_id", "kind", "id")


def loggable():
    """The filings a clerk can log: open ones (filing_record), and deficient ones not yet resubmitted
    (filing_resubmit). Received, late, accepted and waived filings, and a deficient filing that already has
    its resubmission, are not. The services refuse the others with this same condition; the "log a filing"
    form offers only these."""
    return Q(status=Filing.Status.OPEN) | Q(status=Filing.Status.DEFICIENT, replaced_by__isnull=True)


def open_filings_for(license_id=None, correcting=None):
    """The loggable filings, soonest due first: what the "log a filing" form offers. `correcting` (a filing's
    id) adds that filing when it is received or late, whose received date filing_record may correct."""
    condition = loggable()
    if correcting:
        condition |= Q(pk=correcting, status__in=[Filing.Status.RECEIVED, Filing.Status.LATE])
    filings = Filing.objects.select_related("license__provider", "obligation").filter(condition)
    if license_id:
        filings = filings.filter(license_id=license_id)
    return filings.order_by("due_date", "id")


RECENTLY_RESUBMITTED = 10


def recently_resubmitted(license_id=None, limit=RECENTLY_RESUBMITTED):
    """Deficient filings that have their resubmission, the latest resubmission first (one query): the
    "log a filing" page lists them, since a clerk may look for one of them and it is no longer offered."""
    filings = Filing.objects.select_related("license__provider", "obligation", "replaced_by").filter(
        status=Filing.Status.DEFICIENT, replaced_by__isnull=False
    )
    if license_id:
        filings = filings.filter(license_id=license_id)
    return list(filings.order_by("-replaced_by__created_at", "-replaced_by__id")[:limit])


@dataclass
class LedgerRow:
    quarter: fees.QuarterFee
    filing: Filing
    payments: list = field(default_factory=list)


def _effective_gross(filings):
    """Gross revenue per original fee filing; a resubmission's figure replaces
    the original's (filings are taken in creation order)."""
    by_pk = {f.pk: f for f in filings}

    def root(filing):
        while filing.replaces_id and filing.replaces_id in by_pk:
            filing = by_pk[filing.replaces_id]
        return filing

    gross = {}
    for filing in sorted(filings, key=lambda f: f.pk):
        if filing.gross_revenue is not None:
            gross[root(filing).pk] = filing.gross_revenue
    return gross


def fee_ledger(license, fee_filings, payments, today):
    """Quarter rows, oldest first, for every fee report whose period has begun."""
    gross = _effective_gross(fee_filings)
    fee_payments = [p for p in payments if p.kind == Payment.Kind.FRANCHISE_FEE]
    rows = []
    for filing in sorted(fee_filings, key=lambda f: (f.period_start, f.pk)):
        if filing.replaces_id or filing.period_start > today:
            continue
        matched = [p for p in fee_payments if filing.period_start <= p.period_start <= filing.period_end]
        quarter = fees.quarter_fee(
            period_start=filing.period_start,
            period_end=filing.period_end,
            due_date=filing.due_date,
            gross_revenue=gross.get(filing.pk),
            rate_percent=license.fee_rate_percent,
            interest_percent=license.late_interest_percent,
            payments=[fees.PaymentLine(p.received_date, p.amount) for p in matched],
            as_of=today,
        )
        rows.append(LedgerRow(quarter, filing, matched))
    return rows


def cap_checks(license, fee_filings, payments, today):
    """One 5% cap check per license year that has begun (47 U.S.C. 542(b)).

    Convention: a quarter's gross revenue and a payment count in the license
    year in which their period ends.
    """
    gross = _effective_gross(fee_filings)
    checks = []
    for start, end in fees.license_years(
        effective=license.effective_date, expiry=license.expiration_date, through=today
    ):
        revenue = fees.sum_money(
            gross[f.pk]
            for f in fee_filings
            if not f.replaces_id and gross.get(f.pk) is not None and start <= f.period_end <= end
        )
        in_year = [p for p in payments if p.counts_toward_cap and start <= p.period_end <= end]
        cash = fees.sum_money(p.amount for p in in_year if p.kind != Payment.Kind.IN_KIND)
        in_kind = fees.sum_money(p.amount for p in in_year if p.kind == Payment.Kind.IN_KIND)
        checks.append(
            fees.cap_check(
                gross_revenue=revenue, cash_fees=cash, in_kind_at_cost=in_kind, year_start=start, year_end=end
            )
        )
    return checks


@dataclass
class RenewalLine:
    item: object
    closed_reason: str | None


def renewal_lines(license, calendar):
    return [
        RenewalLine(item, calendar.reason_closed(item.date) if item.date else None)
        for item in license.renewal_calendar()
    ]


def license_detail(pk, today):
    """Everything the license page shows, in a fixed number of queries."""
    license = License.objects.select_related("provider").get(pk=pk)
    obligations = list(
        license.obligations.select_related("owner")
        .annotate(
            open_count=Count("filings", filter=Q(filings__status=Filing.Status.OPEN)),
            overdue_count=Count("filings", filter=_open_overdue(today)),
            next_due=Min(
                "filings__due_date", filter=Q(filings__status=Filing.Status.OPEN, filings__grace_ends__gte=today)
            ),
        )
        .order_by("kind", "title", "id")
    )
    base = Filing.objects.filter(license=license).select_related("obligation")
    # Needs attention: open past grace, or deficient and not yet resubmitted.
    overdue = list(
        base.filter(
            Q(status=Filing.Status.OPEN, grace_ends__lt=today)
            | Q(status=Filing.Status.DEFICIENT, replaced_by__isnull=True)
        ).order_by("due_date", "id")[: DETAIL_ROWS + 1]
    )
    upcoming = list(
        base.filter(
            status=Filing.Status.OPEN, grace_ends__gte=today, due_date__lte=today + timedelta(days=UPCOMING_DAYS)
        ).order_by("due_date", "id")[: DETAIL_ROWS + 1]
    )
    recent = list(
        base.filter(status__in=[*Filing.RECEIVED_STATUSES, Filing.Status.WAIVED])
        .select_related("logged_by")
        .order_by("-received_date", "-id")[:10]
    )
    fee_filings = list(
        Filing.objects.filter(license=license, obligation__kind=Obligation.Kind.FEE_REPORT).only(
            "id",
            "period_start",
            "period_end",
            "due_date",
            "grace_ends",
            "gross_revenue",
            "replaces_id",
            "received_date",
            "status",
            "obligation_id",
            "license_id",
        )
    )
    payments = list(license.payments.order_by("-received_date", "-id"))
    ledger = fee_ledger(license, fee_filings, payments, today)
    reports = list(license.customer_service_reports.order_by("-period_start")[:4])
    return {
        "license": license,
        "obligations": obligations,
        "overdue": overdue[:DETAIL_ROWS],
        "overdue_more": len(overdue) > DETAIL_ROWS,
        "upcoming": upcoming[:DETAIL_ROWS],
        "upcoming_more": len(upcoming) > DETAIL_ROWS,
        "upcoming_days": UPCOMING_DAYS,
        "recent_filings": recent,
        "payments": payments[:10],
        "payments_more": len(payments) > 10,
        "ledger": list(reversed(ledger))[:LEDGER_ROWS_ON_DETAIL],
        "cap_checks": list(reversed(cap_checks(license, fee_filings, payments, today))),
        "renewal": renewal_lines(license, business_calendar()),
        "cs_reports": reports,
        "today": today,
    }


def license_fee_ledger(pk, today):
    license = License.objects.select_related("provider").get(pk=pk)
    fee_filings = list(Filing.objects.filter(license=license, obligation__kind=Obligation.Kind.FEE_REPORT))
    payments = list(license.payments.order_by("-received_date", "-id"))
    return {
        "license": license,
        "ledger": list(reversed(fee_ledger(license, fee_filings, payments, today))),
        "cap_checks": list(reversed(cap_checks(license, fee_filings, payments, today))),
        "today": today,
    }


def license_scorecard(pk):
    license = License.objects.select_related("provider").get(pk=pk)
    reports = list(license.customer_service_reports.select_related("filing", "entered_by").order_by("-period_start"))
    return {"license": license, "reports": reports}


def obligation_detail(pk):
    filings = Prefetch("filings", queryset=Filing.objects.select_related("replaces").order_by("due_date", "id"))
    return Obligation.objects.select_related("license__provider", "owner").prefetch_related(filings).get(pk=pk)


def filing_detail(pk):
    return (
        Filing.objects.select_related(
            "license__provider", "obligation", "logged_by", "reviewed_by", "replaces", "replaced_by"
        )
        .prefetch_related("attachments__uploaded_by", "payments")
        .get(pk=pk)
    )


def customer_service_for(license_id, period_start):
    return CustomerServiceReport.objects.filter(license_id=license_id, period_start=period_start).first()
