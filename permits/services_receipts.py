"""The receipt of a portal filing: what the carrier filed, when the server received it, and the shot clock
Conduit computes from that moment. The receipt page, its PDF and the e-mail all read `receipt_facts`, so
they give the same figures.
"""

import logging
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from businessdays.selectors import shot_clock_calendar
from core.emails import make_message
from letters.services import notice_recipients
from permits import shotclock
from permits.models import ClockState, PermitApplication

logger = logging.getLogger(__name__)

CITY_TIME_ZONE = ZoneInfo("America/New_York")


def receipt_facts(application):
    """Everything a receipt shows. The clock is the engine's as of the day of submission (application_clock):
    the deadline the filing started, whatever happens to the application later."""
    from permits import services, services_filing

    sites = list(application.sites.all())
    documents = list(application.documents.all())
    draft = getattr(application, "draft", None)
    missing = services_filing.missing_items(draft, submitted_on=application.submitted_on) if draft else []
    clock = services.application_clock(application, calendar=shot_clock_calendar(), as_of=application.submitted_on)
    period = shotclock.batch_period(application.category, [site.category or application.category for site in sites])
    return {
        "application": application,
        "received_at": timezone.localtime(application.submitted_at, CITY_TIME_ZONE)
        if application.submitted_at
        else None,
        "sites": sites,
        "documents": documents,
        "missing": missing,
        "clock": clock,
        "clock_state_label": ClockState(clock.state).label,
        "period": period,
    }


def _deliver(application_id):
    application = (
        PermitApplication.objects.select_related("applicant", "submitted_by", "draft")
        .prefetch_related("sites", "documents__checklist_item")
        .get(pk=application_id)
    )
    submitter = application.submitted_by
    to = [submitter.email] if submitter is not None and submitter.email else []
    cc = [email for email in notice_recipients(application.applicant) if email not in to]
    if not to and not cc:
        logger.warning("Receipt of application %s: no one to send it to.", application.reference)
        return
    try:
        make_message("application_receipt", receipt_facts(application), to=to or cc, cc=cc if to else []).send()
    except Exception as error:  # a mail failure must not undo the filing: it is logged, and the receipt page stays
        logger.warning(
            "Receipt of application %s: email failed: %s: %s", application.reference, type(error).__name__, error
        )


def receipt_send(application):
    """E-mail the receipt to the user who submitted the application, copied to the carrier's notice contacts,
    once the submission is committed."""
    application_id = application.pk
    transaction.on_commit(lambda: _deliver(application_id))
