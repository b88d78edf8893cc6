"""Writes for compliance records. Every write names its actor."""

from django.db import transaction

from accounts.audit import acting_as
from compliance.models import ClosureDay


def closure_day_add(*, actor, date, reason):
    with transaction.atomic(), acting_as(actor):
        closure = ClosureDay(date=date, reason=reason, created_by=actor)
        closure.full_clean()
        closure.save()
    return closure


def closure_day_remove(*, actor, closure):
    with transaction.atomic(), acting_as(actor):
        closure.delete()
