"""What letters read from cable licenses, license filings and payments (letters/sources.py's registry).

The cure notice, the fee and interest letter, the customer-service
enforcement letter and the renewal letter are made from these records. The
rules come from the pure modules, never re-implemented here: fees and
interest from franchise/fees.py (through the fee ledger), the renewal window
from franchise/renewal.py and customer-service results from
franchise/scorecard.py. `register()` runs in FranchiseConfig.ready().
"""

from django.core.exceptions import ValidationError

from franchise import fees, renewal, scorecard
from franchise import selectors as franchise_selectors
from franchise.models import Filing, License
from letters import kinds, sources
from letters.sources import Candidate, KindHooks, LetterSource, label_of, last_quarter, matter_of, model_label, ref_for


def license_reference(license):
    return f"Cable television license: {license.title}"


# Prefill -------------------------------------------------------------------------


def _cure_notice(source, today):
    license = matter_of(source)
    values = {"license_title": license.title, "cure_days": kinds.CURE_DAYS_DEFAULT, "requirement": "", "violation": ""}
    if model_label(source) != kinds.FRANCHISE_FILING:
        return values
    filing, obligation = source, source.obligation
    values["requirement"] = f"the License's requirement “{obligation.title}”" + (
        f" ({obligation.clause})" if obligation.clause else ""
    )
    what = f"The {obligation.title} for {filing.period_label}"
    due = kinds.long_date(filing.due_date)
    if filing.status == "deficient":
        values["violation"] = (
            f"{what}, received on {kinds.long_date(filing.received_date)}, was found deficient on review. "
            f"The City's review found: {filing.notes.strip()}"
        )
    elif filing.status == "late" or (filing.received_date and filing.received_date > filing.grace_ends):
        values["violation"] = (
            f"{what} was due on {due} and was received late, on {kinds.long_date(filing.received_date)}."
        )
    elif filing.status == "open":
        grace = (
            f", with a grace period to {kinds.long_date(filing.grace_ends)}"
            if filing.grace_ends != filing.due_date
            else ""
        )
        values["violation"] = (
            f"{what} was due on {due}{grace}. As of {kinds.long_date(today)} the City has not received it."
        )
    return values


def _fee_filing(source):
    """The fee report a fee letter is about (a payment points to its report, or to the one for its period)."""
    if model_label(source) == kinds.FRANCHISE_FILING:
        filing = source
    elif source.filing_id and source.filing.obligation.kind == "fee_report":
        filing = source.filing
    else:
        filing = (
            Filing.objects.select_related("obligation", "license")
            .filter(
                license_id=source.license_id,
                obligation__kind="fee_report",
                period_start__lte=source.period_start,
                period_end__gte=source.period_start,
                replaces__isnull=True,
            )
            .first()
        )
        if filing is None:
            raise ValidationError({"source": "No franchise fee report covers this payment's period."})
    while filing.replaces_id:  # a resubmission stands for the original report in the ledger
        filing = filing.replaces
    return filing


def _fee_values(source, on):
    """One quarter of the fee ledger (franchise.selectors.fee_ledger, i.e. franchise/fees.py) as of `on`."""
    filing = _fee_filing(source)
    license = filing.license
    fee_filings = list(Filing.objects.filter(license=license, obligation__kind="fee_report"))
    payments = list(license.payments.all())
    row = next(
        (
            row
            for row in franchise_selectors.fee_ledger(license, fee_filings, payments, on)
            if row.filing.pk == filing.pk
        ),
        None,
    )
    if row is None:
        raise ValidationError({"source": f"The fee for {filing.period_label} is not yet on the fee ledger."})
    quarter = row.quarter
    if quarter.fee_due is None:
        raise ValidationError(
            {
                "source": f"No gross-revenue report is logged for {filing.period_label}, so the fee due is unknown. "
                "Use a non-compliance letter for the missing report."
            }
        )
    interest_paid = fees.sum_money(
        p.amount
        for p in payments
        if p.kind == "interest" and filing.period_start <= p.period_start <= filing.period_end
    )
    shortfall = max(fees.ZERO, -quarter.variance)
    outstanding_interest = max(fees.ZERO, quarter.interest - interest_paid)
    return {
        "license_title": license.title,
        "period": filing.period_label,
        "due_date": quarter.due_date,
        "gross_revenue": quarter.gross_revenue,
        "fee_rate": quarter.rate_percent,
        "fee_due": quarter.fee_due,
        "amount_paid": quarter.paid,
        "shortfall": shortfall,
        "paid_in_full_on": quarter.paid_in_full_on,
        "days_late": quarter.late_days,
        "interest_rate": license.late_interest_percent,
        "interest_as_of": on,
        "interest": quarter.interest,
        "interest_paid": interest_paid,
        "total_due": fees.cents(shortfall + outstanding_interest),
    }


