"""Forms of the carrier's small-cell filing pages. They check shape; permits.services_filing checks the rules."""

from django import forms

from core.forms import USWDSForm, USWDSModelForm
from permits.forms import SiteForm
from permits.models import ApplicationDraft, DraftSite


class DraftForm(USWDSModelForm):
    """The draft's particulars: the category that sets the shot-clock period, and a description."""

    class Meta:
        model = ApplicationDraft
        fields = ApplicationDraft.EDITABLE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "category": "Sets the shot-clock period (47 CFR 1.6003(c)(1); 1.6100(c)(2)). A site may have its own "
            "category; the application's must be the category of at least one site.",
            "description": "What the application is for, in a few words (optional).",
        }


class DraftSiteForm(SiteForm):
    """The staff site form's fields and help, for a site on the carrier's draft."""

    class Meta(SiteForm.Meta):
        model = DraftSite
        fields = DraftSite.EDITABLE_FIELDS


class DocumentForm(USWDSForm):
    file = forms.FileField(
        label="Document (PDF, PNG or JPEG)",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
    )
    description = forms.CharField(max_length=200, required=False, label="Description (optional)")


class ApplicationDocumentForm(DocumentForm):
    """A document added to a submitted application (answering a notice): which checklist item it is for."""

    checklist_item = forms.TypedChoiceField(label="Checklist item it answers", coerce=int, empty_value=None)

    field_order = ["checklist_item", "file", "description"]

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist_item"].choices = [("", "Choose the item")] + [(item.pk, item.title) for item in items]
