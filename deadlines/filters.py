import django_filters
from django import forms
from django.utils import timezone

from accounts.models import Provider
from core.forms import USWDSForm
from deadlines.attention import (
    ATTENTION_AT_RISK,
    ATTENTION_LABELS,
    ATTENTION_MISSED,
    ATTENTION_RUNNING,
    deadline_window,
)
from deadlines.models import Deadline

# An open shot-clock deadline is a clock that runs or is missed and undecided
# (permits.services keeps it so), so it is in one of these three classes.
SHOT_CLOCK_ATTENTION = (ATTENTION_MISSED, ATTENTION_AT_RISK, ATTENTION_RUNNING)


class DeadlineFilter(django_filters.FilterSet):
    provider = django_filters.ModelChoiceFilter(queryset=Provider.objects.order_by("name"), empty_label="Any provider")
    kind = django_filters.ChoiceFilter(choices=Deadline.Kind.choices, empty_label="Any kind")
    state = django_filters.ChoiceFilter(choices=Deadline.State.choices, empty_label="Any state")
    due_after = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        label="Due on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label="Due on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    attention = django_filters.ChoiceFilter(
        label="Shot clock",
        choices=[(kind, ATTENTION_LABELS[kind]) for kind in SHOT_CLOCK_ATTENTION],
        method="filter_attention",
        empty_label="Any shot clock",
    )
    mine = django_filters.BooleanFilter(method="filter_mine", label="Only mine", widget=forms.CheckboxInput)

    class Meta:
        model = Deadline
        fields = ["provider", "kind", "state", "due_after", "due_before"]
        form = USWDSForm

    def filter_attention(self, queryset, name, value):
        """Open shot-clock deadlines whose due date puts them in class `value` (attention_window)."""
        window = deadline_window("due_date", value, timezone.localdate())
        return queryset.filter(window, kind=Deadline.Kind.SHOT_CLOCK, state=Deadline.State.OPEN)

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value else queryset
