"""Writes for small-cell permits. Every write names its actor.

Every change that can move a shot clock (a new application, a site's
category, a clock event, a City closure day) ends in
`application_clock_refresh`, which runs the pure engine, stores the result on
the application and keeps the City's deadline list (deadlines.sync) in
step. Permits feed it their build-by and expiry dates the same way.
"""

from dataclasses import replace
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.audit import acting_as
from accounts.models import Provider
from businessdays.selectors import shot_clock_calendar
from core import dates
from core.services import apply_fields
from deadlines.models import Deadline
from deadlines.services import BULK_LIMIT
from deadlines.sync import deadline_close, deadline_sync
from permits import selectors, shotclock
from permits.models import QUEUE_LAST, ClockEvent, FeeSchedule, MissingItem, Permit, PermitApplication, Site

# The applicant is fixed once the application is logged.
APPLICATION_FIELDS = tuple(name for name in PermitApplication.EDITABLE_FIELDS if name != "applicant")
SITE_FIELDS = Site.EDITABLE_FIELDS
FEE_FIELDS = FeeSchedule.EDITABLE_FIELDS
STATUS_AFTER = {
    ClockEvent.Kind.INCOMPLETE_NOTICE: PermitApplication.Status.INCOMPLETE,
    ClockEvent.Kind.RESUBMITTED: PermitApplication.Status.UNDER_REVIEW,
    ClockEvent.Kind.WITHDRAWN: PermitApplication.Status.WITHDRAWN,
    ClockEvent.Kind.DEEMED_GRANTED_NOTICE: PermitApplication.Status.DEEMED_GRANTED,
}
DENIAL_REASONS_REQUIRED = (
    "A denial must give its reasons in writing, at the same time as the decision "
    "(47 U.S.C. 332(c)(7)(B)(iii); T-Mobile South, LLC v. City of Roswell, 574 U.S. 293 (2015))."
)
# Days either side of a changed closure day whose stored deadlines are recomputed: a deadline can only move
# across a run of closed days (a long weekend plus holidays is well under this).
CLOSURE_REACH_DAYS = 14


def _not_in_future(day, field="date"):
    if day > timezone.localdate():
        raise ValidationError({field: "The date cannot be in the future."})


def _site_categories(application, sites=None):
    sites = application.sites.all() if sites is None else sites
    return [site.category or application.category for site in sites]


def _site_labels(application, sites=None):
    """The sites' addresses, in the order of `_site_categories`, for the explanation of a batch."""
    sites = application.sites.all() if sites is None else sites
    return [site.address for site in sites]


def _engine_event(event):
    """A recorded event for the engine; a notice carries the names of its missing items (47 CFR 1.6003(d)(3)(i))."""
    engine_event = event.as_engine_event()
    if event.kind == ClockEvent.Kind.INCOMPLETE_NOTICE and event.pk:
        engine_event = replace(engine_event, items=frozenset(missing.item for missing in event.missing_items.all()))
    return engine_event


def _engine_events(application, extra=None):
    events = [_engine_event(event) for event in application.events.all()]
    return [*events, extra] if extra else events


def application_clock(application, *, calendar=None, as_of=None, strict=False):
    """Run the engine on an application's recorded events (no write).

    Whatever calendar is passed, only its shot-clock view counts: a City office
    closure never moves a federal shot clock (businessdays.calendar.BusinessCalendar.for_shot_clock).
    """
    return shotclock.compute(
        category=application.category,
        submitted_on=application.submitted_on,
        events=_engine_events(application),
        calendar=(calendar or shot_clock_calendar()).for_shot_clock(),
        as_of=as_of or timezone.localdate(),
        site_categories=_site_categories(application),
        site_labels=_site_labels(application),
        strict=strict,
    )


def application_notice_effect(application, *, date, items=(), calendar=None):
    """What a notice dated `date` naming `items` would do to the clock, before it is recorded (no write)."""
    return shotclock.notice_effect(
        category=application.category,
        submitted_on=application.submitted_on,
        events=_engine_events(application),
        calendar=(calendar or shot_clock_calendar()).for_shot_clock(),
        notice_date=date,
        items=items,
        site_categories=_site_categories(application),
        site_labels=_site_labels(application),
    )


