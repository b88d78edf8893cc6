"""Feed the one deadline list (compliance.Deadline) from license records.

Called by franchise/services.py after every write to a filing or a license,
inside the same transaction, so the list is never out of step.
"""

from django.utils import timezone

from deadlines.models import Deadline
from deadlines.sync import deadline_close, deadline_remove, deadline_sync
from franchise.models import Filing, Obligation

KIND_FOR_OBLIGATION = {
    Obligation.Kind.FEE_REPORT: Deadline.Kind.PAYMENT,
    Obligation.Kind.PER_SUBSCRIBER_FEE: Deadline.Kind.PAYMENT,
    Obligation.Kind.PEG_SUPPORT: Deadline.Kind.PAYMENT,
    Obligation.Kind.PEG_CAPITAL: Deadline.Kind.PAYMENT,
    Obligation.Kind.INSURANCE: Deadline.Kind.INSURANCE,
    Obligation.Kind.PERFORMANCE_BOND: Deadline.Kind.BOND,
    Obligation.Kind.BUILD_OUT: Deadline.Kind.BUILD_OUT,
    Obligation.Kind.RENEWAL: Deadline.Kind.RENEWAL,
}
SATISFIED = {Filing.Status.RECEIVED, Filing.Status.LATE, Filing.Status.ACCEPTED}


def filing_deadline_sync(filing):
    """An open (or deficient: to be cured) filing is an open deadline; a
    received or accepted one is satisfied; a waived one is waived."""
    obligation = filing.obligation
    if filing.status in SATISFIED:
        deadline_close(source=filing)
        return
    if filing.status == Filing.Status.WAIVED:
        deadline_close(source=filing, state=Deadline.State.WAIVED)
        return
    license = filing.license
    period = f"{filing.period_start:%b %-d, %Y} to {filing.period_end:%b %-d, %Y}"
    deadline_sync(
        source=filing,
        kind=KIND_FOR_OBLIGATION.get(obligation.kind, Deadline.Kind.FILING),
        title=f"{license.provider.name}: {obligation.title} ({period})",
        due_date=filing.due_date,
        provider=license.provider,
        owner=obligation.owner,
        provider_facing=True,
        citation=obligation.clause,
    )


def filing_deadline_remove(filing):
    deadline_remove(source=filing)


def filing_deadline_superseded(filing):
    """A deficient filing that was resubmitted: its replacement carries the deadline."""
    deadline_close(source=filing)


# Steps that only mark a date (nothing to do by then) are not kept once past.
INFORMATIONAL_STEPS = {"window_opens", "window_closes", "appeal_until", "expires"}


def _step_done(license, key):
    if key == "commence_by":
        return license.renewal_commenced_date is not None
    if key == "decide_by":
        return license.final_decision_date is not None
    return False


def license_deadlines_sync(license, today=None):
    """Each dated step of the renewal calendar (47 U.S.C. 546, 555; 207 CMR
    3.00) is a deadline for the City; a step already taken is satisfied."""
    today = today or timezone.localdate()
    for step in license.renewal_calendar():
        key = f"renewal:{step.key}"
        if step.date is None or (step.key in INFORMATIONAL_STEPS and step.date < today):
            deadline_remove(source=license, key=key)
            continue
        deadline_sync(
            source=license,
            key=key,
            kind=Deadline.Kind.RENEWAL,
            title=f"{license.provider.name}: {step.label}",
            due_date=step.date,
            provider=license.provider,
            provider_facing=False,
            citation=step.citation,
        )
        if _step_done(license, step.key):
            deadline_close(source=license, key=key)
