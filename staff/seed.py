"""`manage.py seed --scale N`: a realistic data set of N small-cell
applications and everything around them, fast enough for benchmarks.

Bulk writes, with history rows written in bulk too
(simple_history.utils.bulk_create_with_history), as the system user. Cable
licenses go through the services (a few dozen, with their generated filings
and deadlines), applications, sites, events and deadlines in bulk. Clock
fields are computed by the pure shot-clock engine, exactly as the services
would store them. All of it is marked illustrative.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.audit import acting_as, system_user
from accounts.models import Provider
from businessdays.selectors import shot_clock_calendar
from core.search import services as search_services
from deadlines import reminder_schedule
from deadlines.models import Deadline, ReminderRule
from deadlines.sync import DEFAULT_RULE
from franchise import catalogue
from franchise import services as franchise_services
from permits import shotclock
from permits.models import QUEUE_LAST, ClockEvent, PermitApplication, Site

CATEGORIES = (
    ["swf_collocation"] * 6 + ["swf_new_structure"] * 2 + ["collocation", "new_structure", "eligible_facilities"]
)
STREETS = [
    "Tremont St",
    "Washington St",
    "Boylston St",
    "Massachusetts Ave",
    "Dorchester Ave",
    "Blue Hill Ave",
    "Commonwealth Ave",
    "Centre St",
    "Hyde Park Ave",
    "Columbus Ave",
    "Beacon St",
    "Cambridge St",
]
BATCH = 5000


@dataclass
class SeedResult:
    providers: int = 0
    licenses: int = 0
    applications: int = 0
    events: int = 0
    deadlines: int = 0


def _providers(scale, actor):
    wireless = max(5, scale // 2000)
    cable = max(3, scale // 10_000)
    existing = set(Provider.objects.filter(short_name__startswith="seed-").values_list("short_name", flat=True))
    rows = []
    for kind, count in (("cable", cable), ("wireless", wireless)):
        for n in range(count):
            short = f"seed-{kind}-{n}"
            if short not in existing:
                rows.append(
                    Provider(
                        name=f"Seed {kind.title()} Operator {n}",
                        short_name=short,
                        kind=kind,
                        city="Boston",
                        state="MA",
                        postal_code="02201",
                        street_address=f"{100 + n} Example Way",
                        is_illustrative=True,
                    )
                )
    bulk_create_with_history(rows, Provider, batch_size=BATCH, default_user=actor)
    return (
        list(Provider.objects.filter(short_name__startswith="seed-cable-").order_by("pk")),
        list(Provider.objects.filter(short_name__startswith="seed-wireless-").order_by("pk")),
    )


def _licenses(cable, actor, today):
    made = 0
    codes = [entry.code for entry in catalogue.entries() if not entry.needs_date]
    for n, provider in enumerate(cable):
        if provider.licenses.exists():
            continue
        granted = date(today.year - 6 - n % 5, 1 + n % 12, 10)
        license = franchise_services.license_create(
            actor=actor,
            provider=provider,
            title=f"{provider.name} license (seeded)",
            grant_date=granted,
            effective_date=granted,
            expiration_date=granted.replace(year=granted.year + 10) - timedelta(days=1),
            fee_rate_percent=Decimal("4.5"),
            is_illustrative=True,
        )
        franchise_services.obligations_from_catalogue(
            license=license, actor=actor, codes=codes, track_from=date(today.year - 2, 1, 1), today=today
        )
        made += 1
    return made


def _clock_fields(result):
    return {
        "clock_days": result.days,
        "clock_deadline": result.deadline,
        "clock_state": result.state,
        "clock_tolled_days": result.tolled_days,
        "clock_paused_days_left": result.days_remaining if result.state == shotclock.TOLLED else None,
        "clock_flagged": result.flagged,
        "clock_computed_on": result.as_of,
        "queue_order": result.deadline or QUEUE_LAST,
    }


def _application_batch(start, count, wireless, calendar, today, rng):
    """Applications with their sites and events, computed but not saved."""
    apps, sites, events = [], [], []
    for n in range(start, start + count):
        category = rng.choice(CATEGORIES)
        submitted = today - timedelta(days=rng.randint(0, 3 * 365))
        plan = []
        if rng.random() < 0.25:  # an incompleteness notice on day 5, resubmitted 12 days later
            plan.append(shotclock.Event(kind=shotclock.INCOMPLETE_NOTICE, date=submitted + timedelta(days=5)))
            resubmitted = submitted + timedelta(days=17)
            if resubmitted <= today:
                plan.append(shotclock.Event(kind=shotclock.RESUBMITTED, date=resubmitted))
        age = (today - submitted).days
        decided = age > 45 and rng.random() < 0.85
        if decided:
            day = submitted + timedelta(days=min(age, rng.randint(30, 170)))
            if not plan or (plan[-1].kind == shotclock.RESUBMITTED and day > plan[-1].date):
                outcome = shotclock.APPROVED if rng.random() < 0.9 else shotclock.DENIED
                plan.append(shotclock.Event(kind=shotclock.DECISION, date=day, outcome=outcome))
        try:
            result = shotclock.compute(
                category=category, submitted_on=submitted, events=plan, calendar=calendar, as_of=today, strict=False
            )
        except shotclock.ClockError:
            plan, result = (
                [],
                shotclock.compute(category=category, submitted_on=submitted, events=[], calendar=calendar, as_of=today),
            )
        decision = next((e for e in plan if e.kind == shotclock.DECISION), None)
        status = (
            decision.outcome
            if decision
            else "incomplete"
            if plan and plan[-1].kind == shotclock.INCOMPLETE_NOTICE
            else "under_review"
        )
        app = PermitApplication(
            reference=f"SEED-{n:07d}",
            applicant=rng.choice(wireless),
            category=category,
            submitted_on=submitted,
            status=status,
            decision_date=decision.date if decision else None,
            in_queue=status in PermitApplication.OPEN_STATUSES,
            is_illustrative=True,
            description="Seeded for benchmarks (illustrative).",
            **_clock_fields(result),
        )
        apps.append(app)
        sites.append((app, category, n))
        events.append((app, plan))
    return apps, sites, events


def _deadline_for(app, source_type, rules):
    rule = rules.get("shot_clock")
    offsets = rule.offsets if rule else DEFAULT_RULE["offsets"]
    every = rule.overdue_every_days if rule else DEFAULT_RULE["overdue_every_days"]
    open_clock = app.clock_state in (shotclock.RUNNING, shotclock.MISSED) and not app.decision_date
    return Deadline(
        kind=Deadline.Kind.SHOT_CLOCK,
        title=f"Decide small-cell application {app.reference}",
        due_date=app.clock_deadline or app.submitted_on + timedelta(days=app.clock_days or 60),
        state=Deadline.State.OPEN if open_clock else Deadline.State.SATISFIED,
        provider_id=app.applicant_id,
        provider_facing=False,
        citation="47 CFR 1.6003; 47 CFR 1.6100",
        link=f"/permits/applications/{app.pk}/",
        source_type=source_type,
        source_id=app.pk,
        source_key="shot_clock",
        next_reminder_on=reminder_schedule.first_reminder_on(
            due_date=app.clock_deadline, offsets=offsets, overdue_every=every, today=timezone.localdate()
        )
        if open_clock and app.clock_deadline
        else None,
    )


def seed(scale, *, seed_value=2026, progress=None):
    rng = random.Random(seed_value)
    actor = system_user()
    today = timezone.localdate()
    calendar = shot_clock_calendar()
    result = SeedResult()
    rules = {rule.kind: rule for rule in ReminderRule.objects.all()}
    source_type = ContentType.objects.get_for_model(PermitApplication)
    with acting_as(actor):
        cable, wireless = _providers(scale, actor)
        result.providers = len(cable) + len(wireless)
        result.licenses = _licenses(cable, actor, today)
        start = PermitApplication.objects.filter(reference__startswith="SEED-").count()
        remaining = max(0, scale - start)
        while remaining:
            count = min(BATCH, remaining)
            with transaction.atomic():
                apps, site_plan, event_plan = _application_batch(start, count, wireless, calendar, today, rng)
                apps = bulk_create_with_history(apps, PermitApplication, batch_size=BATCH, default_user=actor)
                by_ref = {
                    a.reference: a
                    for a in PermitApplication.objects.filter(reference__in=[a.reference for a in apps]).only(
                        "id", "reference"
                    )
                }
                for app in apps:
                    app.pk = by_ref[app.reference].pk
                sites = [
                    Site(
                        application=app,
                        address=f"{10 + n % 900} {STREETS[n % len(STREETS)]}, Boston, MA",
                        category=category,
                        structure_id=f"P-{n:07d}",
                        new_structure=category in ("swf_new_structure", "new_structure"),
                    )
                    for app, category, n in site_plan
                ]
                bulk_create_with_history(sites, Site, batch_size=BATCH, default_user=actor)
                events = [
                    ClockEvent(
                        application=app,
                        kind=e.kind,
                        date=e.date,
                        outcome=e.outcome,
                        recorded_by=actor,
                        reasons="Seeded denial: the proposal fails the published design standards."
                        if e.outcome == shotclock.DENIED
                        else "",
                    )
                    for app, plan in event_plan
                    for e in plan
                ]
                bulk_create_with_history(events, ClockEvent, batch_size=BATCH, default_user=actor)
                deadlines = [_deadline_for(app, source_type, rules) for app in apps]
                bulk_create_with_history(deadlines, Deadline, batch_size=BATCH, default_user=actor)
            result.applications += count
            result.events += len(events)
            result.deadlines += len(deadlines)
            start += count
            remaining -= count
            if progress:
                progress(result.applications, scale)
    # bulk_create skips the signals that keep the search index current: write it once at the end.
    search_services.rebuild()
    return result
