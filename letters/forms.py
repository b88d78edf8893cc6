"""Forms for the letter pages (USWDS classes from core.forms)."""

import re

from django import forms
from django.conf import settings

from core.forms import USWDSForm
from letters import kinds, verification

SHA256 = re.compile(r"\A[0-9a-fA-F]{64}\Z")
VERIFY_MAX_BYTES = getattr(settings, "LETTER_VERIFY_MAX_BYTES", 5 * 1024 * 1024)


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _pairs(text):
    pairs = []
    for line in _lines(text):
        item, _, rule = line.partition("|")
        pairs.append([item.strip(), rule.strip()])
    return pairs


def _form_field(field):
    common = {"label": field.label, "required": field.required, "help_text": field.help}
    if field.type == kinds.DATE:
        return forms.DateField(**common)
    if field.type in (kinds.MONEY, kinds.PERCENT):
        return forms.DecimalField(max_digits=14, decimal_places=3, **common)
    if field.type == kinds.INT:
        return forms.IntegerField(min_value=0, max_value=3650, **common)
    if field.type in (kinds.LONGTEXT, *kinds.LIST_TYPES):
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000, **common)
    return forms.CharField(max_length=500, **common)


def _initial(field, value):
    if field.type == kinds.LIST:
        return "\n".join(value or [])
    if field.type == kinds.PAIRS:
        return "\n".join(f"{item} | {rule}" for item, rule in (value or []))
    if field.type == kinds.DATE:
        return kinds.parse_date(value or None)
    return value


class LetterCreateForm(USWDSForm):
    kind = forms.ChoiceField(label="Kind of letter", choices=kinds.CHOICES)
    source = forms.CharField(
        label="Record",
        max_length=80,
        help_text="The record the letter is about, as app.model:id (for example franchise.filing:12).",
    )


class LetterEditForm(USWDSForm):
    """A draft's wording and its editable values; the fields follow the letter's kind."""

    subject = forms.CharField(max_length=300)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), max_length=20_000, label="Text")
    closing = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        required=False,
        label="Closing text",
        help_text="After the tables and lists, before the signature.",
    )

    def __init__(self, *args, letter, **kwargs):
        self.letter = letter
        self.value_fields = kinds.editable_fields(letter.kind)
        initial = {"subject": letter.subject, "body": letter.body, "closing": letter.closing}
        for field in self.value_fields:
            initial[field.name] = _initial(field, letter.data.get(field.name))
        super().__init__(*args, initial={**initial, **(kwargs.pop("initial", None) or {})}, **kwargs)
        for field in self.value_fields:
            self.fields[field.name] = _form_field(field)
        # The USWDS mixin styled the fields it saw; style the ones added above the same way.
        for field in self.value_fields:
            widget = self.fields[field.name].widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
            widget.attrs["class"] = "usa-textarea" if isinstance(widget, forms.Textarea) else "usa-input"

    def values(self):
        values = {}
        for field in self.value_fields:
            value = self.cleaned_data.get(field.name)
            if field.type == kinds.LIST:
                value = _lines(value)
            elif field.type == kinds.PAIRS:
                value = _pairs(value)
            elif field.type in (kinds.TEXT, kinds.LONGTEXT):
                value = (value or "").strip()
            values[field.name] = value
        return values


class TemplateVersionForm(USWDSForm):
    subject = forms.CharField(max_length=300)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), max_length=20_000, label="Text")
    closing = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000, required=False, label="Closing text"
    )
    note = forms.CharField(label="What changed", max_length=300, help_text="Kept with the version, for the record.")


class ReasonForm(USWDSForm):
    reason = forms.CharField(max_length=500, required=False, label="Reason (kept in the letter's record)")


class IssueForm(USWDSForm):
    send_email = forms.BooleanField(
        required=False,
        initial=True,
        label="Email it to the provider's notice contacts, with a copy to Legal, once the PDF is made",
    )
    confirm = forms.BooleanField(
        label="I have read this letter. Issue it: it gets its number and date and can never be changed.",
        error_messages={"required": "Tick the box to confirm: an issued letter can never be changed."},
    )
    confirm_no_effect = forms.BooleanField(
        required=False,
        label="I know this notice has no effect on the shot clock, and it is to be issued all the same.",
        help_text="Needed only for an incompleteness notice sent too late to reset or toll the clock.",
    )

    def __init__(self, *args, nil_effect=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not nil_effect:
            del self.fields["confirm_no_effect"]


class BatchForm(USWDSForm):
    sources = forms.MultipleChoiceField(
        label="Records", widget=forms.CheckboxSelectMultiple, error_messages={"required": "Choose at least one record."}
    )
    send_email = forms.BooleanField(
        required=False, label="Email each letter to its provider's notice contacts, with a copy to Legal"
    )
    confirm = forms.BooleanField(
        label="I approve these letters, in the current wording, for issue. Each gets a number and can never be "
        "changed.",
        error_messages={"required": "Tick the box to approve the letters."},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = [(candidate.ref, candidate.label) for candidate in candidates]


class VerifyForm(USWDSForm):
    """The public check: the letter number with its verification code, a pasted SHA-256, an uploaded PDF,
    or a combination. A number alone is accepted and confirms nothing (the page answers the same for any
    number), so that the form never tells whether a number exists."""

    number = forms.CharField(
        label="Letter number", max_length=30, required=False, help_text="For example CBO-2026-0001."
    )
    code = forms.CharField(
        label="Verification code",
        max_length=40,
        required=False,
        help_text="12 letters and digits, printed at the end of the letter after “Verification code”, for "
        "example K7QF-9XM2-TR4D. An older letter without one: upload the PDF instead.",
    )
    sha256 = forms.CharField(
        label="Or the SHA-256 fingerprint of your copy",
        max_length=64,
        required=False,
        help_text="64 letters and digits, if you have it.",
    )
    file = forms.FileField(
        label="Or upload your copy (PDF)",
        required=False,
        help_text=f"At most {VERIFY_MAX_BYTES // (1024 * 1024)} MB. It is checked, never kept.",
    )

    def clean_number(self):
        return self.cleaned_data["number"].strip()

    def clean_code(self):
        value = self.cleaned_data["code"].strip()
        if value and not verification.well_formed(value):
            raise forms.ValidationError(
                "A verification code is 12 letters and digits, as printed on the letter (for example "
                "K7QF-9XM2-TR4D). It has no 0, 1, I, L or O."
            )
        return verification.normalize(value)

    def clean_sha256(self):
        value = self.cleaned_data["sha256"].strip()
        if value and not SHA256.match(value):
            raise forms.ValidationError("A SHA-256 is 64 characters, each 0-9 or a-f.")
        return value.lower()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > VERIFY_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {VERIFY_MAX_BYTES // (1024 * 1024)} MB; no letter is that large."
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("code") and not cleaned.get("number"):
            self.add_error("number", "Enter the letter number as well: the code is checked with it.")
        elif not (cleaned.get("number") or cleaned.get("sha256") or cleaned.get("file")):
            raise forms.ValidationError(
                "Enter the letter number and its verification code, or upload the letter, or enter its SHA-256."
            )
        return cleaned
