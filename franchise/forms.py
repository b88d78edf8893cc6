"""Staff forms for cable licenses. Forms validate input; services do the writes."""

from pathlib import Path

from dateutil.relativedelta import relativedelta
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import Provider, User
from accounts.roles import STAFF
from core import dates
from core.forms import HttpsURLField, USWDSForm, USWDSModelForm
from core.widgets import ComboBoxSelect
from franchise import catalogue
from franchise.models import CustomerServiceReport, Filing, License, Obligation, Payment, scorecard_fields
from franchise.services import ALREADY_RESUBMITTED

ALLOWED_UPLOADS = {".pdf", ".xlsx", ".xls", ".csv", ".docx", ".doc", ".txt", ".png", ".jpg", ".jpeg"}


def validate_upload(upload):
    if upload is None:
        return upload
    if Path(upload.name).suffix.lower() not in ALLOWED_UPLOADS:
        raise ValidationError(
            f"Attach a PDF, spreadsheet, Word, text or image file ({', '.join(sorted(ALLOWED_UPLOADS))})."
        )
    if upload.size > settings.REPORT_UPLOAD_MAX_BYTES:
        limit = settings.REPORT_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"The file is larger than the {limit} MB limit.")
    return upload


def staff_users():
    return User.objects.filter(groups__name=STAFF, is_active=True).order_by("last_name", "username").distinct()


class LicenseForm(USWDSModelForm):
    class Meta:
        model = License
        fields = License.EDITABLE_FIELDS
        field_classes = {"source_url": HttpsURLField}
        widgets = {
            "grant_date": forms.DateInput,
            "effective_date": forms.DateInput,
            "expiration_date": forms.DateInput,
            "peg_support_terms": forms.Textarea(attrs={"rows": 3}),
            "service_area_terms": forms.Textarea(attrs={"rows": 3}),
            "amendments": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Provider.objects.filter(kind__in=["cable", "both"]).order_by("name")


class RenewalForm(USWDSModelForm):
    class Meta:
        model = License
        fields = License.RENEWAL_FIELDS
        widgets = {name: forms.DateInput for name in fields if name.endswith("_date")}
        help_texts = {
            "renewal_notice_date": "47 U.S.C. 546(a): a notice inside the window obliges the City to commence "
            "within 6 months.",
            "renewal_proposal_date": "47 U.S.C. 546(c)(1): 4 months to renew or issue a preliminary assessment.",
            "final_decision_date": "Starts the 7/14-day state filing (207 CMR 3.00).",
            "final_decision_received_date": "Starts the operator's 120-day appeal period (47 U.S.C. 555(a)); "
            "a last day on a weekend or legal holiday runs to the next business day (FRCP 6(a)(1)(C)).",
        }


class ObligationForm(USWDSModelForm):
    class Meta:
        model = Obligation
        fields = Obligation.EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_fixed_date": forms.DateInput,
            "active_from": forms.DateInput,
            "active_until": forms.DateInput,
        }

    def __init__(self, *args, license=None, **kwargs):
        super().__init__(*args, **kwargs)
        if license is not None:
            self.instance.license = license
        self.fields["owner"].queryset = staff_users()


