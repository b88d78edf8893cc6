"""USWDS form rendering shared by every app: classes, errors next to fields."""

from django import forms
from django.core.validators import URLValidator
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

from core.validators import SAFE_URL_SCHEMES, validate_safe_url
from core.widgets import ComboBoxSelect

# Django's and django-filter's label for the empty choice; every form says something plainer instead.
DASHES = "---------"

WIDGET_CLASSES = {
    "select": "usa-select",
    "comboboxselect": "usa-select",
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


def choose_placeholder(label):
    """ "Choose a provider", "Choose an obligation": the empty choice of a select, from its label."""
    noun = str(label).strip().lower()
    article = "an" if noun[:1] in "aeiou" else "a"
    return f"Choose {article} {noun}"


def _plain_placeholder(field, label):
    if getattr(field, "empty_label", None) == DASHES:
        # ModelChoiceField and django-filter's choice fields read empty_label when they list their choices.
        field.empty_label = choose_placeholder(label)
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)  # a plain list (a model field's choices): no query
        if any(value == "" and text == DASHES for value, text in choices):
            field.choices = [(value, choose_placeholder(label) if value == "" else text) for value, text in choices]


class USWDSRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class USWDSFormMixin:
    """Adds USWDS classes to widgets and ties each error message to its input
    (aria-describedby), so screen readers announce it with the field. Every select becomes a
    core.widgets.ComboBoxSelect (a combo box past 15 choices) and says "Choose a provider" rather than
    "---------"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field.widget) is forms.Select:
                field.widget = ComboBoxSelect.from_select(field.widget)
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.SelectMultiple):
                _plain_placeholder(field, field.label or pretty_name(name))
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