def first_notice(application):
    """The application's first incompleteness notice, or None: a further notice may name only its items."""
    notices = [event for event in application.events.all() if event.kind == ClockEvent.Kind.INCOMPLETE_NOTICE]
    return min(notices, key=lambda event: (event.date, event.pk), default=None)


def _check_clock(application, *, events, site_categories, calendar):
    """Raise a ValidationError naming the field when the engine refuses the events."""
    try:
        return shotclock.compute(
            category=application.category,
            submitted_on=application.submitted_on,
            events=events,
            calendar=calendar,
            as_of=timezone.localdate(),
            site_categories=site_categories,
        )
    except shotclock.ClockError as error:
        raise ValidationError({error.field: error.message}) from error


def application_clock_refresh(*, application, actor, calendar=None):
    """Recompute the shot clock and store it on the application (saved only when it changed)."""
    with transaction.atomic(), acting_as(actor):
        result = application_clock(application, calendar=calendar)
        values = {
            "clock_days": result.days,
            "clock_deadline": result.deadline,
            "clock_state": result.state,
            "clock_tolled_days": result.tolled_days,
            "clock_paused_days_left": result.days_remaining if result.state == shotclock.TOLLED else None,
            "clock_flagged": result.flagged,
            "clock_computed_on": result.as_of,
            "queue_order": result.deadline or QUEUE_LAST,
        }
        changed = [name for name, value in values.items() if getattr(application, name) != value]
        if changed:
            for name in changed:
                setattr(application, name, values[name])
            application.save(update_fields=changed)
        _sync_clock_deadline(application, result)
    return result


def _sync_clock_deadline(application, result):
    """The shot clock on the deadline list: open while it runs (or is missed and undecided), closed otherwise."""
    if result.state == shotclock.RUNNING or (result.state == shotclock.MISSED and not result.decided_on):
        if result.deemed_granted:
            deadline_close(source=application, key="shot_clock", state=Deadline.State.WAIVED)
            return
        deadline_sync(
            source=application,
            key="shot_clock",
            kind=Deadline.Kind.SHOT_CLOCK,
            title=f"Decide small-cell application {application.reference} ({application.applicant.name})",
            due_date=result.deadline,
            provider=application.applicant,
            owner=application.assigned_reviewer,
            citation="47 CFR 1.6003; 47 CFR 1.6100",
        )
    elif result.state == shotclock.MET or result.decided_on:
        deadline_close(source=application, key="shot_clock", state=Deadline.State.SATISFIED)
    else:
        # Tolled (no date until the applicant resubmits) or withdrawn: nothing for the City to meet now.
        deadline_close(source=application, key="shot_clock", state=Deadline.State.WAIVED)


def _sync_permit_deadlines(permit):
    """Build-by and expiry on the deadline list; the provider must act on both."""
    site = permit.site.address
    if permit.built_on:
        deadline_close(source=permit, key="build_by")
    else:
        deadline_sync(
            source=permit,
            key="build_by",
            kind=Deadline.Kind.PERMIT_BUILD_BY,
            title=f"Build small cell at {site} (permit {permit.number})",
            due_date=permit.build_by,
            provider=permit.application.applicant,
            provider_facing=True,
            citation=f"Permit {permit.number} conditions",
        )
    deadline_sync(
        source=permit,
        key="expiry",
        kind=Deadline.Kind.PERMIT_EXPIRY,
        title=f"Permit {permit.number} for {site} expires: renew",
        due_date=permit.expires_on,
        provider=permit.application.applicant,
        provider_facing=True,
        citation=f"Permit {permit.number}",
    )


