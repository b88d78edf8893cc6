from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import Provider, User
from core.forms import USWDSForm
from core.widgets import ComboBoxSelect


class InvitationForm(USWDSForm):
    """Invite a colleague (portal) or a provider's employee (staff, with `provider`)."""

    email = forms.EmailField(help_text="The invitation link goes to this address; it becomes their sign-in name.")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    is_provider_admin = forms.BooleanField(
        label="Portal administrator",
        required=False,
        help_text="May invite and deactivate colleagues of the same organisation.",
    )

    def __init__(self, *args, with_provider=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_provider:
            self.fields = {
                "provider": forms.ModelChoiceField(
                    queryset=Provider.objects.filter(is_active=True).order_by("name"),
                    help_text="The organisation whose records they will see, and nothing else.",
                    empty_label="Choose a provider",
                    widget=ComboBoxSelect(attrs={"class": "usa-select"}),
                ),
                **self.fields,
            }


class InvitationAcceptForm(USWDSForm):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; not a common password and not only numbers.",
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and cleaned.get("password2") and password != cleaned["password2"]:
            self.add_error("password2", "The two passwords differ; type the same password twice.")
        elif password:
            candidate = User(
                username=self.invitation.email.lower(),
                email=self.invitation.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                validate_password(password, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
