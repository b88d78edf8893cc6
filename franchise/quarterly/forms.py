"""The staff review form of a quarterly report."""

from django import forms

from core.forms import USWDSForm


class ReportReviewForm(USWDSForm):
    """Rendered by hand: the comment box and one button per decision."""

    decision = forms.ChoiceField(
        choices=[("accepted", "Accept the report"), ("deficient", "Mark it deficient: the operator must resubmit")],
        error_messages={"required": "Choose to accept the report or mark it deficient."},
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Shown to the operator in the portal and sent by email. Required when the report is deficient: "
        "say what to correct.",
    )
