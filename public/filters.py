"""The public register's filters (django-filter). A value that cannot be read is left out of the
filtering and named in a plain message on the page; an export with one answers 400 with the message."""

import django_filters
from django import forms

from core.forms import USWDSForm
from permits.filters import application_search, wireless_providers
from permits.models import Category, PermitApplication

DATE = forms.DateInput(attrs={"type": "date"})


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Reference or site address", method="search", max_length=200)
    carrier = django_filters.ModelChoiceFilter(
        field_name="applicant", queryset=wireless_providers, empty_label="Any carrier", label="Carrier"
    )
    status = django_filters.ChoiceFilter(choices=PermitApplication.Status.choices, empty_label="Any status")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="Any category")
    submitted_from = django_filters.DateFilter(
        label="Submitted from", field_name="submitted_on", lookup_expr="gte", widget=DATE
    )
    submitted_to = django_filters.DateFilter(
        label="Submitted to", field_name="submitted_on", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = PermitApplication
        fields = []
        form = USWDSForm

    def search(self, queryset, name, value):
        return application_search(queryset, value, applicant_names=False)

    def problems(self):
        """One plain sentence per filter that could not be read ("" when every filter was read)."""
        if not self.is_bound or self.form.is_valid():
            return []
        return [
            f"{self.form.fields[name].label if name in self.form.fields else 'Filters'}: {' '.join(errors)}"
            for name, errors in self.form.errors.items()
        ]