def application_clocks_refresh_around(*, day, actor):
    """Recompute stored clocks whose deadline lies near `day` (a City closure day was added or removed)."""
    calendar = shot_clock_calendar()
    reach = timedelta(days=CLOSURE_REACH_DAYS)
    applications = (
        PermitApplication.objects.filter(clock_deadline__range=(day - reach, day + reach))
        .select_related("applicant", "assigned_reviewer")
        .prefetch_related("events__missing_items", "sites")
    )
    count = 0
    with transaction.atomic(), acting_as(actor):
        for application in applications:
            application_clock_refresh(application=application, actor=actor, calendar=calendar)
            count += 1
    return count


def _validate_sites(category, sites):
    errors = []
    for number, site in enumerate(sites, start=1):
        if not str(site.get("address", "")).strip():
            errors.append(f"Site {number}: the address is required.")
    if errors:
        raise ValidationError({"sites": errors})
    if sites:
        codes = [site.get("category") or category for site in sites]
        try:
            shotclock.batch_period(category, codes)
        except shotclock.ClockError as error:
            raise ValidationError({error.field: error.message}) from error
        if category not in codes:
            raise ValidationError(
                {"category": "The application's category must be the category of at least one of its sites."}
            )


def application_create(
    *,
    actor,
    reference,
    applicant,
    category,
    submitted_on,
    sites=(),
    assigned_reviewer=None,
    description="",
    is_illustrative=False,
):
    """Log a new application (one site or a batch). `sites`: dicts of Site fields (address and category at least)."""
    if category not in shotclock.CATEGORIES:
        raise ValidationError(
            {"category": f"Unknown category {category!r}; choose one of {', '.join(shotclock.CATEGORIES)}."}
        )
    if not isinstance(applicant, Provider) or not applicant.handles_wireless:
        raise ValidationError({"applicant": "The applicant must be a wireless carrier or infrastructure firm."})
    _not_in_future(submitted_on, "submitted_on")
    sites = [dict(site) for site in sites]
    _validate_sites(category, sites)
    with transaction.atomic(), acting_as(actor):
        application = PermitApplication(
            reference=reference,
            applicant=applicant,
            category=category,
            submitted_on=submitted_on,
            assigned_reviewer=assigned_reviewer,
            description=description,
            is_illustrative=is_illustrative,
        )
        if assigned_reviewer is not None:
            application.status = PermitApplication.Status.UNDER_REVIEW
        application.full_clean()
        application.save()
        for number, fields in enumerate(sites, start=1):
            site = Site(application=application)
            apply_fields(site, fields, allowed=SITE_FIELDS)
            try:
                site.full_clean()
            except ValidationError as error:
                raise ValidationError({"sites": [f"Site {number}: {message}" for message in error.messages]}) from error
            site.save()
        application_clock_refresh(application=application, actor=actor)
    return application


def application_update(*, application, actor, **fields):
    """Correct an application's particulars; the clock is checked against its events again."""
    if "category" in fields and fields["category"] not in shotclock.CATEGORIES:
        raise ValidationError({"category": f"Unknown category {fields['category']!r}."})
    if "submitted_on" in fields:
        _not_in_future(fields["submitted_on"], "submitted_on")
    with transaction.atomic(), acting_as(actor):
        application = PermitApplication.objects.select_for_update().get(pk=application.pk)
        apply_fields(application, fields, allowed=APPLICATION_FIELDS)
        if application.assigned_reviewer_id and application.status == PermitApplication.Status.RECEIVED:
            application.status = PermitApplication.Status.UNDER_REVIEW
        application.full_clean()
        site_codes = _site_categories(application)
        if site_codes and application.category not in site_codes:
            raise ValidationError(
                {"category": "The application's category must be the category of at least one of its sites."}
            )
        _check_clock(
            application,
            events=_engine_events(application),
            site_categories=site_codes,
            calendar=shot_clock_calendar(),
        )
        application.save()
        application_clock_refresh(application=application, actor=actor)
    return application


def site_add(*, application, actor, **fields):
    with transaction.atomic(), acting_as(actor):
        site = Site(application=application)
        apply_fields(site, fields, allowed=SITE_FIELDS)
        site.full_clean()
        codes = [*_site_categories(application), site.category or application.category]
        _check_clock(
            application, events=_engine_events(application), site_categories=codes, calendar=shot_clock_calendar()
        )
        site.save()
        application_clock_refresh(application=application, actor=actor)
    return site


