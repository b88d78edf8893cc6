"""The applicant's answers from the portal: a resubmission, a withdrawal, a deemed-grant notice.

Each is a checked wrapper around services.clock_event_record: only the applicant's own users may answer,
the date is the America/New_York day of the server's time (never a date anyone types), and the engine
refuses an impossible answer (a resubmission with no open notice, anything after a decision or a
withdrawal, a deemed-grant notice outside 47 CFR 1.6100(c)(4)). The reviewer (or, with none assigned,
every active Staff user) hears of it by e-mail once the answer is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import acting_as
from core import dates
from core.emails import make_message
from permits import selectors
from permits.models import ClockEvent
from permits.services import clock_event_record

STATEMENT_MAX = 5000


def _check_actor(actor, application):
    if getattr(actor, "provider_id", None) is None or actor.provider_id != application.applicant_id:
        raise ValidationError("Only the applicant's own users can answer for this application.")


def city_recipients(application):
    """The assigned reviewer's address, or every active Staff user's when no one is assigned."""
    reviewer = application.assigned_reviewer
    if reviewer is not None and reviewer.is_active and reviewer.email:
        return [reviewer.email]
    people = selectors.assignable_reviewers().exclude(email="")
    return sorted({person.email for person in people})


def _filed_line(what, note):
    line = f"{what} filed in the portal at {dates.moment(timezone.now())} (New York time)."
    note = (note or "").strip()
    return f"{line}\n{note}" if note else line


def _answer(*, actor, application, kind, details, what):
    _check_actor(actor, application)
    with transaction.atomic(), acting_as(actor):
        event = clock_event_record(
            application=application, actor=actor, kind=kind, date=timezone.localdate(), details=details
        )
        application = event.application
        recipients = city_recipients(application)
        if recipients:
            context = {"application": application, "event": event, "actor": actor, "what": what}
            message = make_message("permits/carrier_answer", context, to=recipients)
            transaction.on_commit(lambda: message.send(fail_silently=True))
    return event


def carrier_resubmit(*, actor, application, note=""):
    """The applicant resubmits after an incompleteness notice (47 CFR 1.6003(d); 1.6100(c)(3)), dated today."""
    return _answer(
        actor=actor,
        application=application,
        kind=ClockEvent.Kind.RESUBMITTED,
        details=_filed_line("Resubmission", note),
        what="resubmitted the application",
    )


def carrier_withdraw(*, actor, application, reason=""):
    """The applicant withdraws the application, dated today; the shot clock stops."""
    return _answer(
        actor=actor,
        application=application,
        kind=ClockEvent.Kind.WITHDRAWN,
        details=_filed_line("Withdrawal", reason),
        what="withdrew the application",
    )


def carrier_deemed_granted_notice(*, actor, application, statement):
    """The applicant's written notice that a 6409(a) request is deemed granted (47 CFR 1.6100(c)(4)), dated today.

    The statement is the notice's own text and is required; the engine accepts it only for an eligible
    facilities request whose period has run with no decision.
    """
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError({"statement": "Write the notice: the deemed grant needs it in writing."})
    if len(statement) > STATEMENT_MAX:
        raise ValidationError({"statement": f"The notice can be at most {STATEMENT_MAX} characters."})
    return _answer(
        actor=actor,
        application=application,
        kind=ClockEvent.Kind.DEEMED_GRANTED_NOTICE,
        details=_filed_line("Deemed-grant notice", statement),
        what="gave written notice that the request is deemed granted (47 CFR 1.6100(c)(4))",
    )
