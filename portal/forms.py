from django import forms

from core import dates
from core.forms import USWDSForm
from franchise.quarterly.validation import XLSX_CONTENT_TYPE
from portal.selectors import licenses_for


class ReportUploadForm(USWDSForm):
    """The two fields of the upload: which license, and the workbook. The file
    itself is checked by franchise.quarterly.validation, not here, so that every
    problem is reported the same way (and an empty file too)."""

    license = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose the license",
        error_messages={"invalid_choice": "Choose one of your organisation's licenses."},
        help_text="The license the report is for; it must match the License reference on the Summary sheet.",
    )
    file = forms.FileField(
        label="Quarterly report workbook (.xlsx)",
        allow_empty_file=True,
        help_text="The City's template (QR-1) filled in and saved as an Excel Workbook (.xlsx).",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["license"].queryset = licenses_for(provider)
        self.fields["license"].label_from_instance = lambda license: (
            f"{license.title} ({dates.day(license.effective_date)} to {dates.day(license.expiration_date)})"
        )
