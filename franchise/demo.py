"""Demo cable licenses for Boston's three operators. ILLUSTRATIVE, idempotent.

Built on public facts (Comcast's renewal license
granted 2010-10-08 and extended to 2020-10-07; RCN's 15-year license of 1999;
Verizon's final license of 2016-12-05, amended 2017-09-29). The terms shown
after those facts, every amount and every filing are invented so that a new
user sees a living system: about a year and a half of filings and payments
up to today, one late payment, one deficient report and one overdue report.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Provider
from franchise import fees, services
from franchise.models import Filing, License, Obligation, Payment

ILLUSTRATIVE = "ILLUSTRATIVE DEMO RECORD: terms, amounts and filings are invented; not a record of the City."

LICENSES = [
    {
        "provider": "comcast",
        "title": "Comcast renewal license 2020-2030 (illustrative)",
        "license_kind": License.Kind.RENEWAL,
        "grant_date": date(2020, 9, 30),
        "effective_date": date(2020, 10, 8),
        "expiration_date": date(2030, 10, 7),
        "fee_rate_percent": Decimal("4"),
        "late_interest_percent": Decimal("12"),
        "peg_support_terms": "Illustrative: quarterly PEG operating support to Boston Neighborhood Network (BNN) "
        "and an annual capital grant.",
        "service_area_terms": "Citywide.",
        "source_document": "Illustrative. Real history: renewal license granted 2010-10-08, extended to 2020-10-07 "
        "by a 2015 extension agreement; status after 2020 unconfirmed.",
        "amendments": "2015 extension agreement: term extended to 2020-10-07 (real). The 2020-2030 renewal shown "
        "here is illustrative.",
        "gross_per_quarter": Decimal("14250000.00"),
        "peg_per_quarter": Decimal("60000.00"),
        "in_kind_per_year": Decimal("180000.00"),
    },
    {
        "provider": "rcn",
        "title": "RCN (Astound) renewal license 2017-2027 (illustrative)",
        "license_kind": License.Kind.RENEWAL,
        "grant_date": date(2017, 3, 15),
        "effective_date": date(2017, 4, 1),
        "expiration_date": date(2027, 3, 31),
        "fee_rate_percent": Decimal("4.25"),
        "late_interest_percent": Decimal("12"),
        "peg_support_terms": "Illustrative: quarterly PEG operating support to BNN.",
        "service_area_terms": "Illustrative: neighbourhoods served under the original license.",
        "source_document": "Illustrative. Real history: 15-year license from 1999; renewals unconfirmed.",
        "gross_per_quarter": Decimal("3180000.00"),
        "peg_per_quarter": Decimal("12000.00"),
        "in_kind_per_year": Decimal("20000.00"),
        "renewal": {
            "renewal_notice_date": date(2024, 5, 15),
            "renewal_commenced_date": date(2024, 10, 1),
            "renewal_proposal_date": date(2026, 9, 1),
        },
    },
    {
        "provider": "verizon",
        "title": "Verizon final license 2016 (illustrative term)",
        "license_kind": License.Kind.INITIAL,
        "grant_date": date(2016, 12, 5),
        "effective_date": date(2016, 12, 5),
        "expiration_date": date(2031, 12, 4),
        "fee_rate_percent": Decimal("4.25"),
        "late_interest_percent": Decimal("12"),
        "peg_support_terms": "Illustrative: quarterly PEG operating support to BNN.",
        "service_area_terms": "Amended 2017-09-29 to widen the service area from 28% to 56% of the city (real). "
        "Illustrative milestone: service available to 75% of households by 2027-06-30.",
        "source_document": "Final license 2016-12-05 (real); term unconfirmed, 15 years shown (illustrative).",
        "amendments": "2017-09-29: service area widened from 28% to 56% of the city (real).",
        "gross_per_quarter": Decimal("5640000.00"),
        "peg_per_quarter": Decimal("20000.00"),
        "in_kind_per_year": Decimal("40000.00"),
        "milestone": date(2027, 6, 30),
    },
]

CODES = [
    "franchise-fee-quarterly",
    "customer-service-quarterly",
    "complaint-report-form-500",
    "financial-statements-annual",
    "per-subscriber-fee-annual",
    "insurance-certificate-annual",
    "performance-bond-annual",
    "peg-support-quarterly",
    "in-kind-valuation-annual",
    "renewal-window",
]
LICENSE_FIELDS = set(services.LICENSE_FIELDS) - {"provider", "is_illustrative"}


def _tracking_start(today):
    """Conduit "started" tracking on January 1 of last year: earlier periods were kept on paper."""
    return date(today.year - 1, 1, 1)


def _obligations(license, spec, actor, today):
    codes = [*CODES, "build-out-milestone"] if spec.get("milestone") else CODES
    services.obligations_from_catalogue(
        license=license,
        actor=actor,
        codes=codes,
        fixed_dates={"build-out-milestone": spec.get("milestone")},
        track_from=_tracking_start(today),
        today=today,
    )


def _cs_figures(quarter_index, failing_busy):
    return {
        "calls_total": 41200 + 350 * quarter_index,
        "calls_answered_30s": 38100 + 300 * quarter_index,
        "transfers_total": 5200,
        "transfers_30s": 4800,
        "busy_percent": Decimal("3.40") if failing_busy else Decimal("1.10"),
        "installs_total": 2300,
        "installs_7bd": 2241,
        "outages_total": 410,
        "outages_begun_24h": 401,
        "service_calls_total": 1900,
        "service_calls_next_bd": 1830,
    }


def _fill(license, spec, actor, today):
    """Log every filing that fell due before today, with its payments, and the three exceptions."""
    due = list(
        license.filings.select_related("obligation")
        .filter(status=Filing.Status.OPEN, due_date__lt=today)
        .order_by("due_date", "id")
    )
    fee_filings = [f for f in due if f.obligation.kind == Obligation.Kind.FEE_REPORT]
    cs_filings = [f for f in due if f.obligation.kind == Obligation.Kind.CUSTOMER_SERVICE]
    late_fee = fee_filings[-2] if spec["provider"] == "comcast" and len(fee_filings) >= 2 else None
    deficient_cs = cs_filings[-1] if spec["provider"] == "rcn" and cs_filings else None
    overdue_cs = cs_filings[-1] if spec["provider"] == "verizon" and cs_filings else None
    for index, filing in enumerate(due):
        if filing == overdue_cs:
            continue  # left open on purpose: shows as overdue
        received = min(filing.due_date - timedelta(days=3 + index % 4), today)
        kind = filing.obligation.kind
        gross = None
        if kind == Obligation.Kind.FEE_REPORT:
            gross = spec["gross_per_quarter"] + Decimal(17_350 * (index % 5))
        services.filing_record(
            filing=filing,
            actor=actor,
            received_date=received,
            gross_revenue=gross,
            document_reference=f"DEMO-{spec['provider'].upper()}-{filing.pk}",
            today=today,
        )
        if kind == Obligation.Kind.FEE_REPORT:
            fee = fees.fee_due(gross, license.fee_rate_percent)
            paid_on = received
            notes = ""
            if filing == late_fee:
                paid_on = min(filing.due_date + timedelta(days=26), today)
                notes = "Illustrative late payment: 26 days after the due date; interest is owed at the license rate."
            services.payment_record(
                actor=actor,
                license=license,
                kind=Payment.Kind.FRANCHISE_FEE,
                period_start=filing.period_start,
                period_end=filing.period_end,
                amount=fee,
                received_date=paid_on,
                reference=f"WIRE-DEMO-{filing.pk}",
                filing=filing,
                notes=notes,
                today=today,
            )
        elif kind == Obligation.Kind.PEG_SUPPORT:
            services.payment_record(
                actor=actor,
                license=license,
                kind=Payment.Kind.PEG_SUPPORT,
                period_start=filing.period_start,
                period_end=filing.period_end,
                amount=spec["peg_per_quarter"],
                received_date=received,
                reference=f"PEG-DEMO-{filing.pk}",
                filing=filing,
                today=today,
            )
        elif kind == Obligation.Kind.IN_KIND_REPORT:
            services.payment_record(
                actor=actor,
                license=license,
                kind=Payment.Kind.IN_KIND,
                period_start=filing.period_start,
                period_end=filing.period_end,
                amount=spec["in_kind_per_year"],
                received_date=received,
                reference="Free service to public buildings and I-Net, at the operator's cost",
                filing=filing,
                today=today,
            )
        elif kind == Obligation.Kind.CUSTOMER_SERVICE:
            services.customer_service_report_save(
                actor=actor,
                license=license,
                period_start=filing.period_start,
                period_end=filing.period_end,
                filing=filing,
                notes="Illustrative figures.",
                **_cs_figures(index, failing_busy=spec["provider"] == "comcast" and filing == cs_filings[-1]),
            )
        if filing == deficient_cs:
            services.filing_review(
                filing=filing,
                actor=actor,
                status=Filing.Status.DEFICIENT,
                notes="Illustrative: busy-signal and transfer figures missing; the operator must resubmit.",
            )
        elif kind in (Obligation.Kind.FEE_REPORT, Obligation.Kind.INSURANCE, Obligation.Kind.PERFORMANCE_BOND):
            services.filing_review(filing=filing, actor=actor, status=Filing.Status.ACCEPTED)


def load(actor):
    today = timezone.localdate()
    for spec in LICENSES:
        provider = Provider.objects.filter(short_name=spec["provider"]).first()
        if provider is None or License.objects.filter(provider=provider, title=spec["title"]).exists():
            continue
        license = services.license_create(
            actor=actor,
            provider=provider,
            is_illustrative=True,
            notes=ILLUSTRATIVE,
            **{name: value for name, value in spec.items() if name in LICENSE_FIELDS},
        )
        _obligations(license, spec, actor, today)
        _fill(license, spec, actor, today)
        events = {name: day for name, day in spec.get("renewal", {}).items() if day <= today}
        if events:
            services.license_record_renewal(license=license, actor=actor, **events)