class CatalogueForm(USWDSForm):
    codes = forms.MultipleChoiceField(
        label="Obligations to add",
        widget=forms.CheckboxSelectMultiple,
        help_text="Each becomes an obligation of this license with its filings; edit any of them afterwards.",
    )
    milestone_date = forms.DateField(
        label="Build-out milestone date",
        required=False,
        widget=forms.DateInput,
        help_text="Needed when you add a build-out milestone.",
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Staff owner")
    track_from = forms.DateField(
        label="Track from",
        required=False,
        widget=forms.DateInput,
        help_text="Leave blank to generate filings back to the license's effective date. Give a date if earlier "
        "periods are kept on paper; license-year obligations then start at the anniversary before it.",
    )

    def __init__(self, *args, existing_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = catalogue.entries()
        self.fields["codes"].choices = [(entry.code, entry.title) for entry in self.entries]
        self.fields["codes"].widget.attrs["class"] = "usa-checkbox__input"
        self.initial.setdefault(
            "codes", [entry.code for entry in self.entries if entry.code not in existing_codes and not entry.needs_date]
        )
        self.fields["owner"].queryset = staff_users()

    def clean(self):
        cleaned = super().clean()
        codes = cleaned.get("codes") or []
        needs_date = [entry for entry in self.entries if entry.code in codes and entry.needs_date]
        if needs_date and not cleaned.get("milestone_date"):
            self.add_error("milestone_date", "Enter the milestone date from the license, or untick the milestone.")
        return cleaned

    def fixed_dates(self):
        milestone = self.cleaned_data.get("milestone_date")
        return {entry.code: milestone for entry in self.entries if entry.needs_date}


def filing_label(filing):
    """ "Comcast: Quarterly franchise fee report, 2026-01-01 to 2026-03-31, due 2026-05-15": the provider first,
    so a clerk finds the filing by typing the provider's name into the combo box."""
    head = f"{filing.license.provider.name}: {filing.obligation.title}, {filing.period_label}"
    if filing.status == Filing.Status.DEFICIENT:
        return f"{head}, deficient: log its resubmission (due {dates.day(filing.due_date)})"
    return f"{head}, due {dates.day(filing.due_date)}"


def filing_refusal(filing):
    """Why a filing cannot be logged, with a link to the page where the clerk can act on it."""
    resubmission = getattr(filing, "replaced_by", None)
    if filing.status == Filing.Status.DEFICIENT and resubmission is not None:
        return format_html(
            '{} <a class="usa-link" href="{}">Open the resubmission ({}, {})</a>.',
            ALREADY_RESUBMITTED,
            resubmission.get_absolute_url(),
            resubmission.get_status_display().lower(),
            f"received {dates.day(resubmission.received_date)}" if resubmission.received_date else "not yet received",
        )
    return format_html(
        'This filing is already {}; there is nothing to log. <a class="usa-link" href="{}">Open the filing</a>.',
        filing.get_status_display().lower(),
        filing.get_absolute_url(),
    )


class FilingChoiceField(forms.ModelChoiceField):
    widget = ComboBoxSelect

    def label_from_instance(self, filing):
        return filing_label(filing)


class LoggableFilingField(FilingChoiceField):
    """Offers only loggable filings (franchise.selectors.loggable); a filing that exists but is not
    loggable (already accepted, or resubmitted) is refused with the reason and a link, rather than
    Django's "Select a valid choice"."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            filing = (
                Filing.objects.select_related("replaced_by").filter(pk=value).first() if str(value).isdigit() else None
            )
            if filing is None:
                raise ValidationError("Choose a filing from the list.", code="invalid_choice") from error
            raise ValidationError(filing_refusal(filing), code="not_loggable") from error


class FilingLogForm(USWDSForm):
    """The one-minute flow: pick the open filing, confirm the date, save."""

    filing = LoggableFilingField(
        queryset=Filing.objects.none(),
        label="Filing received",
        empty_label="Choose a filing",
        help_text="Type part of the provider's name or the report's title. Only filings that can be logged are "
        "listed: open ones, and deficient ones awaiting their resubmission.",
    )
    received_date = forms.DateField(widget=forms.DateInput, label="Received on")
    gross_revenue = forms.DecimalField(
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        label="Reported gross revenue from cable service ($)",
        help_text="For franchise fee reports: the total the operator reports for the period.",
    )
    document_reference = forms.CharField(required=False, max_length=200, label="Document reference")
    attachment = forms.FileField(required=False, validators=[validate_upload])
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, filings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if filings is not None:
            self.fields["filing"].queryset = filings


class FilingResubmitForm(USWDSForm):
    received_date = forms.DateField(widget=forms.DateInput, label="Resubmission received on")
    gross_revenue = forms.DecimalField(
        required=False, max_digits=14, decimal_places=2, min_value=0, label="Corrected gross revenue ($)"
    )
    document_reference = forms.CharField(required=False, max_length=200)
    attachment = forms.FileField(required=False, validators=[validate_upload])
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FilingReviewForm(USWDSForm):
    status = forms.ChoiceField(
        choices=[
            (Filing.Status.ACCEPTED, "Accept"),
            (Filing.Status.DEFICIENT, "Deficient: the operator must resubmit"),
        ],
        widget=forms.RadioSelect,
        label="Review",
    )
    notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Required when deficient: what is missing."
    )


class FilingWaiveForm(USWDSForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Reason for the waiver")


class AttachmentForm(USWDSForm):
    file = forms.FileField(validators=[validate_upload])
    description = forms.CharField(required=False, max_length=200)


class FilingCreateForm(USWDSForm):
    """An extra occurrence by hand (a special report the rule does not produce)."""

    obligation = forms.ModelChoiceField(queryset=Obligation.objects.none())
    period_start = forms.DateField(widget=forms.DateInput)
    period_end = forms.DateField(widget=forms.DateInput)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, license=None, **kwargs):
        super().__init__(*args, **kwargs)
        if license is not None:
            self.fields["obligation"].queryset = license.obligations.order_by("kind", "title")


CAP_CHOICES = [
    ("", "As its kind: fees, PEG operating support and in-kind count; PEG capital and interest do not"),
    ("yes", "Yes, count it against the 5% cap"),
    ("no", "No, do not count it"),
]


class PaymentForm(USWDSModelForm):
    cap = forms.ChoiceField(choices=CAP_CHOICES, required=False, label="Counts against the 5% cap")

    class Meta:
        model = Payment
        # The cap is the `cap` choice above (as its kind / yes / no), not a checkbox.
        fields = ["license", *(name for name in Payment.EDITABLE_FIELDS if name != "counts_toward_cap")]
        widgets = {
            "period_start": forms.DateInput,
            "period_end": forms.DateInput,
            "received_date": forms.DateInput,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"amount": "Amount ($)", "received_date": "Received on"}

    def __init__(self, *args, license=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["license"].queryset = License.objects.select_related("provider").order_by(
            "provider__name", "-effective_date"
        )
        payable = [
            Obligation.Kind.FEE_REPORT,
            Obligation.Kind.PEG_SUPPORT,
            Obligation.Kind.PEG_CAPITAL,
            Obligation.Kind.PER_SUBSCRIBER_FEE,
            Obligation.Kind.IN_KIND_REPORT,
        ]
        filings = Filing.objects.select_related("license__provider", "obligation").filter(
            obligation__kind__in=payable, period_start__gte=timezone.localdate() - relativedelta(years=2)
        )
        if license is not None:
            filings = filings.filter(license=license)
        self.fields["filing"] = FilingChoiceField(
            queryset=filings.order_by("-period_start", "obligation__title"),
            required=False,
            label="Goes with the filing",
            help_text="Optional: the report this payment accompanies.",
            empty_label="No filing",
            widget=ComboBoxSelect(attrs={"class": "usa-select"}),
        )
        if self.instance.pk:
            self.initial["cap"] = "yes" if self.instance.counts_toward_cap else "no"

    def counts_toward_cap(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("cap") or "")

    def service_fields(self):
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "license"}
        fields["counts_toward_cap"] = self.counts_toward_cap()
        return fields


class CustomerServiceForm(USWDSModelForm):
    class Meta:
        model = CustomerServiceReport
        fields = ["period_start", "period_end", "filing", *scorecard_fields(), "notes"]
        widgets = {
            "period_start": forms.DateInput,
            "period_end": forms.DateInput,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, license=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.license = license
        self.fields["filing"].queryset = license.filings.filter(
            obligation__kind=Obligation.Kind.CUSTOMER_SERVICE
        ).order_by("-period_start")
        self.fields["filing"].required = False

    def validate_unique(self):
        # The service replaces an existing quarter's figures rather than refusing them.
        pass
