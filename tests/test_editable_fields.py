"""Each model's editable fields are declared once (Model.EDITABLE_FIELDS); its form, its
serializer and its service take them from there. These sets pin what each accepts."""

import pytest

from accounts import forms as account_forms
from accounts import serializers as account_serializers
from accounts import services as account_services
from accounts.models import Provider, ProviderContact
from franchise import forms as franchise_forms
from franchise import serializers as franchise_serializers
from franchise import services as franchise_services
from franchise.models import License, Obligation, Payment
from permits import forms as permit_forms
from permits import serializers as permit_serializers
from permits import services as permit_services
from permits.models import FeeSchedule, PermitApplication, Site


def writable(serializer_class):
    return {name for name, field in serializer_class().fields.items() if not field.read_only}


@pytest.mark.parametrize(
    ("form_class", "expected"),
    [
        (franchise_forms.LicenseForm, [*License.EDITABLE_FIELDS]),
        (franchise_forms.RenewalForm, [*License.RENEWAL_FIELDS]),
        (franchise_forms.ObligationForm, [*Obligation.EDITABLE_FIELDS]),
        (franchise_forms.PaymentForm, ["license", *(f for f in Payment.EDITABLE_FIELDS if f != "counts_toward_cap")]),
        (permit_forms.ApplicationForm, [*PermitApplication.EDITABLE_FIELDS]),
        (permit_forms.SiteForm, [*Site.EDITABLE_FIELDS]),
        (permit_forms.FeeScheduleForm, [*FeeSchedule.EDITABLE_FIELDS, "confirmed"]),
        (account_forms.ProviderForm, [*Provider.EDITABLE_FIELDS]),
        (account_forms.ProviderContactForm, [*ProviderContact.EDITABLE_FIELDS]),
    ],
)
def test_form_fields_come_from_the_declaration(form_class, expected):
    assert list(form_class.Meta.fields) == expected


def test_serializers_accept_the_declared_fields():
    assert writable(franchise_serializers.LicenseSerializer) == {*License.EDITABLE_FIELDS, *License.RENEWAL_FIELDS}
    assert writable(franchise_serializers.ObligationSerializer) == {
        "license",
        "catalogue_code",
        *Obligation.EDITABLE_FIELDS,
    }
    assert writable(franchise_serializers.PaymentSerializer) == {"license", *Payment.EDITABLE_FIELDS}
    assert writable(account_serializers.ProviderSerializer) == set(Provider.EDITABLE_FIELDS)
    assert writable(account_serializers.ProviderContactSerializer) == set(ProviderContact.EDITABLE_FIELDS)
    assert writable(permit_serializers.SiteSerializer) == set(Site.EDITABLE_FIELDS)
    # A new application's sites arrive through a plain serializer: it names the same fields.
    assert set(permit_serializers.SiteInputSerializer().fields) == set(Site.EDITABLE_FIELDS)


def test_services_allow_the_declared_fields():
    assert set(franchise_services.LICENSE_FIELDS) == {*License.EDITABLE_FIELDS, "is_illustrative"}
    assert set(franchise_services.OBLIGATION_FIELDS) == {"catalogue_code", *Obligation.EDITABLE_FIELDS}
    assert set(franchise_services.PAYMENT_FIELDS) == set(Payment.EDITABLE_FIELDS)
    assert set(permit_services.APPLICATION_FIELDS) == set(PermitApplication.EDITABLE_FIELDS) - {"applicant"}
    assert set(permit_services.SITE_FIELDS) == set(Site.EDITABLE_FIELDS)
    assert set(permit_services.FEE_FIELDS) == set(FeeSchedule.EDITABLE_FIELDS)
    assert set(account_services.PROVIDER_FIELDS) == {*Provider.EDITABLE_FIELDS, "is_illustrative"}
