"""Writes for compliance records. Every write names its actor."""

from django.db import transaction

from accounts.audit import acting_as
from businessdays.models import ClosureDay


def closure_day_add(*, actor, date, reason, kind=ClosureDay.Kind.OFFICE_CLOSURE):
    """Record a City closure day.

    `kind` is a ClosureDay.Kind: a legal holiday declared by the City or the
    Commonwealth moves shot-clock dates and license due dates; an office
    closure (the default, the kind that can never move a federal shot clock)
    moves license due dates only. The stored shot clocks near a legal holiday
    are recomputed (permits.signals).
    """
    with transaction.atomic(), acting_as(actor):
        closure = ClosureDay(date=date, reason=reason, kind=kind, created_by=actor)
        closure.full_clean()
        closure.save()
    return closure


def closure_day_remove(*, actor, closure):
    with transaction.atomic(), acting_as(actor):
        closure.delete()
