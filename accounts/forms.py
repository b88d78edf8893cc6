from allauth.account import forms as allauth_forms
from django.contrib.auth import forms as auth_forms

from accounts.models import Provider, ProviderContact
from core.forms import HttpsURLField, USWDSFormMixin, USWDSModelForm


class LoginForm(USWDSFormMixin, allauth_forms.LoginForm):
    """allauth's sign-in form (field names `login` and `password`)."""


class PasswordChangeForm(USWDSFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(USWDSFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(USWDSFormMixin, auth_forms.SetPasswordForm):
    pass


class ProviderForm(USWDSModelForm):
    class Meta:
        model = Provider
        fields = Provider.EDITABLE_FIELDS
        field_classes = {"website": HttpsURLField}


class ProviderContactForm(USWDSModelForm):
    class Meta:
        model = ProviderContact
        fields = ProviderContact.EDITABLE_FIELDS
