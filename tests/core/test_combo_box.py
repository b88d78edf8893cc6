"""Long selects become USWDS combo boxes (core.widgets.ComboBoxSelect, installed by core.forms.USWDSForm),
decided while rendering, so a ModelChoiceField's queryset is still read once; no "---------" anywhere."""

import pytest
from django import forms

from accounts.models import Provider
from core.forms import USWDSForm
from tests.factories import ProviderFactory


class ProviderForm(USWDSForm):
    provider = forms.ModelChoiceField(queryset=Provider.objects.order_by("name"))
    kind = forms.ChoiceField(choices=[("", "---------"), ("cable", "Cable"), ("wireless", "Wireless")], required=False)
    owner = forms.ModelChoiceField(queryset=Provider.objects.order_by("name"), label="Obligation owner", required=False)


@pytest.mark.django_db
def test_fifteen_choices_stay_a_plain_select_and_sixteen_become_a_combo_box():
    ProviderFactory.create_batch(15)
    html = str(ProviderForm()["provider"])
    assert "usa-combo-box" not in html and 'class="usa-select"' in html
    ProviderFactory()
    html = str(ProviderForm()["provider"])
    assert html.startswith('<div class="usa-combo-box conduit-combo-box" data-placeholder="Choose a provider">')
    assert '<select name="provider" class="usa-select"' in html


@pytest.mark.django_db
def test_the_chosen_value_survives_the_combo_box_starting_up():
    providers = ProviderFactory.create_batch(20)
    html = str(ProviderForm(initial={"provider": providers[3].pk})["provider"])
    # uswds.min.js clears the select when it builds the combo box and chooses data-default-value again.
    assert f'data-default-value="{providers[3].pk}"' in html


@pytest.mark.django_db
def test_a_combo_box_reads_its_choices_in_one_query(django_assert_num_queries):
    ProviderFactory.create_batch(40)
    form = ProviderForm()
    with django_assert_num_queries(1):
        html = str(form["provider"])
    assert "usa-combo-box" in html and html.count("<option") == 41


@pytest.mark.django_db
def test_empty_choices_say_what_to_choose_instead_of_dashes():
    html = str(ProviderForm().as_div())
    assert "---------" not in html
    assert '<option value="" selected>Choose a provider</option>' in html
    assert ">Choose a kind</option>" in html
    assert ">Choose an obligation owner</option>" in html
