"""Providers see their own issued letters in the portal, and nothing else."""

import pytest
from django.urls import reverse

from letters import services
from tests.letters import factories


def test_a_provider_sees_its_own_issued_letters_and_downloads_the_original(comcast_client, issued_letter, fee_letter):
    page = comcast_client.get(reverse("portal:letters"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "CBO-2026-0001" in content
    assert content.count("Download") == 1  # the draft is not shown
    response = comcast_client.get(reverse("portal:letter-download", args=[issued_letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert services.rendering.sha256(response.content) == issued_letter.sha256


def test_another_providers_letter_answers_404(verizon_client, issued_letter):
    assert "CBO-2026-0001" not in verizon_client.get(reverse("portal:letters")).content.decode()
    assert verizon_client.get(reverse("portal:letter-download", args=[issued_letter.pk])).status_code == 404


def test_a_draft_or_a_missing_letter_answers_404(comcast_client, fee_letter):
    assert comcast_client.get(reverse("portal:letter-download", args=[fee_letter.pk])).status_code == 404
    assert comcast_client.get(reverse("portal:letter-download", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["portal:letters", "portal:letter-download"])
def test_city_users_and_anonymous_users_do_not_use_the_portal_letters(client, legal_client, issued_letter, name):
    url = reverse(name) if name == "portal:letters" else reverse(name, args=[issued_letter.pk])
    assert "/login/" in client.get(url)["Location"]
    assert legal_client.get(url).status_code == 404


def test_the_pdf_is_never_a_public_media_url(comcast_client, issued_letter):
    content = comcast_client.get(reverse("portal:letters")).content.decode()
    assert "/media/" not in content and issued_letter.pdf.name not in content


def test_a_superseded_letter_is_marked_in_the_portal(comcast_client, issued_letter, legal):
    factories.issue(services.letter_correct(original=issued_letter, actor=legal), legal)
    content = comcast_client.get(reverse("portal:letters")).content.decode()
    assert "Superseded by CBO-2026-0002" in content
    assert "Corrects CBO-2026-0001" in content


def test_the_portal_list_costs_a_fixed_number_of_queries(
    comcast_client, issued_letter, legal, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        assert comcast_client.get(reverse("portal:letters")).status_code == 200