def site_update(*, site, actor, **fields):
    with transaction.atomic(), acting_as(actor):
        apply_fields(site, fields, allowed=SITE_FIELDS)
        site.full_clean()
        application = site.application
        others = [other for other in application.sites.all() if other.pk != site.pk]
        codes = [*_site_categories(application, others), site.category or application.category]
        if application.category not in codes:
            raise ValidationError(
                {"category": "At least one site must keep the application's category; change the application first."}
            )
        _check_clock(
            application, events=_engine_events(application), site_categories=codes, calendar=shot_clock_calendar()
        )
        site.save()
        application_clock_refresh(application=application, actor=actor)
    return site


def _clean_missing_items(missing_items):
    """Each item needs its published rule: 47 CFR 1.6003(d)(1)-(2) ("the specific rule or regulation")."""
    cleaned, errors = [], []
    for number, entry in enumerate(missing_items or [], start=1):
        item = str((entry or {}).get("item", "")).strip() if isinstance(entry, dict) else ""
        rule = str((entry or {}).get("rule", "")).strip() if isinstance(entry, dict) else ""
        if not item or not rule:
            errors.append(
                f"Item {number}: give the missing item and the published rule that requires it "
                "(47 CFR 1.6003(d)(1)-(2))."
            )
        else:
            cleaned.append((item, rule))
    if errors:
        raise ValidationError({"missing_items": errors})
    if not cleaned:
        raise ValidationError(
            {
                "missing_items": "An incompleteness notice must list each missing item and the published rule "
                "requiring it (47 CFR 1.6003(d)(1)-(2))."
            }
        )
    return cleaned


def _check_event_fields(*, kind, days, missing_items, outcome, reasons):
    if kind not in ClockEvent.Kind.values:
        raise ValidationError(
            {"kind": f"Unknown event kind {kind!r}; choose one of {', '.join(ClockEvent.Kind.values)}."}
        )
    if kind != ClockEvent.Kind.TOLLING_AGREEMENT and days:
        raise ValidationError({"days": "Days are given only for a tolling agreement."})
    if kind != ClockEvent.Kind.INCOMPLETE_NOTICE and missing_items:
        raise ValidationError({"missing_items": "Missing items are given only with an incompleteness notice."})
    if kind != ClockEvent.Kind.DECISION and (outcome or reasons):
        field = "outcome" if outcome else "reasons"
        raise ValidationError({field: "An outcome and reasons are given only with a decision."})
    if kind == ClockEvent.Kind.TOLLING_AGREEMENT and (days is None or days < 1):
        raise ValidationError({"days": "A tolling agreement must say how many days it adds (at least one)."})
    if kind == ClockEvent.Kind.DECISION:
        if outcome not in ClockEvent.Outcome.values:
            raise ValidationError({"outcome": "A decision's outcome must be approved or denied."})
        if outcome == ClockEvent.Outcome.DENIED and not (reasons or "").strip():
            raise ValidationError({"reasons": DENIAL_REASONS_REQUIRED})


def _set_status_from_events(application, *, calendar):
    """Status and decision date follow the events in date order (a back-dated event cannot leave them stale).

    A notice sets the status Incomplete only when the engine says it reset or
    tolled the clock: a notice with no effect never does (the applicant's
    clock keeps running, and the status must not suggest otherwise).
    """
    status = (
        PermitApplication.Status.UNDER_REVIEW if application.assigned_reviewer_id else PermitApplication.Status.RECEIVED
    )
    decision_date = None
    events = list(application.events.order_by("date", "id").prefetch_related("missing_items"))
    clock = shotclock.compute(
        category=application.category,
        submitted_on=application.submitted_on,
        events=[_engine_event(event) for event in events],
        calendar=calendar,
        as_of=max([timezone.localdate(), *(event.date for event in events)]),
        site_categories=_site_categories(application),
        strict=False,
    )
    effective = {record.index for record in clock.notices if record.effect != "none"}
    for index, event in enumerate(events):
        if event.kind == ClockEvent.Kind.DECISION:
            status, decision_date = event.outcome, event.date
        elif event.kind == ClockEvent.Kind.INCOMPLETE_NOTICE and index not in effective:
            continue
        elif event.kind in STATUS_AFTER:
            status = STATUS_AFTER[event.kind]
    application.status = status
    application.decision_date = decision_date


