"""django-filter FilterSets for provider organisations (the API)."""

import django_filters

from accounts.models import Provider
from core.filters import StrictBooleanFilter


class ProviderFilter(django_filters.FilterSet):
    is_active = StrictBooleanFilter()

    class Meta:
        model = Provider
        fields = ["kind", "is_active"]
