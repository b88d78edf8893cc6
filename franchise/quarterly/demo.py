"""Demo data for the provider portal: one accepted quarterly report for
Comcast. ILLUSTRATIVE and idempotent; everything goes through the services.

The franchise demo (run before this one) logs and accepts every fee report
already due, on paper. The story told here: the cable office found the last
paper report lacked the revenue breakdown by category and marked it
deficient; Comcast's clerk downloaded the template, filled it in and
uploaded it through the portal (a resubmission); staff accepted it. The
figures reuse the franchise demo's gross revenue and payments, so the fee
ledger is unchanged.
"""

from decimal import Decimal

from django.utils import timezone

from accounts.models import Provider, User
from franchise import fees
from franchise import services as franchise_services
from franchise.models import (
    CustomerServiceReport,
    Filing,
    License,
    Obligation,
    Payment,
    QuarterlyReport,
    scorecard_fields,
)
from franchise.quarterly import qr1, selectors, services
from franchise.quarterly import validation as upload_validation
from franchise.quarterly.workbook import build_template

ILLUSTRATIVE = "Illustrative demo: "
# Shares of gross revenue by category (illustrative); the last category takes the remainder to the cent.
SHARES = (
    Decimal("0.30"),
    Decimal("0.42"),
    Decimal("0.09"),
    Decimal("0.02"),
    Decimal("0.07"),
    Decimal("0.01"),
    Decimal("0.005"),
    Decimal("0.035"),
    Decimal("0.002"),
)
DEFAULT_CS = {
    "calls_total": 41550,
    "calls_answered_30s": 38400,
    "transfers_total": 5200,
    "transfers_30s": 4800,
    "busy_percent": Decimal("1.10"),
    "installs_total": 2300,
    "installs_7bd": 2241,
    "outages_total": 410,
    "outages_begun_24h": 401,
    "service_calls_total": 1900,
    "service_calls_next_bd": 1830,
}


def _latest_fee_filing(license, today):
    """The fee filing (after any resubmission) of the last quarter that has ended."""
    original = (
        Filing.objects.filter(
            license=license, obligation__kind=Obligation.Kind.FEE_REPORT, replaces__isnull=True, period_end__lt=today
        )
        .order_by("-period_start")
        .first()
    )
    if original is None:
        return None
    return services.quarter_filing(license, Obligation.Kind.FEE_REPORT, original.period_start, original.period_end)


def _lines(gross):
    amounts = [fees.cents(gross * share) for share in SHARES]
    amounts.append(gross - sum(amounts))
    return [(name, amount, "") for name, amount in zip(qr1.CATEGORIES, amounts, strict=True)] + [
        (qr1.ADJUSTMENTS, Decimal("0"), "")
    ]


def _workbook(provider, license, filing):
    year, quarter = filing.period_start.year, (filing.period_start.month - 1) // 3 + 1
    gross = filing.gross_revenue or Decimal("14250000.00")
    paid = Payment.objects.filter(
        license=license,
        kind=Payment.Kind.FRANCHISE_FEE,
        period_start__gte=filing.period_start,
        period_start__lte=filing.period_end,
    )
    remitted = sum((p.amount for p in paid), Decimal("0")) or fees.fee_due(gross, license.fee_rate_percent)
    existing = CustomerServiceReport.objects.filter(license=license, period_start=filing.period_start).first()
    figures = {name: getattr(existing, name) for name in scorecard_fields()} if existing else DEFAULT_CS
    data = build_template(
        provider_name=provider.name,
        license_reference=qr1.license_reference(provider.short_name, license.pk),
        year=year,
        quarter=quarter,
        filled={
            "subscribers": 152340,
            "fee_remitted": remitted,
            "peg_remitted": Decimal("60000.00"),
            "lines": _lines(gross),
            "customer_service": figures,
        },
    )
    return data, f"comcast-quarterly-report-{year}-Q{quarter}.xlsx"


def load(actor):
    provider = Provider.objects.filter(short_name="comcast").first()
    if provider is None or QuarterlyReport.objects.filter(provider=provider).exists():
        return
    license = License.objects.filter(provider=provider).order_by("-effective_date").first()
    clerk = User.objects.filter(provider=provider, is_active=True, is_provider_admin=True).order_by("pk").first()
    today = timezone.localdate()
    filing = _latest_fee_filing(license, today) if license else None
    if clerk is None or filing is None or filing.status == Filing.Status.WAIVED:
        return
    if filing.status == Filing.Status.ACCEPTED:
        filing = franchise_services.filing_review(
            filing=filing,
            actor=actor,
            status=Filing.Status.DEFICIENT,
            notes=f"{ILLUSTRATIVE}the paper report lacked the gross-revenue breakdown by category; "
            "resubmit it on the QR-1 template through the portal.",
        )
    data, filename = _workbook(provider, license, filing)
    outcome = upload_validation.validate(
        data,
        filename=filename,
        content_type=upload_validation.XLSX_CONTENT_TYPE,
        limits=services.upload_limits(),
        expected=selectors.upload_expectations(provider, license, today),
    )
    if not outcome.ok:
        raise RuntimeError(f"The portal demo workbook did not validate: {[str(e) for e in outcome.errors]}")
    report = services.quarterly_report_submit(
        actor=clerk, license=license, report=outcome.report, data=data, filename=filename, today=today
    )
    services.quarterly_report_review(
        report=report,
        actor=actor,
        decision=QuarterlyReport.Status.ACCEPTED,
        comment=f"{ILLUSTRATIVE}breakdown received; figures reconcile with the payment on file.",
    )
