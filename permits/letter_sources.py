"""What letters read from small-cell applications (letters/sources.py's registry).

The incompleteness notice, the tolling agreement, the approval, the denial
and the deemed-granted acknowledgement are made from an application. Their
shot-clock values come from the engine (permits/shotclock.py), never a second
copy of its rules. Issuing one records its clock event on the application
(permits/letter_clock.py). `register()` runs in PermitsConfig.ready().
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import urlencode

from letters import kinds, sources
from letters.sources import Candidate, KindHooks, LetterSource, label_of, ref_for
from permits import letter_clock, shotclock
from permits.models import ClockEvent, PermitApplication

# Prefill -------------------------------------------------------------------------


def _application_common(application):
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


# Computed values -----------------------------------------------------------------


@dataclass
class Clock:
    """What the shot-clock engine says, for the letters about an application."""

    period: object
    result: object


def _clock(application, on, calendar, extra=None, without=None):
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


def _nil_effect_warning(source, on, calendar):
    """For Legal, before issue: why an incompleteness notice (the one logged, or the letter dated `on`) moves no
    clock; "" when it does.

    A notice later than day 10 (an SWF's first notice, 47 CFR 1.6003(d)(1); a
    further notice after a resubmission, 1.6003(d)(3), 1.6100(c)(3)(iii)) or
    day 30 (other first notices, 1.6003(d)(2), 1.6100(c)(3)(i)) neither resets
    nor tolls the clock.
    """

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


def _deemed_computed(source, data, on, calendar):
    result = _clock(source, on, calendar).result
    return {"review_deadline": result.deadline or source.clock_deadline or ""}, []


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


# Candidates --------------------------------------------------------------------


APPLICATION_STATUSES = {
    kinds.SMALLCELL_INCOMPLETE.code: ("received", "incomplete", "under_review"),
    kinds.TOLLING_AGREEMENT.code: ("received", "incomplete", "under_review"),
    kinds.APPROVAL_CONDITIONS.code: ("approved",),
    kinds.DENIAL_REASONS.code: ("denied",),
    kinds.DEEMED_GRANTED.code: ("deemed_granted", "received", "incomplete", "under_review"),
}


def _application_candidates(kind_code):
    applications = PermitApplication.objects.select_related("applicant").filter(
        status__in=APPLICATION_STATUSES[kind_code]
    )
    if kind_code == kinds.DEEMED_GRANTED.code:
        applications = applications.filter(category="eligible_facilities")
    return [
        Candidate(ref_for(a), label_of(a), a.applicant.name, a.get_status_display())
        for a in applications.order_by("applicant__name", "reference")
    ]


# Clock events and the letters that put them in writing ----------------------------


# The letter that puts a logged clock event in writing: (event kind, decision outcome) -> (letter kind, its name).
LETTER_FOR_EVENT = {
    (ClockEvent.Kind.INCOMPLETE_NOTICE, ""): (kinds.SMALLCELL_INCOMPLETE, "incompleteness notice"),
    (ClockEvent.Kind.TOLLING_AGREEMENT, ""): (kinds.TOLLING_AGREEMENT, "tolling agreement"),
    (ClockEvent.Kind.DECISION, ClockEvent.Outcome.APPROVED): (kinds.APPROVAL_CONDITIONS, "approval"),
    (ClockEvent.Kind.DECISION, ClockEvent.Outcome.DENIED): (kinds.DENIAL_REASONS, "denial"),
    (ClockEvent.Kind.DEEMED_GRANTED_NOTICE, ""): (kinds.DEEMED_GRANTED, "deemed-granted acknowledgement"),
}


def letter_offer(event):
    """(label, URL) of "Draft the ... letter" for a clock event just logged, or None when no letter puts it in
    writing. The draft is prefilled from the application; issuing it links this event (permits/letter_clock.py)."""
    found = LETTER_FOR_EVENT.get((event.kind, event.outcome or ""))
    if found is None or event.letter_id:
        return None
    kind, name = found
    query = urlencode({"kind": kind.code, "source": f"{kinds.PERMIT_APPLICATION}:{event.application_id}"})
    return f"Draft the {name} letter", f"{reverse('letters:create')}?{query}"


def _letter_prefetches():
    """The clock events a letter (or the letter it corrects) recorded, for the letter's page."""
    events = ClockEvent.objects.select_related("application").order_by("date", "id")
    return [Prefetch("clock_events", queryset=events), Prefetch("supersedes__clock_events", queryset=events.all())]


# Registration ------------------------------------------------------------------


def _check_deemed_granted(source):
    if source.category != "eligible_facilities":
        raise ValidationError(
            {"source": "Only an eligible facilities request (section 6409(a)) can be deemed granted."}
        )


def _hooks(kind, prefill, computed=None, **more):
    return KindHooks(
        kind=kind.code,
        prefill=prefill,
        computed=computed,
        candidates=lambda today, period: _application_candidates(kind.code),
        on_issue=letter_clock.record_for_issue,
        **more,
    )


SOURCES = (
    LetterSource(
        label=kinds.PERMIT_APPLICATION,
        name="a small-cell application",
        related=lambda queryset: queryset.select_related("applicant").prefetch_related(
            "sites", "events__missing_items", "permits"
        ),
        matter=lambda application: application,
        provider=lambda application: application.applicant,
        title=lambda application: f"Small-cell application {application.reference}",
        reference=lambda application: f"Small-cell application {application.reference}",
        letter_prefetches=_letter_prefetches,
    ),
)

KIND_HOOKS = (
    _hooks(
        kinds.SMALLCELL_INCOMPLETE,
        _smallcell_incomplete,
        _incomplete_computed,
        nil_effect_warning=_nil_effect_warning,
    ),
    _hooks(kinds.TOLLING_AGREEMENT, _tolling, _tolling_computed),
    _hooks(kinds.APPROVAL_CONDITIONS, _approval),
    _hooks(kinds.DENIAL_REASONS, _denial, _decision_computed),
    _hooks(kinds.DEEMED_GRANTED, _deemed_granted, _deemed_computed, check=_check_deemed_granted),
)


def register():
    """Called by PermitsConfig.ready()."""
    sources.register(*SOURCES, *KIND_HOOKS)
