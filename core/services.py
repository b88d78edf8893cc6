"""Plumbing shared by every app's services."""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models


def apply_fields(instance, values, *, allowed):
    """Set `values` (name -> value) on `instance`; every name must be in `allowed`.

    Returns the names whose value differs from what the instance held. A name
    outside `allowed` is refused with a ValidationError that names it, and
    nothing is set. Nothing is saved: the caller runs full_clean() and save().
    """
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(
            f"{type(instance).__name__}: these fields cannot be set here: {', '.join(sorted(unknown))}.",
            code="unknown_field",
        )
    changed = set()
    for name, value in values.items():
        if _stored_value(instance, name) != (value.pk if isinstance(value, models.Model) else value):
            changed.add(name)
        setattr(instance, name, value)
    return changed


def _stored_value(instance, name):
    """The instance's value for `name`; for a foreign key its id, read without a query."""
    try:
        return instance._meta.get_field(name).value_from_object(instance)
    except FieldDoesNotExist:
        return getattr(instance, name)