def _agreement_days(application, *, date, ends_on, calendar):
    """Days a tolling agreement adds when it gives the agreed last day instead (47 CFR 1.6003(d); 1.6100(c)(3)).

    Counted from the current last day before any move to a business day, so
    the agreed day becomes the new last day.
    """
    clock = shotclock.compute(
        category=application.category,
        submitted_on=application.submitted_on,
        events=_engine_events(application),
        calendar=calendar,
        as_of=date,
        site_categories=_site_categories(application),
        strict=False,
    )
    if clock.last_day is None:
        raise ValidationError(
            {
                "ends_on": "The clock is tolled (waiting for the applicant's resubmission), so it has no last day to "
                "extend; give the number of days instead."
            }
        )
    days = (ends_on - clock.last_day).days
    if days < 1:
        raise ValidationError(
            {
                "ends_on": f"The agreed last day must be after the current last day, {dates.day(clock.last_day)}; "
                "an agreement can only extend the clock."
            }
        )
    return days


def _check_notice_effect(application, *, date, items, confirm_no_effect, calendar):
    """A notice that neither resets nor tolls the clock is recorded only when the user confirms it."""
    effect = application_notice_effect(application, date=date, items=items, calendar=calendar)
    if effect.refused:
        raise ValidationError({effect.field or "date": effect.refused})
    if effect.no_effect and not confirm_no_effect:
        raise ValidationError(
            {
                "confirm_no_effect": f"{effect.sentence} To record it anyway, confirm that you understand this notice "
                "does not stop the clock."
            }
        )
    return effect


def clock_event_record(
    *,
    application,
    actor,
    kind,
    date,
    days=None,
    missing_items=(),
    outcome="",
    reasons="",
    details="",
    confirm_no_effect=False,
    ends_on=None,
):
    """Record a notice, resubmission, tolling agreement, decision, withdrawal or deemed-grant notice.

    The engine checks the event against the ones already recorded (a
    resubmission needs an open notice, nothing follows a decision, a further
    notice names only the first notice's items, ...); any refusal is a
    ValidationError naming the field, and nothing is saved. A notice with no
    effect on the clock needs `confirm_no_effect`. A tolling agreement gives
    either `days` or `ends_on`, the agreed last day (stored as days).
    """
    if ends_on is not None:
        if kind != ClockEvent.Kind.TOLLING_AGREEMENT:
            raise ValidationError({"ends_on": "An agreed last day is given only for a tolling agreement."})
        if days:
            raise ValidationError({"ends_on": "Give either the days added or the agreed last day, not both."})
        days = _agreement_days(application, date=date, ends_on=ends_on, calendar=shot_clock_calendar())
    _check_event_fields(kind=kind, days=days, missing_items=missing_items, outcome=outcome, reasons=reasons)
    items = _clean_missing_items(missing_items) if kind == ClockEvent.Kind.INCOMPLETE_NOTICE else []
    _not_in_future(date)
    with transaction.atomic(), acting_as(actor):
        application = PermitApplication.objects.select_for_update().get(pk=application.pk)
        if kind == ClockEvent.Kind.INCOMPLETE_NOTICE:
            _check_notice_effect(
                application,
                date=date,
                items=[item for item, _ in items],
                confirm_no_effect=confirm_no_effect,
                calendar=shot_clock_calendar(),
            )
        event = ClockEvent(
            application=application,
            kind=kind,
            date=date,
            days=days if kind == ClockEvent.Kind.TOLLING_AGREEMENT else None,
            outcome=outcome or "",
            reasons=(reasons or "").strip(),
            details=details or "",
            recorded_by=actor,
        )
        event.full_clean()
        _check_clock(
            application,
            events=_engine_events(application, replace(event.as_engine_event(), items=frozenset(i for i, _ in items))),
            site_categories=_site_categories(application),
            calendar=shot_clock_calendar(),
        )
        event.save()
        for item, rule in items:
            missing = MissingItem(notice=event, item=item, rule=rule)
            missing.full_clean()
            missing.save()
        _set_status_from_events(application, calendar=shot_clock_calendar())
        application.save()
        application_clock_refresh(application=application, actor=actor)
    return event


