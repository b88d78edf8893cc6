"""Which quarter a provider may upload its quarterly report for: the rule, pure (no database, no clock).

The open quarter is the most recent calendar quarter that has ended and whose quarterly fee report the
City has not settled (accepted or waived). A quarter whose report was received and awaits review, or was
found deficient, stays open: a corrected upload replaces the earlier one, or resubmits it. When every
ended quarter is settled, nothing is open until the current quarter ends; the portal's upload page says
so before any upload, refuses an upload, and the template is never filled in with a settled quarter.
The QR-1 covers one calendar quarter (docs/quarterly-report-template.md); quarters come from
franchise.recurrence.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from franchise import recurrence

ACCEPTED = "accepted"
WAIVED = "waived"
SETTLED = (ACCEPTED, WAIVED)


@dataclass(frozen=True, order=True)
class Quarter:
    start: date
    end: date

    @classmethod
    def of(cls, day):
        return cls(*recurrence.quarter_of(day))

    @property
    def year(self):
        return self.start.year

    @property
    def number(self):
        return (self.start.month - 1) // 3 + 1

    @property
    def label(self):
        return f"Q{self.number} {self.year}"

    def __str__(self):
        return self.label


@dataclass(frozen=True)
class FeeFiling:
    """What the rule needs of a quarterly fee-report filing (or its resubmission)."""

    period_start: date
    period_end: date
    status: str
    reviewed_on: date | None = None


@dataclass(frozen=True)
class OpenQuarter:
    """The answer for one license on one day. `quarter` is None when nothing is open; then `last_settled`
    (with `settled_status` and `settled_on`) is the latest settled quarter, if any, and `next_quarter`
    opens for upload on `next_opens_on`."""

    quarter: Quarter | None
    next_quarter: Quarter
    next_opens_on: date
    last_settled: Quarter | None = None
    settled_status: str = ""
    settled_on: date | None = None

    @property
    def is_open(self):
        return self.quarter is not None

    def closed_message(self):
        """Why no upload is taken today, in plain words; empty when a quarter is open."""
        if self.is_open:
            return ""
        upcoming = (
            f"the next quarter, {self.next_quarter.label}, opens for upload on {self.next_opens_on:%b} "
            f"{self.next_opens_on.day}, {self.next_opens_on.year}."
        )
        if self.last_settled is None:
            return f"No quarterly report is due from you under this license yet; {upcoming}"
        how = "accepted" if self.settled_status == ACCEPTED else "waived"
        when = f" on {self.settled_on:%b} {self.settled_on.day}, {self.settled_on.year}" if self.settled_on else ""
        return f"Your report for {self.last_settled.label} was {how}{when}; {upcoming}"


def open_quarter(today, fee_filings):
    """The open quarter on `today` given the license's quarterly fee filings (originals and resubmissions).

    A quarter counts when a fee filing covers exactly that calendar quarter and the quarter has ended
    (its last day is before today). It is settled when any of its filings is accepted or waived (a
    deficient report's accepted resubmission settles it). The open quarter is the latest unsettled one."""
    current = Quarter.of(today)
    statuses = {}
    for filing in fee_filings:
        quarter = Quarter.of(filing.period_start)
        if (quarter.start, quarter.end) != (filing.period_start, filing.period_end) or quarter.end >= today:
            continue
        statuses.setdefault(quarter, []).append(filing)
    unsettled = [q for q, filings in statuses.items() if not any(f.status in SETTLED for f in filings)]
    opens_on = current.end + timedelta(days=1)
    if unsettled:
        return OpenQuarter(quarter=max(unsettled), next_quarter=current, next_opens_on=opens_on)
    if not statuses:
        return OpenQuarter(quarter=None, next_quarter=current, next_opens_on=opens_on)
    last = max(statuses)
    settled = max(
        (f for f in statuses[last] if f.status in SETTLED), key=lambda f: (f.reviewed_on or date.min, f.status)
    )
    return OpenQuarter(
        quarter=None,
        next_quarter=current,
        next_opens_on=opens_on,
        last_settled=last,
        settled_status=settled.status,
        settled_on=settled.reviewed_on,
    )
