"""Carrier writes on its own issued permits, from the portal: asking for renewal and reporting construction.

The rules are those of permits.services (permit_request_renewal, permit_mark_built: no future day, nothing before
the permit was issued); these wrappers add who may act (a user of the permit's applicant, never another carrier)
and the state a carrier may act from, and tell the application's assigned reviewer once the change is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import acting_as
from core.emails import make_message
from permits import services
from permits.models import Permit

NOT_HOLDER = "Only the permit holder's own users can change this permit."
ALREADY_REQUESTED = "Renewal of this permit has already been requested; the City will answer it."
ALREADY_RENEWED = "This permit has already been renewed."
ALREADY_BUILT = "Construction of this site has already been reported complete."


def _locked(permit, actor):
    """The permit, locked for this transaction, once the actor is shown to be one of its holder's users."""
    # Only the permit's own row is locked (an outer join to the optional reviewer cannot be locked on PostgreSQL).
    locked = Permit.objects.select_for_update().get(pk=permit.pk)
    provider_id = getattr(actor, "provider_id", None)
    if provider_id is None or provider_id != locked.application.applicant_id:
        raise ValidationError(NOT_HOLDER)
    return locked


def _tell_reviewer(permit, name, actor):
    reviewer = permit.application.assigned_reviewer
    if reviewer is None or not reviewer.email:
        return
    context = {"permit": permit, "actor": actor, "application": permit.application}
    transaction.on_commit(lambda: make_message(name, context, to=[reviewer.email]).send(fail_silently=True))


def permit_request_renewal_as_carrier(*, permit, actor, requested_on):
    """The carrier applies to renew its permit (once: a request already made or granted is not made again)."""
    with transaction.atomic(), acting_as(actor):
        permit = _locked(permit, actor)
        if permit.renewal_status == Permit.RenewalStatus.REQUESTED:
            raise ValidationError(ALREADY_REQUESTED)
        if permit.renewal_status == Permit.RenewalStatus.RENEWED:
            raise ValidationError(ALREADY_RENEWED)
        services.permit_request_renewal(permit=permit, actor=actor, requested_on=requested_on)
        _tell_reviewer(permit, "permits/permit_renewal_requested", actor)
    return permit


def permit_mark_built_as_carrier(*, permit, actor, built_on):
    """The carrier reports construction of its permitted site complete (once)."""
    with transaction.atomic(), acting_as(actor):
        permit = _locked(permit, actor)
        if permit.built_on is not None:
            raise ValidationError(ALREADY_BUILT)
        services.permit_mark_built(permit=permit, actor=actor, built_on=built_on)
        _tell_reviewer(permit, "permits/permit_built", actor)
    return permit
