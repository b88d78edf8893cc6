"""One act, one record: a small-cell letter, once issued, is the clock event it announces.

Issuing an incompleteness notice, a tolling agreement, an approval, a denial
or a deemed-granted acknowledgement records the matching event on the
application's shot clock (permits.services.clock_event_record) in the issue's
own transaction, or links the event staff already logged, so the letter and
the application's timeline never disagree. A refusal by the clock engine
refuses the issue: nothing is saved and no letter number is taken.

Which event each kind records, and its date:

- incompleteness notice -> incompleteness notice with the letter's missing
  items, dated the letter's notice date: the open notice logged on the
  application (the letter is that notice in writing) or, when none is logged,
  the issue date (47 CFR 1.6003(d); 1.6100(c)(3));
- tolling agreement -> tolling agreement of the agreed days, dated the issue
  date, the day the City signs it, unless staff already logged the agreement
  (same days, no letter yet): the letter is that agreement in writing
  (47 CFR 1.6003(d); 1.6100(c)(3));
- approval -> decision "approved" on the letter's decision date;
- denial -> decision "denied" on the letter's decision date, with the letter's
  reasons (47 U.S.C. 332(c)(7)(B)(iii): the written reasons accompany the
  decision);
- deemed granted -> the applicant's written notice, on the date the letter
  acknowledges: the acknowledgement answers that notice, sent after the
  section 6409(a) period ran (47 CFR 1.6100(c)(4)), so the notice is the
  event, recorded unless it is already logged.

An event already logged with the same kind and date (and, for a decision, the
same outcome; for an agreement, the same days) is linked rather than recorded
twice. A correction records nothing: the event belongs to the letter it
corrects.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from letters import kinds
from permits import services as permits_services
from permits.models import ClockEvent, PermitApplication

CLOCK_KINDS = {
    kinds.SMALLCELL_INCOMPLETE.code: ClockEvent.Kind.INCOMPLETE_NOTICE,
    kinds.TOLLING_AGREEMENT.code: ClockEvent.Kind.TOLLING_AGREEMENT,
    kinds.APPROVAL_CONDITIONS.code: ClockEvent.Kind.DECISION,
    kinds.DENIAL_REASONS.code: ClockEvent.Kind.DECISION,
    kinds.DEEMED_GRANTED.code: ClockEvent.Kind.DEEMED_GRANTED_NOTICE,
}
OUTCOMES = {
    kinds.APPROVAL_CONDITIONS.code: ClockEvent.Outcome.APPROVED,
    kinds.DENIAL_REASONS.code: ClockEvent.Outcome.DENIED,
}


@dataclass(frozen=True)
class Entry:
    """The clock event a letter stands for."""

    kind: str
    date: date
    days: int | None = None
    missing_items: tuple = field(default=())
    outcome: str = ""
    reasons: str = ""

    @property
    def label(self):
        label = ClockEvent.Kind(self.kind).label.lower()
        if self.outcome:
            label += f" ({ClockEvent.Outcome(self.outcome).label.lower()})"
        return f"{label} of {self.date:%Y-%m-%d}"


def entry_for(kind_code, data, issue_date):
    """The event a letter of `kind_code` with values `data`, issued on `issue_date`, records; None for other kinds."""
    event_kind = CLOCK_KINDS.get(kind_code)
    if event_kind is None:
        return None
    if event_kind == ClockEvent.Kind.INCOMPLETE_NOTICE:
        items = tuple({"item": item, "rule": rule} for item, rule in data.get("missing_items") or [])
        return Entry(event_kind, kinds.parse_date(data.get("notice_date") or None) or issue_date, missing_items=items)
    if event_kind == ClockEvent.Kind.TOLLING_AGREEMENT:
        return Entry(event_kind, issue_date, days=int(data.get("tolling_days") or 0))
    if event_kind == ClockEvent.Kind.DECISION:
        reasons = "\n".join(data.get("reasons") or []) if kind_code == kinds.DENIAL_REASONS.code else ""
        return Entry(
            event_kind,
            kinds.parse_date(data.get("decision_date") or None) or issue_date,
            outcome=OUTCOMES[kind_code],
            reasons=reasons,
        )
    return Entry(event_kind, kinds.parse_date(data.get("applicant_notice_date") or None) or issue_date)


def _matches(event, entry):
    if event.kind != entry.kind or event.date != entry.date:
        return False
    if entry.kind == ClockEvent.Kind.DECISION:
        return event.outcome == entry.outcome
    if entry.kind == ClockEvent.Kind.TOLLING_AGREEMENT:
        return event.days == entry.days
    return True


def _record(application, actor, entry):
    """The one call to the clock engine's service (any new argument it needs goes here)."""
    return permits_services.clock_event_record(
        application=application,
        actor=actor,
        kind=entry.kind,
        date=entry.date,
        days=entry.days,
        missing_items=list(entry.missing_items),
        outcome=entry.outcome,
        reasons=entry.reasons,
        # letter_issue refuses a notice letter with no clock effect unless Legal confirmed the warning it showed,
        # so by the time the event is recorded the confirmation the clock service asks for has been given.
        confirm_no_effect=True,
    )


def record_for_issue(*, letter, actor, issue_date):
    """Record (or link) the clock event of a letter being issued; call inside letter_issue's transaction.

    Returns the event, or None for a kind that moves no shot clock and for a
    correction. Raises ValidationError, saving nothing, when the clock engine
    refuses the event or the logged record contradicts the letter.
    """
    entry = entry_for(letter.kind, letter.data, issue_date)
    if entry is None or letter.supersedes_id:
        return None
    application = PermitApplication.objects.get(pk=letter.source_id)
    logged = list(application.events.select_related("letter").order_by("date", "id"))
    if entry.kind == ClockEvent.Kind.DEEMED_GRANTED_NOTICE:
        other = next((e for e in logged if e.kind == entry.kind and e.date != entry.date), None)
        if other is not None:
            raise ValidationError(
                f"The letter acknowledges the applicant's written notice of {entry.date:%Y-%m-%d}, but the notice "
                f"logged on the application is dated {other.date:%Y-%m-%d}. Give the letter the logged date "
                "(prefill it again from the record) before issuing it."
            )
    event = next((e for e in logged if _matches(e, entry)), None)
    if event is None and entry.kind == ClockEvent.Kind.TOLLING_AGREEMENT:
        # The agreement staff logged before the letter was signed: the letter is it in writing (same days).
        unlinked = [e for e in logged if e.kind == entry.kind and e.days == entry.days and not e.letter_id]
        event = unlinked[-1] if unlinked else None
    if event is not None and event.letter_id and event.letter_id != letter.pk:
        raise ValidationError(
            f"The {entry.label} on the application is already recorded by letter {event.letter.number}. "
            "To change what that letter says, draft a correction of it."
        )
    if event is None:
        try:
            event = _record(application, actor, entry)
        except ValidationError as error:
            raise ValidationError(
                [f"The letter cannot be issued: the shot clock refuses the {entry.label} it records.", *error.messages]
            ) from error
    event.letter = letter
    event.save(update_fields=["letter"])
    return event
