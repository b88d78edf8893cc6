"""USWDS form rendering shared by every app: classes, errors next to fields."""

from django import forms
from django.core.validators import URLValidator
from django.forms.renderers import TemplatesSetting

from core.validators import SAFE_URL_SCHEMES, validate_safe_url

WIDGET_CLASSES = {
    "select": "usa-select",
    "selectmultiple": "usa-select",
    "textarea": "usa-textarea",
    "checkbox": "usa-checkbox__input",
    "clearablefile": "usa-file-input",
    "file": "usa-file-input",
}


class HttpsURLField(forms.URLField):
    """A URL field that assumes https:// when the scheme is left out, and takes only http(s) links
    (core.validators: no javascript:, data:, file:, ftp: and the like)."""

    default_validators = [URLValidator(schemes=SAFE_URL_SCHEMES), validate_safe_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class USWDSRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class USWDSFormMixin:
    """Adds USWDS classes to widgets and ties each error message to its input
    (aria-describedby), so screen readers announce it with the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = type(widget).__name__.lower().removesuffix("input").removesuffix("widget")
            css = WIDGET_CLASSES.get(kind, "usa-input")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                error_id = f"{self[name].auto_id}_error"
                described = widget.attrs.get("aria-describedby", "")
                if error_id not in described:
                    widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


class USWDSForm(USWDSFormMixin, forms.Form):
    pass


class USWDSModelForm(USWDSFormMixin, forms.ModelForm):
    pass


def add_service_errors(form, error):
    """Put a service's ValidationError on the form: beside the field it names when the form has that
    field, above the form otherwise. Every page that calls a service shows its refusals this way."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