def permit_issue(
    *,
    application,
    site,
    actor,
    number,
    issued_on,
    build_by,
    expires_on,
    annual_fee,
    conditions="",
    is_illustrative=False,
):
    """Issue the permit for one site of an approved (or deemed granted) application."""
    granted = (PermitApplication.Status.APPROVED, PermitApplication.Status.DEEMED_GRANTED)
    application.refresh_from_db(fields=["status"])
    if application.status not in granted:
        raise ValidationError("A permit is issued only for an approved or deemed-granted application.")
    if site.application_id != application.pk:
        raise ValidationError({"site": "The site belongs to another application."})
    if Permit.objects.filter(site=site).exists():
        raise ValidationError({"site": "This site already has a permit; renew it instead."})
    _not_in_future(issued_on, "issued_on")
    if build_by < issued_on:
        raise ValidationError({"build_by": "The build-by date cannot be before the permit is issued."})
    if expires_on <= issued_on:
        raise ValidationError({"expires_on": "The expiry must be after the issue date."})
    with transaction.atomic(), acting_as(actor):
        permit = Permit(
            number=number,
            application=application,
            site=site,
            issued_on=issued_on,
            build_by=build_by,
            expires_on=expires_on,
            annual_fee=annual_fee,
            conditions=conditions,
            is_illustrative=is_illustrative,
        )
        permit.full_clean()
        permit.save()
        _sync_permit_deadlines(permit)
    return permit


def permit_mark_built(*, permit, actor, built_on):
    _not_in_future(built_on, "built_on")
    if built_on < permit.issued_on:
        raise ValidationError({"built_on": "The site cannot be built before the permit was issued."})
    with transaction.atomic(), acting_as(actor):
        permit.built_on = built_on
        permit.full_clean()
        permit.save()
        _sync_permit_deadlines(permit)
    return permit


def permit_request_renewal(*, permit, actor, requested_on):
    _not_in_future(requested_on, "requested_on")
    if requested_on < permit.issued_on:
        raise ValidationError({"requested_on": "The request cannot be before the permit was issued."})
    with transaction.atomic(), acting_as(actor):
        permit.renewal_status = Permit.RenewalStatus.REQUESTED
        permit.renewal_requested_on = requested_on
        permit.full_clean()
        permit.save()
    return permit


def permit_renew(*, permit, actor, renewed_on, expires_on, conditions=None, annual_fee=None):
    """Renew a permit to a new expiry; history keeps the old expiry and conditions."""
    _not_in_future(renewed_on, "renewed_on")
    if expires_on <= permit.expires_on:
        raise ValidationError({"expires_on": f"The new expiry must be after the current one, {permit.expires_on}."})
    if renewed_on < permit.issued_on:
        raise ValidationError({"renewed_on": "The renewal cannot be before the permit was issued."})
    with transaction.atomic(), acting_as(actor):
        permit.expires_on = expires_on
        permit.renewed_on = renewed_on
        permit.renewal_status = Permit.RenewalStatus.RENEWED
        if conditions is not None:
            permit.conditions = conditions
        if annual_fee is not None:
            permit.annual_fee = annual_fee
        permit.full_clean()
        permit.save()
        _sync_permit_deadlines(permit)
    return permit


def fee_schedule_add(*, actor, confirmed=False, **fields):
    """A new version of the City's fee amounts, in force from `effective_from`."""
    with transaction.atomic(), acting_as(actor):
        schedule = FeeSchedule(recorded_by=actor, confirmed=confirmed)
        apply_fields(schedule, fields, allowed=FEE_FIELDS)
        schedule.full_clean()
        schedule.save()
    return schedule


