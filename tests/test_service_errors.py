"""One helper puts a service's refusal on a form, for every page that calls a service."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import add_service_errors


class DateForm(forms.Form):
    date = forms.DateField()


def bound():
    form = DateForm({"date": "2026-12-01"})
    assert form.is_valid()
    return form


def test_a_refusal_naming_a_field_of_the_form_is_shown_beside_that_field():
    form = bound()
    add_service_errors(form, ValidationError({"date": "The date cannot be in the future."}))
    assert form.errors == {"date": ["The date cannot be in the future."]}


def test_a_refusal_naming_a_field_the_form_lacks_is_shown_above_the_form():
    form = bound()
    add_service_errors(form, ValidationError({"missing_items": "Name each missing item."}))
    assert form.non_field_errors() == ["Name each missing item."]


def test_a_refusal_with_no_field_is_shown_above_the_form_with_every_message():
    form = bound()
    add_service_errors(form, ValidationError(["The letter cannot be issued:", "Give the cure period."]))
    assert form.non_field_errors() == ["The letter cannot be issued:", "Give the cure period."]
