"""The "Applications assigned to you" section of the staff reminder digest (permits/digest.py,
registered with deadlines.reminders.register_digest_section from permits' AppConfig.ready())."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.roles import STAFF
from deadlines import reminders
from permits import services
from permits.digest import assigned_sections
from permits.models import PermitApplication
from tests.factories import UserFactory
from tests.permits.factories import PermitApplicationFactory, make_application

BOSTON = ZoneInfo("America/New_York")


@pytest.fixture
def dana(db):
    return UserFactory(username="dana", first_name="Dana", last_name="Reyes", role=STAFF)


@pytest.fixture
def three(frozen, staff, crown_castle):
    return [
        make_application(actor=staff, applicant=crown_castle, reference=f"SC-2026-010{n}", sites=[{"address": a}])
        for n, a in enumerate(("10 Tremont St", "20 Tremont St", "30 Tremont St"), start=1)
    ]


def test_the_section_builder_is_registered_by_the_permits_app():
    assert assigned_sections in reminders._DIGEST_SECTIONS


def test_the_digest_section_lists_each_reviewers_open_applications_soonest_first(three, staff, dana):
    """Frozen Sun 2026-03-01. SC-0101 and SC-0102 (submitted Mon Jan 5, SWF collocation: 60 days to
    Fri Mar 6) are Dana's; SC-0103 is Dana's too but decided, so not listed."""
    services.application_assign_many(applications=three, reviewer=dana, actor=staff)
    services.clock_event_record(
        application=three[2],
        actor=staff,
        kind="decision",
        date=three[2].submitted_on.replace(day=20),
        outcome="approved",
    )
    sections = assigned_sections([dana, staff], timezone.localdate())
    assert list(sections) == [dana.pk]  # staff has none: no section
    section = sections[dana.pk]
    assert section["title"] == "Applications assigned to you"
    assert [line["label"] for line in section["lines"]] == [
        "SC-2026-0101 (Crown Castle Fiber)",
        "SC-2026-0102 (Crown Castle Fiber)",
    ]
    # Mar 1 to Fri Mar 6: 5 days left, within the at-risk window.
    assert [(line["due"].isoformat(), line["status"]) for line in section["lines"]] == [
        ("2026-03-06", "at risk: 5 days left"),
        ("2026-03-06", "at risk: 5 days left"),
    ]
    assert section["url"].endswith("/permits/assigned-to-me/") and section["more"] == 0


def test_the_digest_section_costs_one_query_whatever_the_number_of_applications(
    frozen, staff, dana, crown_castle, django_assert_num_queries
):
    other = UserFactory(username="kim", role=STAFF)
    for count in (2, 60):
        PermitApplication.objects.bulk_create(
            PermitApplicationFactory.build(
                applicant=crown_castle, assigned_reviewer=reviewer, clock_deadline=date(2026, 3, 20)
            )
            for reviewer in (dana, other)
            for _ in range(count)
        )
        with django_assert_num_queries(1):
            sections = assigned_sections([dana, other], timezone.localdate())
    assert sections[dana.pk]["more"] == 62 - 20 and len(sections[other.pk]["lines"]) == 20


def test_a_reviewers_digest_lists_their_open_applications_and_others_digests_do_not(three, staff, dana):
    """Both sweeps run on Fri 2026-03-06, the shot clocks' due day: every open clock's reminder goes out,
    Dana's two (she owns them as reviewer) and SC-0103's (nobody's: to the whole office)."""
    services.application_assign_many(applications=three[:2], reviewer=dana, actor=staff)
    mail.outbox.clear()
    with time_machine.travel(datetime(2026, 3, 6, 7, 0, tzinfo=BOSTON), tick=False):
        reminders.sweep()
    by_address = {message.to[0]: message for message in mail.outbox}
    text = by_address["dana@example.test"].body
    assert "Applications assigned to you: 2 open small-cell applications with you as reviewer" in text
    assert "- Fri, Mar 6, 2026 (due today): SC-2026-0101 (Crown Castle Fiber)" in text
    assert "SC-2026-0102 (Crown Castle Fiber)" in text
    assert f"All of them: {settings.SITE_URL}/permits/assigned-to-me/" in text
    html = by_address["dana@example.test"].alternatives[0][0]
    assert "<h2" in html and "Applications assigned to you" in html and "SC-2026-0101 (Crown Castle Fiber)" in html
    assert "Applications assigned to you" not in by_address["staff@example.test"].body
