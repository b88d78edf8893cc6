import django_filters
from django import forms

from accounts.models import Provider
from core.forms import USWDSForm
from letters import kinds
from letters.models import Letter


class LetterFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(label="Letter number", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="Kind", choices=kinds.CHOICES, empty_label="Any kind")
    status = django_filters.ChoiceFilter(label="Status", choices=Letter.Status.choices, empty_label="All statuses")
    provider = django_filters.ModelChoiceFilter(
        label="Recipient", queryset=Provider.objects.order_by("name"), empty_label="Any recipient"
    )
    issued_from = django_filters.DateFilter(
        label="Issued on or after",
        field_name="issued_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    issued_to = django_filters.DateFilter(
        label="Issued on or before",
        field_name="issued_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Letter
        fields = ["number", "kind", "status", "provider", "issued_from", "issued_to"]
        form = USWDSForm
