"""The days the City is closed (docs/rules.md, business days).

The table keeps the name it had before the model moved into this app
(compliance_closureday): the move changed Django's state only (migration 0001)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ClosureDay(models.Model):
    """A day the City recorded as closed, of one of two kinds.

    A legal holiday declared by the City or the Commonwealth is not a business
    day for the federal shot clock (47 CFR 1.6003(e) with 47 CFR 1.4(e)(1) and
    1.4(j)) nor for license due dates. An office closure (a snow emergency)
    moves license due dates only: it is not a legal holiday, so it never moves
    a shot-clock date (businessdays.calendar explains why).
    """

    class Kind(models.TextChoices):
        LEGAL_HOLIDAY = (
            "legal_holiday",
            "Legal holiday declared by the City or the Commonwealth: moves shot-clock dates and license due dates",
        )
        OFFICE_CLOSURE = (
            "office_closure",
            "Office closure, e.g. a snow emergency: moves license due dates only, never a federal shot clock",
        )

    SHORT_LABELS = {Kind.LEGAL_HOLIDAY: "Legal holiday", Kind.OFFICE_CLOSURE: "Office closure"}

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    # Office closure by default: the kind that can never move a federal shot clock, so a row saved without a
    # choice (and every row recorded before kinds existed) errs on the City's safe side.
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OFFICE_CLOSURE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(table_name="compliance_historicalclosureday")

    class Meta:
        db_table = "compliance_closureday"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}: {self.reason}"

    @property
    def moves_shot_clock(self):
        return self.kind == self.Kind.LEGAL_HOLIDAY

    @property
    def kind_short(self):
        """The kind in two words, for lists: "Legal holiday" or "Office closure"."""
        return self.SHORT_LABELS.get(self.kind, self.kind)
