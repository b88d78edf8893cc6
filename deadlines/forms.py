from django import forms
from django.core.exceptions import ValidationError

from core.forms import USWDSForm, USWDSModelForm
from deadlines.models import ReminderRule


class ReminderRuleForm(USWDSModelForm):
    offsets_text = forms.CharField(
        label="Days before the due date",
        help_text="Comma-separated whole numbers; 0 is the due day. Example: 30, 14, 7, 1, 0",
    )

    class Meta:
        model = ReminderRule
        fields = [
            "offsets_text",
            "overdue_daily_days",
            "overdue_every_days",
            "escalate_to",
            "notify_owner",
            "notify_staff",
            "notify_legal",
            "notify_provider",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offsets_text"].initial = ", ".join(str(o) for o in self.instance.offsets)
        # Left out of a post (an older client): the rule keeps its current cadence.
        self.fields["overdue_daily_days"].required = False

    def clean_offsets_text(self):
        raw = self.cleaned_data["offsets_text"]
        try:
            offsets = sorted({int(part) for part in raw.replace(" ", "").split(",") if part}, reverse=True)
        except ValueError as error:
            raise ValidationError("Use whole numbers of days separated by commas, e.g. 30, 14, 7, 1, 0.") from error
        if not offsets:
            raise ValidationError("Give at least one day, e.g. 0 for the due day.")
        if any(o < 0 or o > 365 for o in offsets):
            raise ValidationError("Each number must be between 0 and 365 days before the due date.")
        return offsets

    def clean_overdue_daily_days(self):
        days = self.cleaned_data["overdue_daily_days"]
        if days is not None and days > 60:
            raise ValidationError("Daily overdue reminders may run for at most 60 days; the longer repeat follows.")
        return days


class WaiveForm(USWDSForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=500, help_text="Recorded in the history."
    )
