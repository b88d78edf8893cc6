from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ClosureDay(models.Model):
    """A day City Hall is closed (snow emergency, declared closure): not a
    business day for shot clocks or due dates."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}: {self.reason}"
