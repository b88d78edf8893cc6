import re

from django import forms
from django.core.exceptions import ValidationError

from core.forms import USWDSForm, USWDSModelForm
from deadlines.models import Deadline, ReminderRule
from deadlines.services import BULK_LIMIT


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


ROW_ID = re.compile(r"[0-9]{1,20}")
MAX_ROW_ID = 2**63 - 1


class RowSelectionField(forms.ModelMultipleChoiceField):
    """The rows ticked on a list page for a bulk action (`ids`), at most BULK_LIMIT of them; carried on the
    confirmation page as hidden inputs. Unknown or malformed ids are refused with a plain message."""

    widget = forms.MultipleHiddenInput

    def __init__(self, queryset, *, noun, limit=BULK_LIMIT, **kwargs):
        self.noun, self.limit = noun, limit
        kwargs.setdefault(
            "error_messages",
            {
                "required": f"Choose at least one {noun}: tick the rows to act on.",
                "invalid_choice": f"There is no {noun} %(value)s (it may have been removed). Nothing was changed.",
                "invalid_pk_value": f"“%(pk)s” is not a {noun} on the list. Nothing was changed.",
            },
        )
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        if value and len(set(value)) > self.limit:
            raise ValidationError(
                f"{len(set(value))} {self.noun}s were chosen; act on at most {self.limit} at a time.", code="limit"
            )
        for pk in value or ():
            if not isinstance(pk, str) or not ROW_ID.fullmatch(pk.strip()):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
            if int(pk) > MAX_ROW_ID:  # no such row; and SQLite cannot even compare a number this large
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super().clean(value)


class WaiveManyForm(USWDSForm):
    """The confirmation step of "Waive" on the deadline list: the rows, and one reason for all of them."""

    ids = RowSelectionField(Deadline.objects.all(), noun="deadline")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text="Recorded in each deadline's history.",
        error_messages={"required": "Give the reason for waiving: it is kept in each deadline's history."},
    )


class RowsForm(USWDSForm):
    """The first step of a bulk action: only the rows ticked on the list page."""

    ids = RowSelectionField(Deadline.objects.all(), noun="deadline")
