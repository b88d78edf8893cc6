"""Demo letters. ILLUSTRATIVE, idempotent; run after the franchise (and permits) demo data.

Made through the services from the demo records, so they show the whole
workflow: two issued letters (PDF, number, SHA-256; marked ILLUSTRATIVE on
every page), one approved and waiting to be issued, and drafts. The first
Legal user drafts and signs, the second approves (a drafter may not approve
their own letter: LETTERS_REQUIRE_SECOND_APPROVER). The PDFs are
rendered here, inline, so the demo does not need the worker running.
"""

import logging

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Provider, User
from accounts.roles import LEGAL
from letters import services, sources
from letters.models import Letter

logger = logging.getLogger(__name__)


def _legal_users(actor):
    """The demo's two Legal users: one drafts and signs, the other approves (a drafter may not approve)."""
    users = list(User.objects.filter(groups__name=LEGAL, is_active=True).order_by("pk")[:2])
    drafter = users[0] if users else actor
    return drafter, users[1] if len(users) > 1 else actor


def _candidate(kind, provider_short_name, today):
    provider = Provider.objects.filter(short_name=provider_short_name).first()
    if provider is None:
        return None
    if kind == "renewal_ascertainment":  # the license in renewal, whether or not its window is open today
        license = provider.licenses.exclude(renewal_notice_date=None).first()
        return sources.ref_for(license) if license else None
    for candidate in sources.candidates(kind, today=today, period="all"):
        if candidate.provider == provider.name:
            return candidate.ref
    return None


def _issue(letter, actor, approver):
    letter = services.letter_approve(letter=letter, actor=approver)
    letter = services.letter_issue(letter=letter, actor=actor, enqueue=False)
    return services.letter_render(letter_id=letter.pk)


# (kind, provider, how far the demo takes it)
PLAN = [
    ("fee_interest", "comcast", "issued"),
    ("cure_notice", "rcn", "issued"),
    ("cs_enforcement", "comcast", "approved"),
    ("cure_notice", "verizon", "draft"),
    ("renewal_ascertainment", "rcn", "draft"),
    ("smallcell_incomplete", None, "draft"),
    ("denial_reasons", None, "draft"),
]


def load(actor):
    if Letter.objects.filter(is_illustrative=True).exists():
        return []
    legal, reviewer = _legal_users(actor)
    today = timezone.localdate()
    made = []
    for kind, provider, stage in PLAN:
        if provider:
            ref = _candidate(kind, provider, today)
        else:
            ref = next((c.ref for c in sources.candidates(kind, today=today)), None)
        if ref is None:
            continue
        try:
            letter = services.letter_create(actor=legal, kind=kind, source=ref)
            if stage == "issued":
                letter = _issue(letter, legal, reviewer)
            elif stage == "approved":
                letter = services.letter_approve(letter=letter, actor=reviewer)
        except ValidationError as error:
            # The other apps' demo data may change; a letter that no longer fits is left out, not a crash.
            logger.warning("Demo letter %s from %s skipped: %s", kind, ref, " ".join(error.messages))
            continue
        made.append(letter)
    return made
