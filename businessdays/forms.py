from django import forms

from businessdays.models import ClosureDay
from core.forms import USWDSForm


class ClosureDayForm(USWDSForm):
    """A City closure day and its kind: the kind decides whether a federal shot clock moves."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label="Kind of closure",
        choices=ClosureDay.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the day is a legal holiday or an office closure.",
            "invalid_choice": "Choose one of the two kinds: a legal holiday or an office closure.",
        },
    )
    reason = forms.CharField(
        max_length=200,
        help_text="For example: snow emergency declared by the Mayor, or the holiday's name and who declared it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "usa-radio__input"


class ClosureDayRemoveForm(USWDSForm):
    """The `remove` button of one listed closure day; anything but a listed day's id is refused, not a 500."""

    remove = forms.ModelChoiceField(
        queryset=ClosureDay.objects.all(),
        error_messages={
            "required": "Choose a closure day to remove.",
            "invalid_choice": "That closure day is not on the list (it may have been removed already). "
            "Reload the page and try again.",
        },
    )