def fee_schedule_update(*, schedule, actor, confirmed=None, **fields):
    with transaction.atomic(), acting_as(actor):
        apply_fields(schedule, fields, allowed=FEE_FIELDS)
        if confirmed is not None:
            schedule.confirmed = confirmed
        schedule.full_clean()
        schedule.save()
    return schedule


# Reviewer assignment ------------------------------------------------------------------


def _reviewer_name(reviewer):
    return reviewer.get_full_name() or reviewer.username


def _check_reviewer(reviewer):
    """Only an active Staff user reviews applications (selectors.assignable_reviewers); None unassigns."""
    if reviewer is None:
        return
    if not selectors.assignable_reviewers().filter(pk=reviewer.pk).exists():
        why = "the account is inactive" if not reviewer.is_active else "only Staff users review applications"
        raise ValidationError({"reviewer": f"{_reviewer_name(reviewer)} cannot be assigned: {why}."})


def _assign(application, reviewer, actor, calendar):
    """Set the reviewer on a locked application; returns False when it already had that reviewer."""
    if application.assigned_reviewer_id == (reviewer.pk if reviewer else None):
        return False
    application.assigned_reviewer = reviewer
    if reviewer is not None and application.status == PermitApplication.Status.RECEIVED:
        application.status = PermitApplication.Status.UNDER_REVIEW  # as application_update does
    application._change_reason = f"Assigned to {_reviewer_name(reviewer)}" if reviewer else "Unassigned"
    # Only the reviewer and the status change (the reviewer was checked once for the whole batch), so only
    # they are validated: the other fields' checks would cost queries per row and find nothing new.
    unchanged = [field.name for field in application._meta.fields if field.name not in ("status",)]
    application.full_clean(exclude=unchanged, validate_unique=False, validate_constraints=False)
    application.save(update_fields=["assigned_reviewer", "status"])
    # The shot clock's deadline belongs to the reviewer: its reminders go to them (deadline_sync's owner).
    application_clock_refresh(application=application, actor=actor, calendar=calendar)
    return True


def _locked_applications(ids):
    return (
        PermitApplication.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("applicant", "assigned_reviewer")
        .prefetch_related("events__missing_items", "sites")
        .order_by("queue_order", "submitted_on", "id")
    )


def application_assign(*, application, reviewer, actor):
    """Assign `reviewer` (an active Staff user) to review the application, or unassign it (reviewer=None).

    The change is in the application's history under the actor's name, and the shot-clock deadline's
    owner follows the reviewer. Assigning an application that was only received puts it under review."""
    _check_reviewer(reviewer)
    with transaction.atomic(), acting_as(actor):
        application = _locked_applications([application.pk]).get()
        _assign(application, reviewer, actor, shot_clock_calendar())
    return application


def application_assign_many(*, applications, reviewer, actor):
    """Assign (or unassign) many applications at once, all or nothing, in one transaction.

    Refused whole, with nothing saved, when the reviewer cannot be assigned, an application does not exist,
    or more than BULK_LIMIT are chosen. Returns (changed, unchanged): how many got the reviewer now and
    how many already had them."""
    ids = list(dict.fromkeys(application.pk for application in applications))
    if not ids:
        raise ValidationError("Choose at least one application.")
    if len(ids) > BULK_LIMIT:
        raise ValidationError(f"{len(ids)} applications were chosen; assign at most {BULK_LIMIT} at a time.")
    _check_reviewer(reviewer)
    calendar = shot_clock_calendar()
    with transaction.atomic(), acting_as(actor):
        rows = list(_locked_applications(ids))
        missing = set(ids) - {row.pk for row in rows}
        if missing:
            numbers = ", ".join(str(pk) for pk in sorted(missing))
            raise ValidationError(f"Nothing was assigned: there is no application {numbers}.")
        changed = sum(_assign(row, reviewer, actor, calendar) for row in rows)
    return changed, len(rows) - changed
