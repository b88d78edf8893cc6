"""Letters prefilled from the records they are about.

A letter is made from a record, named by a reference "app.model:id"
(`franchise.filing:12`, `franchise.license:3`, `franchise.payment:7`,
`permits.permitapplication:5`). This module reads the record and returns the
letter's values: the editable ones (`prefill`) and the computed ones
(`computed`), which are worked out again on every save of a draft and, for
good, on the issue date. The rules come from the pure modules, never
re-implemented here: fees and interest from franchise/fees.py (through the
fee ledger), the renewal window from franchise/renewal.py, customer-service
results from franchise/scorecard.py and the shot clock from
permits/shotclock.py.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.core.exceptions import ValidationError

from accounts.roles import LEGAL, has_role
from letters import kinds

SOURCE_REF = re.compile(r"\A([a-z_]+)\.([a-z_]+):(\d+)\Z")
SOURCE_NAMES = {
    kinds.FRANCHISE_LICENSE: "a cable license",
    kinds.FRANCHISE_FILING: "a license filing",
    kinds.FRANCHISE_PAYMENT: "a license payment",
    kinds.PERMIT_APPLICATION: "a small-cell application",
}
DEFAULT_SIGNATORY_TITLE = "Law Department, City of Boston"
DEFAULT_CC = "Cable & Broadband Office, City of Boston"


# Records -------------------------------------------------------------------------


def ref_for(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def model_label(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def load_source(ref):
    """The record a reference names, with what the letter reads from it; ValidationError if there is none."""
    match = SOURCE_REF.match((ref or "").strip())
    if not match or f"{match[1]}.{match[2]}" not in SOURCE_NAMES:
        raise ValidationError(
            {
                "source": f"“{ref}” is not a record a letter can be made from: give app.model:id, for example "
                "franchise.filing:12 or permits.permitapplication:5."
            }
        )
    label = f"{match[1]}.{match[2]}"
    model = apps.get_model(match[1], match[2])
    queryset = model._default_manager.all()
    if label == kinds.FRANCHISE_FILING:
        queryset = queryset.select_related("license__provider", "obligation", "replaces")
    elif label == kinds.FRANCHISE_PAYMENT:
        queryset = queryset.select_related("license__provider", "filing__obligation")
    elif label == kinds.FRANCHISE_LICENSE:
        queryset = queryset.select_related("provider")
    else:
        queryset = queryset.select_related("applicant").prefetch_related("sites", "events__missing_items", "permits")
    source = queryset.filter(pk=int(match[3])).first()
    if source is None:
        raise ValidationError({"source": f"There is no {SOURCE_NAMES[label][2:]} {match[3]}."})
    return source


def check_source(kind_code, source):
    kind = kinds.get(kind_code)
    if model_label(source) not in kind.sources:
        allowed = " or ".join(SOURCE_NAMES[name] for name in kind.sources)
        raise ValidationError(
            {"source": f"A letter “{kind.label}” is made from {allowed}, not from {SOURCE_NAMES[model_label(source)]}."}
        )
    fee_from_filing = kind_code == kinds.FEE_INTEREST.code and model_label(source) == kinds.FRANCHISE_FILING
    if fee_from_filing and source.obligation.kind != "fee_report":
        raise ValidationError({"source": "A fee letter is made from a franchise fee report or a fee payment."})
    if kind_code == kinds.DEEMED_GRANTED.code and source.category != "eligible_facilities":
        raise ValidationError(
            {"source": "Only an eligible facilities request (section 6409(a)) can be deemed granted."}
        )


def matter_of(source):
    """The license or application a letter belongs to (its case)."""
    return source if model_label(source) in (kinds.FRANCHISE_LICENSE, kinds.PERMIT_APPLICATION) else source.license


def provider_of(source):
    matter = matter_of(source)
    return matter.applicant if model_label(matter) == kinds.PERMIT_APPLICATION else matter.provider


def label_of(source):
    name = model_label(source)
    if name == kinds.FRANCHISE_LICENSE:
        return source.title
    if name == kinds.FRANCHISE_FILING:
        return f"{source.obligation.title}, {source.period_label} ({source.license.title})"
    if name == kinds.FRANCHISE_PAYMENT:
        return f"{source} ({source.license.title})"
    return f"Small-cell application {source.reference}"


def is_illustrative(source):
    return bool(provider_of(source).is_illustrative or getattr(matter_of(source), "is_illustrative", False))


# Prefill -------------------------------------------------------------------------


def _common(source, actor):
    provider = provider_of(source)
    contact = provider.contacts.filter(receives_notices=True).order_by("name", "id").first()
    if contact:
        attention = f"{contact.name}, {contact.title}" if contact.title else contact.name
        salutation = f"Dear {contact.name}:"
    else:
        attention, salutation = "", "Dear Sir or Madam:"
    matter = matter_of(source)
    if model_label(matter) == kinds.PERMIT_APPLICATION:
        reference = f"Small-cell application {matter.reference}"
    else:
        reference = f"Cable television license: {matter.title}"
    return {
        "provider_name": provider.name,
        "recipient_address": "\n".join(provider.mailing_address_lines[1:]),
        "attention": attention,
        "salutation": salutation,
        "reference": reference,
        "signatory_name": actor.get_full_name() if actor is not None and has_role(actor, LEGAL) else "",
        "signatory_title": DEFAULT_SIGNATORY_TITLE,
        "cc": DEFAULT_CC,
    }


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
        from franchise.models import Filing

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
    from franchise import fees
    from franchise import selectors as franchise_selectors
    from franchise.models import Filing

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
    from franchise import scorecard

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


def _application_common(application):
    from permits import shotclock

    return {
        "application_reference": application.reference,
        "submitted_on": application.submitted_on,
        "category_label": shotclock.category_label(application.category),
        "sites": [site.address for site in application.sites.all()],
    }


def _events(application):
    return sorted(application.events.all(), key=lambda event: (event.date, event.pk))


def _open_notice(application):
    """The latest incompleteness notice not yet answered by a resubmission, or None."""
    notice = None
    for event in _events(application):
        if event.kind == "incomplete_notice":
            notice = event
        elif event.kind == "resubmitted":
            notice = None
    return notice


def _decision(application, outcome):
    return next((e for e in reversed(_events(application)) if e.kind == "decision" and e.outcome == outcome), None)


def _smallcell_incomplete(source, today):
    values = _application_common(source)
    notice = _open_notice(source)
    values["missing_items"] = [[item.item, item.rule] for item in notice.missing_items.all()] if notice else []
    return values


def logged_agreement(application, days=None):
    """The latest tolling agreement logged on the application with no letter yet (of `days` days, if given)."""
    found = [e for e in _events(application) if e.kind == "tolling_agreement" and not e.letter_id]
    found = [e for e in found if days is None or e.days == days]
    return found[-1] if found else None


def _tolling(source, today):
    logged = logged_agreement(source)
    days = logged.days if logged else kinds.TOLLING_DAYS_DEFAULT
    return {**_application_common(source), "tolling_days": days, "purpose": ""}


def _approval(source, today):
    values = _application_common(source)
    decision = _decision(source, "approved")
    values["decision_date"] = decision.date if decision else ""
    conditions = []
    for permit in source.permits.all():
        for line in permit.conditions.splitlines():
            if line.strip() and line.strip() not in conditions:
                conditions.append(line.strip())
    values["conditions"] = conditions
    values["permit_numbers"] = ", ".join(permit.number for permit in source.permits.all())
    return values


def _denial(source, today):
    values = _application_common(source)
    decision = _decision(source, "denied")
    values["decision_date"] = decision.date if decision else ""
    values["reasons"] = [line.strip() for line in (decision.reasons if decision else "").splitlines() if line.strip()]
    return values


def _deemed_granted(source, today):
    values = _application_common(source)
    notice = next((e for e in _events(source) if e.kind == "deemed_granted_notice"), None)
    values["applicant_notice_date"] = notice.date if notice else ""
    return values


PREFILL = {
    kinds.CURE_NOTICE.code: _cure_notice,
    kinds.FEE_INTEREST.code: lambda source, today: {"pay_days": kinds.PAY_DAYS_DEFAULT},
    kinds.CS_ENFORCEMENT.code: _cs_enforcement,
    kinds.RENEWAL_ASCERTAINMENT.code: lambda source, today: {
        "license_title": source.title,
        "notice_date": source.renewal_notice_date or "",
    },
    kinds.SMALLCELL_INCOMPLETE.code: _smallcell_incomplete,
    kinds.TOLLING_AGREEMENT.code: _tolling,
    kinds.APPROVAL_CONDITIONS.code: _approval,
    kinds.DENIAL_REASONS.code: _denial,
    kinds.DEEMED_GRANTED.code: _deemed_granted,
}


def _as_json(kind_code, values):
    fields = kinds.field_map(kind_code)
    return {name: kinds.to_json(fields[name], value) for name, value in values.items() if name in fields}


def prefill(kind_code, source, *, actor, today, calendar):
    """Every value of a new draft: editable values from the record, then the computed ones. Returns (data, notes)."""
    check_source(kind_code, source)
    data = _as_json(kind_code, {**_common(source, actor), **PREFILL[kind_code](source, today)})
    values, notes = computed(kind_code, source, data, on=today, calendar=calendar)
    return {**data, **values}, notes


# Computed values -----------------------------------------------------------------


@dataclass
class Clock:
    """What the shot-clock engine says, for the letters about an application."""

    period: object
    result: object


def _clock(application, on, calendar, extra=None, without=None):
    from permits import shotclock

    site_categories = [site.category or application.category for site in application.sites.all()]
    events = [event.as_engine_event() for event in _events(application) if without is None or event.pk != without.pk]
    return Clock(
        shotclock.batch_period(application.category, site_categories),
        shotclock.compute(
            category=application.category,
            submitted_on=application.submitted_on,
            events=[*events, *(extra or [])],
            # Letters are given the license calendar (cure and payment dates); the shot clock counts only
            # legal holidays, never a City office closure (47 CFR 1.6003(e) with 47 CFR 1.4(e)(1)).
            calendar=calendar.for_shot_clock(),
            as_of=on,
            site_categories=site_categories,
            strict=False,
        ),
    )


@dataclass
class NoticeEffect:
    """What an incompleteness notice does to the shot clock, as permits/shotclock.py works it out."""

    effect: str  # kinds.RESET, kinds.TOLL or kinds.NO_EFFECT
    notice_date: object
    recorded: object  # the open notice logged on the application, or None (the letter, dated `on`)
    clock: Clock
    earlier: list
    answered_on: object  # the last resubmission on or before the notice, or None
    reading: str = ""  # the engine's explanation line for the notice


def _notice_effect(source, on, calendar):
    from permits import shotclock

    recorded = _open_notice(source)
    notice_date = recorded.date if recorded else on
    extra = [] if recorded else [shotclock.Event(kind=shotclock.INCOMPLETE_NOTICE, date=on)]
    clock = _clock(source, notice_date, calendar, extra)
    earlier = [
        e for e in _events(source) if e.kind == "incomplete_notice" and (recorded is None or e.pk != recorded.pk)
    ]
    earlier = [e for e in earlier if e.date <= notice_date]
    answered = [e.date for e in _events(source) if e.kind == "resubmitted" and e.date <= notice_date]
    # The engine's own reading of this notice (permits/shotclock.py), not a second copy of its windows.
    record = next((n for n in reversed(clock.result.notices) if n.date == notice_date), None)
    effect = (
        {"reset": kinds.RESET, "toll": kinds.TOLL}.get(record.effect, kinds.NO_EFFECT) if record else kinds.NO_EFFECT
    )
    return NoticeEffect(
        effect, notice_date, recorded, clock, earlier, answered[-1] if answered else None, record.line if record else ""
    )


def nil_effect_warning(kind_code, source, on, calendar):
    """For Legal, before issue: why an incompleteness notice (the one logged, or the letter dated `on`) moves no
    clock; "" when it does.

    A notice later than day 10 (an SWF's first notice, 47 CFR 1.6003(d)(1); a
    further notice after a resubmission, 1.6003(d)(3), 1.6100(c)(3)(iii)) or
    day 30 (other first notices, 1.6003(d)(2), 1.6100(c)(3)(i)) neither resets
    nor tolls the clock.
    """

    if kind_code != kinds.SMALLCELL_INCOMPLETE.code:
        return ""
    found = _notice_effect(source, on, calendar)
    if found.effect != kinds.NO_EFFECT:
        return ""
    why = found.reading or f"the shot-clock engine could not place a notice dated {found.notice_date:%Y-%m-%d}"
    deadline = found.clock.result.deadline
    stands = f" The shot-clock date stays {deadline:%Y-%m-%d}." if deadline else ""
    return (
        f"This notice has no effect on the shot clock: {why}. It neither resets nor tolls the clock, and the letter "
        f"says so.{stands} Issuing it needs an explicit confirmation."
    )


def _items(pairs):
    return sorted([" ".join(str(item).split()), " ".join(str(rule).split())] for item, rule in pairs)


def _logged_notice_notes(recorded, data, on):
    """What Legal should know when the letter puts a notice already logged on the application in writing."""
    notes = []
    letter_items = _items(pair for pair in data.get("missing_items") or [] if len(pair) == 2)
    if letter_items and letter_items != _items((m.item, m.rule) for m in recorded.missing_items.all()):
        notes.append(
            f"The missing items in this letter differ from those of the notice logged on {recorded.date:%Y-%m-%d}. "
            "Issuing links that notice, whose items stay as logged: prefill the letter again from the record to "
            "send the logged items."
        )
    if recorded.date != on:
        notes.append(
            f"The notice logged on the application is dated {recorded.date:%Y-%m-%d}; this letter is that notice in "
            "writing, and its effect below is computed for that date. Issuing the letter links it to the logged "
            "notice."
        )
    return notes


def _incomplete_computed(source, data, on, calendar):
    """The notice's effect on the shot clock, as permits/shotclock.py computes it.

    The notice is the one logged on the application when there is one (the
    letter is that notice); otherwise the letter itself, dated `on`. Issuing
    the letter records the notice on the application, or links the logged one
    (permits/letter_clock.py).
    """
    notes = []
    found = _notice_effect(source, on, calendar)
    clock, result, effect = found.clock, found.clock.result, found.effect
    for line in result.ignored:
        notes.append(f"The shot-clock engine could not place this notice: {line}.")
    if found.recorded is None:
        notes.append(
            "No incompleteness notice is logged on the application yet. Issuing this letter logs it, dated the issue "
            "date, with the letter's missing items."
        )
    else:
        notes += _logged_notice_notes(found.recorded, data, on)
    text = kinds.clock_effect_text(
        effect=effect,
        days=clock.period.days,
        notice_date=found.notice_date,
        remaining=result.days_remaining if effect == kinds.TOLL else None,
        deadline=result.deadline,
        further=bool(found.earlier),
        eligible_facilities=clock.period.eligible_facilities,
        answered_on=found.answered_on,
    )
    return {"notice_date": found.notice_date, "clock_effect": text}, notes


def _tolling_computed(source, data, on, calendar):
    from permits import shotclock

    notes = []
    days = int(data.get("tolling_days") or 0)
    logged = logged_agreement(source, days) if days >= 1 else None
    now = _clock(source, on, calendar, without=logged).result
    values = {"current_deadline": now.deadline or "", "new_deadline": ""}
    if now.deadline is None:
        notes.append("The shot clock is tolled (waiting for a resubmission): there is no shot-clock date to extend.")
        return values, notes
    if logged is not None:
        # The letter is the agreement staff logged: its days count once (permits/letter_clock.py links it).
        notes.append(
            f"This letter is the tolling agreement of {logged.date:%Y-%m-%d} for {logged.days} days logged on the "
            "application; issuing it links that record rather than adding the days again."
        )
        values["new_deadline"] = _clock(source, on, calendar).result.deadline or ""
    elif days >= 1:
        agreed = _clock(source, on, calendar, [shotclock.Event(shotclock.TOLLING_AGREEMENT, on, days=days)]).result
        if agreed.ignored:
            notes.append(f"The shot-clock engine refused the agreement: {agreed.ignored[0]}.")
        values["new_deadline"] = agreed.deadline or ""
    return values, notes


def _fee_computed(source, data, on, calendar):
    values = _fee_values(source, on)
    notes = []
    if not values["days_late"] and not values["shortfall"]:
        notes.append("The fee ledger shows this quarter paid in full and on time.")
    if not values["interest_rate"]:
        notes.append("The license sets no late-payment interest rate, so the interest is $0.00.")
    return values, notes


def _renewal_computed(source, data, on, calendar):
    from franchise import renewal

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


def _deemed_computed(source, data, on, calendar):
    result = _clock(source, on, calendar).result
    return {"review_deadline": result.deadline or source.clock_deadline or ""}, []


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


def _decision_computed(source, data, on, calendar):
    notes = []
    decided = kinds.parse_date(data.get("decision_date") or None)
    if decided and decided != on:
        notes.append(
            f"The decision is dated {decided:%Y-%m-%d}. A denial's written reasons must be given at the same time as "
            "the decision (47 U.S.C. 332(c)(7)(B)(iii); T-Mobile South v. Roswell, 574 U.S. 293 (2015))."
        )
    if not decided:
        notes.append(
            "No denial is logged on the application: issuing this letter logs the decision, on the decision date "
            "you give, with the letter's reasons."
        )
    return {}, notes


COMPUTE = {
    kinds.CURE_NOTICE.code: _cure_computed,
    kinds.FEE_INTEREST.code: _fee_computed,
    kinds.CS_ENFORCEMENT.code: _cs_computed,
    kinds.RENEWAL_ASCERTAINMENT.code: _renewal_computed,
    kinds.SMALLCELL_INCOMPLETE.code: _incomplete_computed,
    kinds.TOLLING_AGREEMENT.code: _tolling_computed,
    kinds.DENIAL_REASONS.code: _decision_computed,
    kinds.DEEMED_GRANTED.code: _deemed_computed,
}


def computed(kind_code, source, data, *, on, calendar):
    """The values worked out from the record and the date `on` (today for a draft, the issue date when issued).

    Returns (values as the letter's JSON stores them, notes for Legal).
    """
    compute = COMPUTE.get(kind_code)
    values, notes = compute(source, data, on, calendar) if compute else ({}, [])
    values = {**values, **kinds.after_issue(kind_code, {**data, **_as_json(kind_code, values)}, on, calendar)}
    return _as_json(kind_code, values), notes


# Candidates for bulk letters and for drafting without a record in hand ----------


@dataclass(frozen=True)
class Candidate:
    ref: str
    label: str
    provider: str
    detail: str = ""


def last_quarter(today):
    """(first day, last day) of the calendar quarter before the one holding `today`."""
    first_this = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    last = first_this - timedelta(days=1)
    return last.replace(month=3 * ((last.month - 1) // 3) + 1, day=1), last


def _filing_candidates(today, period):
    from franchise.models import Filing

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
    from franchise import selectors as franchise_selectors
    from franchise.models import Filing, License

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
    from franchise import renewal, scorecard
    from franchise.models import License

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


APPLICATION_STATUSES = {
    kinds.SMALLCELL_INCOMPLETE.code: ("received", "incomplete", "under_review"),
    kinds.TOLLING_AGREEMENT.code: ("received", "incomplete", "under_review"),
    kinds.APPROVAL_CONDITIONS.code: ("approved",),
    kinds.DENIAL_REASONS.code: ("denied",),
    kinds.DEEMED_GRANTED.code: ("deemed_granted", "received", "incomplete", "under_review"),
}


def _application_candidates(kind_code):
    from permits.models import PermitApplication

    applications = PermitApplication.objects.select_related("applicant").filter(
        status__in=APPLICATION_STATUSES[kind_code]
    )
    if kind_code == kinds.DEEMED_GRANTED.code:
        applications = applications.filter(category="eligible_facilities")
    return [
        Candidate(ref_for(a), label_of(a), a.applicant.name, a.get_status_display())
        for a in applications.order_by("applicant__name", "reference")
    ]


def candidates(kind_code, *, today, period="all"):
    """Records a letter of this kind could be made from now, for the bulk page and the "new letter" page."""
    if kind_code == kinds.CURE_NOTICE.code:
        return _filing_candidates(today, period)
    if kind_code == kinds.FEE_INTEREST.code:
        return _fee_candidates(today, period)
    if kind_code in (kinds.CS_ENFORCEMENT.code, kinds.RENEWAL_ASCERTAINMENT.code):
        return _license_candidates(kind_code, today)
    return _application_candidates(kind_code)
