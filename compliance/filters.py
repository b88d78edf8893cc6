import django_filters
from django import forms

from accounts.models import Provider
from compliance.models import Deadline


class DeadlineFilter(django_filters.FilterSet):
    provider = django_filters.ModelChoiceFilter(queryset=Provider.objects.order_by("name"))
    kind = django_filters.ChoiceFilter(choices=Deadline.Kind.choices)
    state = django_filters.ChoiceFilter(choices=Deadline.State.choices)
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
    mine = django_filters.BooleanFilter(method="filter_mine", label="Only mine", widget=forms.CheckboxInput)

    class Meta:
        model = Deadline
        fields = ["provider", "kind", "state", "due_after", "due_before"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner=self.request.user) if value else queryset
