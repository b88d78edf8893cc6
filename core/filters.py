"""django-filter plumbing shared by the API's filter sets: no domain imports."""

from django import forms
from django.core.exceptions import ValidationError
from django_filters.rest_framework import BooleanFilter
from django_filters.widgets import BooleanWidget

BOOLEAN_SPELLINGS = ("", "true", "false")


class StrictBooleanWidget(BooleanWidget):
    """`true` or `false` (any case) as the API's BooleanWidget reads them; anything else is passed on as
    it was sent, for the field to refuse, instead of quietly meaning "not filtered"."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str) and value.lower() not in BOOLEAN_SPELLINGS:
            return value
        return super().value_from_datadict(data, files, name)


class StrictBooleanField(forms.NullBooleanField):
    widget = StrictBooleanWidget

    def to_python(self, value):
        if isinstance(value, str) and value:
            raise ValidationError("Enter true or false.", code="invalid")
        return super().to_python(value)


class StrictBooleanFilter(BooleanFilter):
    """A boolean query parameter: `?is_active=true`, `?is_active=false`, empty or absent for both;
    `?is_active=yes` is a 400 naming the parameter, not a silently unfiltered list."""

    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", StrictBooleanWidget)
        super().__init__(*args, **kwargs)
