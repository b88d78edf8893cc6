"""Illustrative small-cell demo data: about forty applications from the wireless
providers in every clock state (running, at risk, tolled after a notice, reset,
decided in time, withdrawn, one missed), permits with build-by dates and
expiries (some nearing renewal) and a placeholder City fee schedule.

Dates are relative to the day it is loaded, so the queue always looks live.
Everything is created through permits.services, idempotently (an existing
reference or permit number is skipped), and marked illustrative: the carriers
are real names, every detail is invented.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Provider, User
from permits import services, shotclock
from permits.models import FeeSchedule, Permit, PermitApplication

SWF = shotclock.SWF_COLLOCATION
SWF_NEW = shotclock.SWF_NEW_STRUCTURE
COLLO = shotclock.COLLOCATION
NEW = shotclock.NEW_STRUCTURE
EFR = shotclock.ELIGIBLE_FACILITIES

STREETS = [
    "Boylston St",
    "Tremont St",
    "Washington St",
    "Blue Hill Ave",
    "Centre St",
    "Massachusetts Ave",
    "Dorchester Ave",
    "Hyde Park Ave",
    "Commonwealth Ave",
    "Cambridge St",
    "Hanover St",
    "Columbus Ave",
    "Warren St",
    "Bennington St",
    "Meridian St",
    "Harrison Ave",
    "South St",
    "River St",
    "Talbot Ave",
    "Charles St",
]
HISTORIC = {"Commonwealth Ave", "Charles St", "Hanover St"}  # Back Bay, Beacon Hill, North End

NOTICE_ITEMS = [
    {
        "item": "Structural analysis of the pole, stamped by a Massachusetts engineer",
        "rule": "City small-cell application requirements, section 3.2 (illustrative)",
    },
    {
        "item": "RF emissions compliance report",
        "rule": "City small-cell application requirements, section 3.5 (illustrative)",
    },
]
DENIAL_REASONS = (
    "Illustrative: the proposed equipment cabinet blocks the accessible path of travel on the sidewalk, contrary to "
    "the City's published right-of-way design standards, section 4.1; a pole-mounted cabinet was not offered."
)

# (provider, category, submitted days ago, sites, events as (kind, day after submission, extra))
N, R, A, D, W = (
    shotclock.INCOMPLETE_NOTICE,
    shotclock.RESUBMITTED,
    shotclock.TOLLING_AGREEMENT,
    shotclock.DECISION,
    shotclock.WITHDRAWN,
)
APPROVE = {"outcome": shotclock.APPROVED}
DENY = {"outcome": shotclock.DENIED, "reasons": DENIAL_REASONS}
SPECS = [
    ("verizon-wireless", SWF, 3, 1, []),
    ("att", SWF, 12, 1, []),
    ("t-mobile", SWF_NEW, 20, 1, []),
    ("crown-castle", SWF, 30, 4, []),
    ("extenet", SWF, 45, 1, []),
    ("verizon-wireless", SWF, 55, 1, []),  # at risk
    ("att", SWF, 57, 2, []),  # at risk
    ("crown-castle", COLLO, 86, 1, []),  # at risk
    ("t-mobile", SWF, 75, 1, []),  # missed: no decision, deadline about two weeks ago
    ("extenet", COLLO, 25, 1, [(N, 8, {})]),  # tolled
    ("verizon-wireless", NEW, 40, 1, [(N, 20, {})]),  # tolled
    ("att", SWF, 9, 1, [(N, 6, {})]),  # SWF reset, waiting for the resubmission
    ("crown-castle", SWF, 50, 1, [(N, 7, {}), (R, 21, {})]),  # reset, new period running
    ("extenet", SWF_NEW, 60, 1, [(N, 5, {}), (R, 15, {}), (N, 20, {})]),  # tolled again after resubmission
    ("t-mobile", COLLO, 70, 1, [(N, 10, {}), (R, 24, {})]),
    ("verizon-wireless", EFR, 30, 1, []),
    ("att", EFR, 40, 1, [(N, 12, {}), (R, 19, {})]),
    ("crown-castle", SWF, 35, (SWF, SWF, SWF_NEW), []),  # mixed SWF batch: 90 days
    ("extenet", SWF, 65, 1, [(A, 50, {"days": 30})]),  # written tolling agreement
    ("t-mobile", SWF, 40, 1, [(N, 15, {})]),  # late notice: no effect on the clock
    ("verizon-wireless", SWF, 120, 1, [(D, 45, APPROVE)]),
    ("att", SWF, 200, 2, [(N, 6, {}), (R, 20, {}), (D, 70, APPROVE)]),
    ("crown-castle", SWF_NEW, 300, 1, [(D, 80, APPROVE)]),
    ("extenet", COLLO, 150, 1, [(D, 85, DENY)]),
    ("t-mobile", SWF, 100, 1, [(D, 55, DENY)]),
    ("verizon-wireless", SWF, 90, 1, [(W, 20, {})]),
    ("att", NEW, 140, 1, [(D, 130, APPROVE)]),
    ("crown-castle", SWF, 400, 1, [(D, 50, APPROVE)]),
    ("extenet", SWF, 500, 3, [(D, 58, APPROVE)]),
    ("t-mobile", SWF, 15, 1, []),
    ("verizon-wireless", COLLO, 50, 1, []),  # small enough for an SWF: the page warns about the category
    ("att", SWF_NEW, 70, 1, []),
    ("crown-castle", SWF, 6, 1, []),
    ("extenet", SWF, 18, 1, [(N, 4, {}), (R, 11, {})]),
    ("t-mobile", EFR, 52, 1, []),
    ("verizon-wireless", SWF, 33, 1, []),
    ("att", SWF, 48, 1, []),
    ("crown-castle", SWF_NEW, 80, 1, []),
    ("extenet", SWF, 27, 6, []),  # a batch of six: the fee check counts the sixth SWF
    ("t-mobile", COLLO, 110, 1, [(D, 88, APPROVE)]),
]
# Applications whose approval led to permits: spec index -> (days after the decision it was issued, build-by days).
PERMITS_FOR = {20: (3, 365), 21: (5, 365), 22: (2, 540), 27: (3, 270), 28: (4, 365), 39: (3, 365)}
# Older 2017-era permits nearing renewal: (provider, days until expiry).
OLD_PERMITS = [("crown-castle", 25), ("extenet", 70), ("crown-castle", 160), ("extenet", -12)]


def _site(index, number, category, spec_index):
    street = STREETS[(index * 7 + number * 3) % len(STREETS)]
    new = category in (SWF_NEW, NEW)
    small = category in (SWF, SWF_NEW, EFR) or spec_index == 30
    site = {
        "address": f"{100 + (index * 37 + number * 11) % 900} {street}, Boston, MA",
        "category": category,
        "latitude": Decimal("42.300000") + Decimal(index * 13 + number) % 80 / Decimal("1000"),
        "longitude": Decimal("-71.130000") + Decimal(index * 17 + number) % 90 / Decimal("1000"),
        "structure_id": f"{'NEW' if new else 'SL'}-{10000 + index * 10 + number}",
        "structure_type": "new_pole" if new else ("streetlight" if small else "building"),
        "new_structure": new,
        "owner": "city" if (index + number) % 3 else "third_party",
        "historic_district": street in HISTORIC,
    }
    if small:
        site.update(
            height_ft=Decimal(32 + (index + number) % 14),
            largest_antenna_cuft=Decimal("2.4"),
            antenna_count=2,
            equipment_cuft=Decimal(14 + (index * 3) % 12),
        )
    else:
        site.update(
            height_ft=Decimal("95"),
            existing_height_ft=Decimal("90"),
            largest_antenna_cuft=Decimal("6.5"),
            antenna_count=6,
            equipment_cuft=Decimal("60"),
        )
    return site


def _sites(index, spec_index, category, sites):
    categories = list(sites) if isinstance(sites, tuple) else [category] * sites
    return [_site(index, number, code, spec_index) for number, code in enumerate(categories, start=1)]


def _fee_schedule(actor):
    if FeeSchedule.objects.exists():
        return
    services.fee_schedule_add(
        actor=actor,
        effective_from=date(2019, 1, 14),
        application_up_to_five=Decimal("500.00"),
        each_additional=Decimal("100.00"),
        new_pole=Decimal("1000.00"),
        annual_per_swf=Decimal("270.00"),
        source="Illustrative placeholder equal to the FCC presumptions (FCC 18-133 para. 79). Boston's adopted "
        "amounts are unconfirmed: replace with the City's schedule.",
    )


def _issue(application, actor, *, number, issued_on, build_by, expires_on, built_on=None):
    if Permit.objects.filter(number=number).exists():
        return
    site = application.sites.filter(permit__isnull=True).order_by("id").first()
    if site is None:
        return
    permit = services.permit_issue(
        application=application,
        site=site,
        actor=actor,
        number=number,
        issued_on=issued_on,
        build_by=build_by,
        expires_on=expires_on,
        annual_fee=Decimal("270.00"),
        conditions="Illustrative: paint equipment to match the pole; no ground-mounted cabinet; restore the "
        "sidewalk within 10 days; remove within 90 days of abandonment.",
        is_illustrative=True,
    )
    if built_on:
        services.permit_mark_built(permit=permit, actor=actor, built_on=built_on)


def load(actor):
    today = timezone.localdate()
    reviewer = User.objects.filter(username="staff").first()
    providers = {p.short_name: p for p in Provider.objects.filter(short_name__in={s[0] for s in SPECS})}
    _fee_schedule(actor)
    for spec_index, (short_name, category, days_ago, sites, events) in enumerate(SPECS):
        submitted = today - timedelta(days=days_ago)
        reference = f"SC-ILL-{spec_index + 101:04d}"
        application = PermitApplication.objects.filter(reference=reference).first()
        if application is None:
            application = services.application_create(
                actor=actor,
                reference=reference,
                applicant=providers[short_name],
                category=category,
                submitted_on=submitted,
                sites=_sites(spec_index + 1, spec_index, category, sites),
                assigned_reviewer=reviewer if spec_index % 3 else None,
                description="Illustrative demo application: not a real record of the City.",
                is_illustrative=True,
            )
            for kind, day, extra in events:
                fields = dict(extra)
                if kind == N:
                    fields["missing_items"] = NOTICE_ITEMS
                    fields["confirm_no_effect"] = True  # some demo notices are late on purpose
                services.clock_event_record(
                    application=application,
                    actor=actor,
                    kind=kind,
                    date=submitted + timedelta(days=day),
                    details="Illustrative.",
                    **fields,
                )
            application.refresh_from_db()
        if spec_index in PERMITS_FOR and application.decision_date:
            after, build_days = PERMITS_FOR[spec_index]
            issued = application.decision_date + timedelta(days=after)
            built = issued + timedelta(days=120) if issued + timedelta(days=120) <= today else None
            if spec_index == 27:
                built = None  # build-by date passed, not built
            _issue(
                application,
                actor,
                number=f"SCP-{reference[3:]}",
                issued_on=issued,
                build_by=issued + timedelta(days=build_days),
                expires_on=issued + timedelta(days=3650),
                built_on=built,
            )
    for number, (short_name, days_left) in enumerate(OLD_PERMITS, start=1):
        expires = today + timedelta(days=days_left)
        issued = expires - timedelta(days=3650)
        submitted = issued - timedelta(days=50)
        reference = f"SC-ILL-{900 + number:04d}"
        application = PermitApplication.objects.filter(reference=reference).first()
        if application is None:
            application = services.application_create(
                actor=actor,
                reference=reference,
                applicant=providers[short_name],
                category=SWF,
                submitted_on=submitted,
                sites=_sites(60 + number, 0, SWF, 1),
                assigned_reviewer=reviewer,
                description="Illustrative: a small cell on a City pole under a 2017-era master license agreement.",
                is_illustrative=True,
            )
            services.clock_event_record(
                application=application, actor=actor, kind=D, date=issued - timedelta(days=3), **APPROVE
            )
        _issue(
            application,
            actor,
            number=f"SCP-{reference[3:]}",
            issued_on=issued,
            build_by=issued + timedelta(days=365),
            expires_on=expires,
            built_on=issued + timedelta(days=150),
        )
