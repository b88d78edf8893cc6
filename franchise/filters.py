"""django-filter FilterSets shared by the staff lists and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from accounts.models import Provider
from core.forms import USWDSForm
from franchise.models import Filing, License, Obligation, Payment

OVERDUE = "overdue"


def cable_providers(request=None):
    return Provider.objects.filter(kind__in=["cable", "both"]).order_by("name")


def licenses(request=None):
    return License.objects.select_related("provider").order_by("provider__name", "-effective_date")


class LicenseFilter(django_filters.FilterSet):
    provider = django_filters.ModelChoiceFilter(queryset=cable_providers, empty_label="Any provider")
    status = django_filters.ChoiceFilter(choices=License.Status.choices, empty_label="All statuses")
    expires_after = django_filters.DateFilter(
        field_name="expiration_date", lookup_expr="gte", label="Expires on or after"
    )
    expires_before = django_filters.DateFilter(
        field_name="expiration_date", lookup_expr="lte", label="Expires on or before"
    )

    class Meta:
        model = License
        fields = ["provider", "status"]
        form = USWDSForm


class ObligationFilter(django_filters.FilterSet):
    provider = django_filters.ModelChoiceFilter(
        field_name="license__provider", queryset=cable_providers, empty_label="Any provider"
    )
    license = django_filters.ModelChoiceFilter(queryset=licenses, empty_label="Any license")
    kind = django_filters.ChoiceFilter(choices=Obligation.Kind.choices, empty_label="Any kind")
    recurrence = django_filters.ChoiceFilter(choices=Obligation.Recurrence.choices, empty_label="Any recurrence")

    class Meta:
        model = Obligation
        fields = ["provider", "license", "kind", "recurrence"]
        form = USWDSForm


class FilingFilter(django_filters.FilterSet):
    provider = django_filters.ModelChoiceFilter(
        field_name="license__provider", queryset=cable_providers, empty_label="Any provider"
    )
    license = django_filters.ModelChoiceFilter(queryset=licenses, empty_label="Any license")
    status = django_filters.ChoiceFilter(
        choices=[(OVERDUE, "Overdue (open, past due)"), *Filing.Status.choices],
        method="filter_status",
        empty_label="All statuses",
    )
    kind = django_filters.ChoiceFilter(
        field_name="obligation__kind", choices=Obligation.Kind.choices, label="Kind", empty_label="Any kind"
    )
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label="Due on or after")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label="Due on or before")

    class Meta:
        model = Filing
        fields = ["provider", "license", "status", "kind", "due_after", "due_before"]
        form = USWDSForm

    def filter_status(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.filter(Q(status=Filing.Status.OPEN) & Q(grace_ends__lt=timezone.localdate()))
        return queryset.filter(status=value)


class PaymentFilter(django_filters.FilterSet):
    provider = django_filters.ModelChoiceFilter(
        field_name="license__provider", queryset=cable_providers, empty_label="Any provider"
    )
    license = django_filters.ModelChoiceFilter(queryset=licenses, empty_label="Any license")
    kind = django_filters.ChoiceFilter(choices=Payment.Kind.choices, empty_label="Any kind")
    received_after = django_filters.DateFilter(
        field_name="received_date", lookup_expr="gte", label="Received on or after"
    )
    received_before = django_filters.DateFilter(
        field_name="received_date", lookup_expr="lte", label="Received on or before"
    )

    class Meta:
        model = Payment
        fields = ["provider", "license", "kind", "received_after", "received_before"]
        form = USWDSForm
