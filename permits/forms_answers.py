"""Forms for the applicant's answers (portal) and the message thread (portal and staff pages)."""

from django import forms

from core.forms import USWDSForm
from permits.services_messages import BODY_MAX

TEXT_MAX = 5000


class MessageForm(USWDSForm):
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=BODY_MAX,
        help_text="Plain text, up to 5,000 characters. Messages cannot be edited or deleted once sent.",
    )


class ResubmitForm(USWDSForm):
    note = forms.CharField(
        label="Note for the reviewer (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX,
        required=False,
        help_text="Say what you have supplied in answer to the notice.",
    )


class WithdrawForm(USWDSForm):
    reason = forms.CharField(
        label="Reason (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        required=False,
    )


class DeemedGrantNoticeForm(USWDSForm):
    statement = forms.CharField(
        label="Your written notice",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX,
        help_text=(
            "The notice to the City that the request is deemed granted because it was not decided within its "
            "review period (47 CFR 1.6100(c)(4))."
        ),
    )
