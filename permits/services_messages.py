"""An application's message thread between the applicant and the City.

A message is plain text, posted by one of the applicant's own users or by a City Staff or Legal user, and
never edited or deleted (there is no service for either; history keeps every row). The other side hears of
it by e-mail once it is saved: the applicant's notice contacts and the user who filed the application, or
the assigned reviewer (every active Staff user when no one is assigned).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import acting_as
from accounts.roles import LEGAL, STAFF, has_role
from core.emails import make_message
from permits.models import ApplicationMessage
from permits.services_answers import city_recipients

BODY_MAX = 5000


def applicant_recipients(application):
    """The applicant's notice contacts and the user who filed the application in the portal, once each."""
    emails = list(
        application.applicant.contacts.filter(receives_notices=True)
        .order_by("name", "id")
        .values_list("email", flat=True)
    )
    filer = application.submitted_by
    if filer is not None and filer.is_active and filer.email:
        emails.append(filer.email)
    seen, unique = set(), []
    for email in emails:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            unique.append(email)
    return unique


def _side(actor, application):
    """True for the City, False for the applicant; anyone else is refused."""
    if getattr(actor, "provider_id", None) is not None:
        if actor.provider_id != application.applicant_id:
            raise ValidationError("Only the applicant's own users and the City can write in this thread.")
        return False
    if has_role(actor, STAFF, LEGAL):
        return True
    raise ValidationError("Only the applicant's own users and the City's Staff and Legal can write in this thread.")


def message_post(*, actor, application, body):
    """Post a plain-text message (1 to 5,000 characters after trimming) to the application's thread."""
    from_city = _side(actor, application)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write a message."})
    if len(body) > BODY_MAX:
        raise ValidationError(
            {"body": f"A message can be at most {BODY_MAX:,} characters (this one has {len(body):,})."}
        )
    with transaction.atomic(), acting_as(actor):
        message = ApplicationMessage(application=application, author=actor, from_city=from_city, body=body)
        message.full_clean()
        message.save()
        recipients = applicant_recipients(application) if from_city else city_recipients(application)
        if recipients:
            context = {"application": application, "message": message, "to_city": not from_city}
            email = make_message("permits/message_posted", context, to=recipients)
            transaction.on_commit(lambda: email.send(fail_silently=True))
    return message