def _cs_report(license):
    return license.customer_service_reports.order_by("-period_start").first()


def _cs_enforcement(source, today):
    values = {"license_title": source.title, "notice_days": kinds.CS_NOTICE_DAYS, "period": "", "failures": []}
    report = _cs_report(source)
    if report is None:
        return values
    values["period"] = (
        f"the quarter from {kinds.long_date(report.period_start)} to {kinds.long_date(report.period_end)}"
    )
    failures = []
    for metric in report.metrics():
        if metric.result == scorecard.FAIL:
            standard = metric.standard
            bound = "at least" if standard.at_least else "less than"
            failures.append(
                f"{standard.label}: {kinds.percent(metric.value)} (standard: {bound} "
                f"{kinds.percent(standard.threshold)} of the time; {standard.citation})"
            )
    values["failures"] = failures
    return values


# Computed values -----------------------------------------------------------------


def _fee_computed(source, data, on, calendar):
    values = _fee_values(source, on)
    notes = []
    if not values["days_late"] and not values["shortfall"]:
        notes.append("The fee ledger shows this quarter paid in full and on time.")
    if not values["interest_rate"]:
        notes.append("The license sets no late-payment interest rate, so the interest is $0.00.")
    return values, notes


def _renewal_computed(source, data, on, calendar):
    opens, closes = renewal.window(source.expiration_date)
    notice = kinds.parse_date(data.get("notice_date") or None)
    commence_by = renewal.commencement_deadline(notice, source.expiration_date) if notice else None
    notes = []
    if notice and commence_by is None:
        notes.append(
            f"The operator's notice of {notice:%Y-%m-%d} fell outside the window ({opens:%Y-%m-%d} to "
            f"{closes:%Y-%m-%d}), so no federal commencement deadline follows from it (47 U.S.C. 546(a))."
        )
    return {
        "expiration_date": source.expiration_date,
        "window_opens": opens,
        "window_closes": closes,
        "commence_by": commence_by or "",
    }, notes


def _cs_computed(source, data, on, calendar):
    notes = []
    if not data.get("failures"):
        notes.append("The latest customer-service report shows no standard failed: there is nothing to enforce.")
    return {}, notes


def _cure_computed(source, data, on, calendar):
    notes = []
    if model_label(source) == kinds.FRANCHISE_FILING and source.status == "open" and source.grace_ends >= on:
        notes.append(f"This filing is not overdue yet: its grace period ends {source.grace_ends:%Y-%m-%d}.")
    return {}, notes


# Candidates --------------------------------------------------------------------


def _filing_candidates(today, period):
    filings = Filing.objects.select_related("license__provider", "obligation").order_by(
        "license__provider__name", "due_date", "id"
    )
    late = filings.filter(status="open", grace_ends__lt=today) | filings.filter(status__in=["deficient", "late"])
    if period == "last_quarter":
        start, end = last_quarter(today)
        late = late.filter(period_end__range=(start, end))
    return [
        Candidate(
            ref_for(f), label_of(f), f.license.provider.name, f"{f.get_status_display()}, due {f.due_date:%Y-%m-%d}"
        )
        for f in late
    ]


