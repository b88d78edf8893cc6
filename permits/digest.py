"""The "Applications assigned to you" section of the staff reminder digest.

deadlines/reminders.py sends the digests and sits below permits, so it never
imports this module: permits registers `assigned_sections` with
`deadlines.reminders.register_digest_section` from its AppConfig.ready().
One query for every recipient of a run, whatever the number of rows.
"""

from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from permits import shotclock
from permits.models import PermitApplication

SECTION_LIMIT = 20  # the soonest 20 are listed, all of them counted


def status_words(application, today):
    """The clock in a few words, by the one attention rule (shotclock.attention on the stored clock)."""
    kind = application.attention(today)
    left = application.days_remaining(today)
    if kind == shotclock.ATTENTION_MISSED:
        return "MISSED — decide now"
    if kind == shotclock.ATTENTION_TOLLED:
        return f"tolled: {left} days left when resubmitted" if left is not None else "tolled"
    if left is None:
        return "running"
    if left == 0:
        return "due today"
    return f"{'at risk: ' if kind == shotclock.ATTENTION_AT_RISK else ''}{left} day{'' if left == 1 else 's'} left"


def assigned_sections(users, today):
    """{user id: section} of the open applications assigned to each of `users`, soonest deadline first
    (tolled clocks, with no deadline, last). One query: the open applications of all of them."""
    by_reviewer = defaultdict(list)
    applications = (
        PermitApplication.objects.filter(assigned_reviewer__in=[user.pk for user in users], in_queue=True)
        .select_related("applicant")
        .order_by("queue_order", "submitted_on", "id")
    )
    for application in applications:
        by_reviewer[application.assigned_reviewer_id].append(application)
    list_url = settings.SITE_URL + reverse("permits:assigned-to-me")
    sections = {}
    for user_id, rows in by_reviewer.items():
        sections[user_id] = {
            "title": "Applications assigned to you",
            "intro": f"{len(rows)} open small-cell application{'' if len(rows) == 1 else 's'} with you as "
            "reviewer, soonest shot-clock deadline first:",
            "lines": [
                {
                    "due": application.clock_deadline,
                    "status": status_words(application, today),
                    "missed": application.attention(today) == shotclock.ATTENTION_MISSED,
                    "label": f"{application.reference} ({application.applicant.name})",
                    "url": settings.SITE_URL + application.get_absolute_url(),
                }
                for application in rows[:SECTION_LIMIT]
            ],
            "more": max(0, len(rows) - SECTION_LIMIT),
            "url": list_url,
        }
    return sections
