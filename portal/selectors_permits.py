"""Reads for the carrier's permit pages, every one scoped to the signed-in provider.

Each function takes the provider first and never returns another's permits; a
detail lookup outside the provider raises Permit.DoesNotExist, which the views
turn into 404. Each page costs a fixed number of queries whatever the data size.
"""

from dataclasses import dataclass
from datetime import timedelta

from core.dates import day
from permits.models import Permit

# ?status= on the permit list: the key, its label, and the filter for `today`.
STATUS_FILTERS = {
    "building": "Not yet built",
    "built": "Built",
    "expiring": f"Expiring within {Permit.RENEWAL_WINDOW_DAYS} days",
    "expired": "Expired",
}


def permits_for(provider):
    """The provider's permits (those issued on its applications), soonest expiry first."""
    return (
        Permit.objects.filter(application__applicant=provider)
        .select_related("application", "site")
        .order_by("expires_on", "number", "id")
    )


def permit_list(provider, today, status=""):
    permits = permits_for(provider)
    if status == "building":
        permits = permits.filter(built_on__isnull=True)
    elif status == "built":
        permits = permits.filter(built_on__isnull=False)
    elif status == "expiring":
        # The same window as Permit.expiring_soon.
        permits = permits.filter(
            expires_on__gte=today, expires_on__lte=today + timedelta(days=Permit.RENEWAL_WINDOW_DAYS)
        )
    elif status == "expired":
        permits = permits.filter(expires_on__lt=today)
    return permits


def permit_detail(provider, pk):
    return permits_for(provider).get(pk=pk)


@dataclass
class PermitEvent:
    when: object  # the aware moment it was recorded
    what: str
    by_you: bool  # recorded by one of the provider's own users (else by the City)


def permit_events(provider, permit):
    """Issue, construction and renewal, in the order they were recorded, read from the permit's history (one query)."""
    records = list(permit.history.select_related("history_user").order_by("history_date", "history_id"))
    events = []
    previous = None
    for record in records:
        user = record.history_user
        by_you = user is not None and getattr(user, "provider_id", None) == provider.pk
        for what in _changes(previous, record):
            events.append(PermitEvent(when=record.history_date, what=what, by_you=by_you))
        previous = record
    return events


def _changes(previous, record):
    if previous is None:
        return [f"Permit issued on {day(record.issued_on)}, to be built by {day(record.build_by)}"]
    changes = []
    if record.built_on != previous.built_on:
        changes.append(f"Construction complete on {day(record.built_on)}" if record.built_on else "Built date cleared")
    if record.renewal_status != previous.renewal_status or record.renewal_requested_on != previous.renewal_requested_on:
        if record.renewal_status == Permit.RenewalStatus.REQUESTED:
            changes.append(f"Renewal requested on {day(record.renewal_requested_on)}")
        elif record.renewal_status == Permit.RenewalStatus.RENEWED:
            changes.append(f"Renewed on {day(record.renewed_on)}, now expiring {day(record.expires_on)}")
    elif record.expires_on != previous.expires_on:
        changes.append(f"Expiry changed to {day(record.expires_on)}")
    return changes


def site_particulars(site):
    """The site's recorded particulars as (label, text) rows, in the order of the site form; blanks left out."""
    rows = []
    for name in site.EDITABLE_FIELDS:
        if name == "address":
            continue
        field = site._meta.get_field(name)
        value = getattr(site, name)
        if value is None or value == "":
            continue
        if field.choices:
            value = getattr(site, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = "Yes" if value else "No"
        rows.append((field.verbose_name[:1].upper() + field.verbose_name[1:], value))
    return rows
