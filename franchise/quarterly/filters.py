"""django-filter FilterSets for quarterly reports (the staff queue and the API)."""

import django_filters
from django.db.models import Q

from core.forms import USWDSForm
from franchise.filters import cable_providers
from franchise.models import QuarterlyReport


class QuarterlyReportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=QuarterlyReport.Status.choices, empty_label="Any status")
    provider = django_filters.ModelChoiceFilter(queryset=cable_providers, empty_label="Any provider")
    year = django_filters.NumberFilter()
    quarter = django_filters.ChoiceFilter(choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)], empty_label="Any quarter")
    flagged = django_filters.ChoiceFilter(
        choices=[("yes", "Flagged: underpaid or a standard failed"), ("no", "Not flagged")],
        method="filter_flagged",
        label="Flags",
        empty_label="Flagged or not",
    )

    class Meta:
        model = QuarterlyReport
        fields = ["status", "provider", "year", "quarter"]
        form = USWDSForm

    def filter_flagged(self, queryset, name, value):
        condition = Q(underpaid=True) | Q(scorecard_result="fail")
        return queryset.filter(condition) if value == "yes" else queryset.exclude(condition)


class QuarterlyReportApiFilter(django_filters.FilterSet):
    """For the API, where `status` is the reconciliation (as in the response) and `review_status` the review."""

    status = django_filters.ChoiceFilter(
        field_name="payment_status", choices=[(s, s) for s in ("paid", "underpaid", "overpaid")]
    )
    review_status = django_filters.ChoiceFilter(field_name="status", choices=QuarterlyReport.Status.choices)

    class Meta:
        model = QuarterlyReport
        fields = ["provider", "license", "year", "quarter", "status", "review_status"]