def _fee_candidates(today, period):
    out = []
    start, end = last_quarter(today)
    for license in License.objects.select_related("provider").prefetch_related("payments").order_by("provider__name"):
        fee_filings = list(
            Filing.objects.filter(license=license, obligation__kind="fee_report").select_related(
                "obligation", "license"
            )
        )
        for row in franchise_selectors.fee_ledger(license, fee_filings, list(license.payments.all()), today):
            quarter = row.quarter
            if quarter.fee_due is None or not (quarter.late_days or quarter.variance < 0):
                continue
            if period == "last_quarter" and not start <= quarter.period_end <= end:
                continue
            out.append(
                Candidate(
                    ref_for(row.filing),
                    label_of(row.filing),
                    license.provider.name,
                    f"{quarter.status}, {quarter.late_days} days late, interest ${quarter.interest:,}",
                )
            )
    return out


def _license_candidates(kind_code, today):
    out = []
    for license in License.objects.select_related("provider").filter(status__in=["active", "in_renewal"]):
        if kind_code == kinds.CS_ENFORCEMENT.code:
            report = _cs_report(license)
            if report is None or scorecard.overall(report.metrics()) != scorecard.FAIL:
                continue
            detail = f"report of {report.period_start:%Y-%m-%d} fails a standard"
        else:
            opens, closes = renewal.window(license.expiration_date)
            if not (opens <= today <= closes or (license.renewal_notice_date and not license.renewal_commenced_date)):
                continue
            detail = f"window {opens:%Y-%m-%d} to {closes:%Y-%m-%d}"
        out.append(Candidate(ref_for(license), label_of(license), license.provider.name, detail))
    return out


# Registration ------------------------------------------------------------------


def _check_fee_source(source):
    if model_label(source) == kinds.FRANCHISE_FILING and source.obligation.kind != "fee_report":
        raise ValidationError({"source": "A fee letter is made from a franchise fee report or a fee payment."})


SOURCES = (
    LetterSource(
        label=kinds.FRANCHISE_LICENSE,
        name="a cable license",
        related=lambda queryset: queryset.select_related("provider"),
        matter=lambda license: license,
        provider=lambda license: license.provider,
        title=lambda license: license.title,
        reference=license_reference,
    ),
    LetterSource(
        label=kinds.FRANCHISE_FILING,
        name="a license filing",
        related=lambda queryset: queryset.select_related("license__provider", "obligation", "replaces"),
        matter=lambda filing: filing.license,
        provider=lambda filing: filing.license.provider,
        title=lambda filing: f"{filing.obligation.title}, {filing.period_label} ({filing.license.title})",
        reference=lambda filing: license_reference(filing.license),
    ),
    LetterSource(
        label=kinds.FRANCHISE_PAYMENT,
        name="a license payment",
        related=lambda queryset: queryset.select_related("license__provider", "filing__obligation"),
        matter=lambda payment: payment.license,
        provider=lambda payment: payment.license.provider,
        title=lambda payment: f"{payment} ({payment.license.title})",
        reference=lambda payment: license_reference(payment.license),
    ),
)

KIND_HOOKS = (
    KindHooks(
        kind=kinds.CURE_NOTICE.code,
        prefill=_cure_notice,
        computed=_cure_computed,
        candidates=_filing_candidates,
    ),
    KindHooks(
        kind=kinds.FEE_INTEREST.code,
        prefill=lambda source, today: {"pay_days": kinds.PAY_DAYS_DEFAULT},
        computed=_fee_computed,
        candidates=_fee_candidates,
        check=_check_fee_source,
    ),
    KindHooks(
        kind=kinds.CS_ENFORCEMENT.code,
        prefill=_cs_enforcement,
        computed=_cs_computed,
        candidates=lambda today, period: _license_candidates(kinds.CS_ENFORCEMENT.code, today),
    ),
    KindHooks(
        kind=kinds.RENEWAL_ASCERTAINMENT.code,
        prefill=lambda source, today: {
            "license_title": source.title,
            "notice_date": source.renewal_notice_date or "",
        },
        computed=_renewal_computed,
        candidates=lambda today, period: _license_candidates(kinds.RENEWAL_ASCERTAINMENT.code, today),
    ),
)


def register():
    """Called by FranchiseConfig.ready()."""
    sources.register(*SOURCES, *KIND_HOOKS)
