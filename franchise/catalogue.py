"""The obligation catalogue: reference data in fixtures/franchise/obligation_catalogue.json.

The catalogue lists the obligations a Massachusetts cable license typically
carries, each with a default rule. It is read-only reference data, not a
table: staff copy entries onto a license (services.obligations_from_catalogue)
and then edit the copies to match the license text.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.conf import settings

from franchise import recurrence

CATALOGUE_FILE = settings.BASE_DIR / "fixtures" / "franchise" / "obligation_catalogue.json"
RULE_FIELDS = ("offset_days", "offset_months", "month", "day", "fixed_date", "business_day", "grace_days")


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    kind: str
    title: str
    clause: str
    description: str
    recurrence: str
    interval: int
    period_anchor: str
    due_rule: str
    rule_values: dict = field(default_factory=dict)

    @property
    def needs_date(self):
        """A fixed-date entry (a build-out milestone) needs its date from the license."""
        return self.due_rule == recurrence.FIXED_DATE and not self.rule_values.get("fixed_date")

    def rule(self):
        return recurrence.Rule(
            recurrence=self.recurrence, due_rule=self.due_rule, interval=self.interval, **self.rule_values
        )

    def obligation_fields(self):
        """Field values for a new Obligation copied from this entry."""
        return {
            "catalogue_code": self.code,
            "kind": self.kind,
            "title": self.title,
            "clause": self.clause,
            "description": self.description,
            "recurrence": self.recurrence,
            "interval": self.interval,
            "period_anchor": self.period_anchor,
            "due_rule": self.due_rule,
            "due_offset_days": self.rule_values.get("offset_days", 0),
            "due_offset_months": self.rule_values.get("offset_months", 0),
            "due_month": self.rule_values.get("month"),
            "due_day": self.rule_values.get("day"),
            "due_fixed_date": self.rule_values.get("fixed_date"),
            "business_day": self.rule_values.get("business_day", "none"),
            "grace_days": self.rule_values.get("grace_days", 0),
        }


def _entry(row):
    values = {name: row[name] for name in RULE_FIELDS if row.get(name) is not None}
    if "fixed_date" in values:
        values["fixed_date"] = date.fromisoformat(values["fixed_date"])
    return CatalogueEntry(
        code=row["code"],
        kind=row["kind"],
        title=row["title"],
        clause=row["clause"],
        description=row.get("description", ""),
        recurrence=row["recurrence"],
        interval=row.get("interval", 1),
        period_anchor=row.get("period_anchor", "calendar"),
        due_rule=row["due_rule"],
        rule_values=values,
    )


@lru_cache(maxsize=1)
def entries():
    """Every catalogue entry, in file order."""
    data = json.loads(CATALOGUE_FILE.read_text())
    return tuple(_entry(row) for row in data["entries"])


def entry(code):
    for item in entries():
        if item.code == code:
            return item
    raise KeyError(code)
