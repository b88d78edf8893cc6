"""The City accounts page: who signs in how, their second factor, and Staff's reset button."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.roles import LEGAL
from tests.factories import UserFactory, give_totp

URL = reverse("invitations:city-accounts")


@pytest.fixture
def sso_legal(db):
    person = UserFactory(username="city-legal", role=LEGAL)
    SocialAccount.objects.create(user=person, provider="city", uid="legal-1")
    return person


def test_staff_see_every_city_account_with_its_sign_in_and_second_factor(
    staff, legal, sso_legal, comcast_user, login_as
):
    give_totp(legal)
    page = login_as(staff).get(URL)
    assert page.status_code == 200
    rows = {person.username: person for person in page.context["people"]}
    assert set(rows) == {"staff", "legal", "city-legal"}  # provider users are not City accounts
    assert rows["legal"].factor_labels == ["Authenticator app"] and rows["legal"].role_names == ["Legal"]
    assert rows["city-legal"].sso_links == 1
    html = page.content.decode()
    assert "City identity provider" in html and "Local password" in html
    # Staff may reset legal's factor; never their own; the SSO account has no local factor to reset.
    assert html.count("Reset second factor") == 1
    assert reverse("invitations:user-reset-second-factor", args=[legal.pk]) in html
    history = reverse("staff:history", args=["accounts", "user", legal.pk])
    assert history in html and login_as(staff).get(history).status_code == 200


def test_staff_reset_a_local_city_accounts_second_factor_from_the_page(staff, legal, login_as):
    give_totp(legal)
    response = login_as(staff).post(reverse("invitations:user-reset-second-factor", args=[legal.pk]), follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "Second factor of" in response.content.decode()
    assert not Authenticator.objects.filter(user=legal).exists()
    assert legal.history.order_by("-history_date").first().history_user == staff


@pytest.mark.parametrize("who", ["legal", "auditor"])
def test_other_city_roles_read_the_page_but_get_no_reset_button_and_cannot_reset(who, staff, legal, auditor, login_as):
    give_totp(staff)
    reader = {"legal": legal, "auditor": auditor}[who]
    client = login_as(reader)
    page = client.get(URL)
    assert page.status_code == 200 and "Reset second factor" not in page.content.decode()
    response = client.post(reverse("invitations:user-reset-second-factor", args=[staff.pk]))
    assert response.status_code == 403
    assert Authenticator.objects.filter(user=staff).exists()


def test_anonymous_and_provider_users_are_refused(client, comcast_user, login_as):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert login_as(comcast_user).get(URL).status_code == 403


def test_the_page_takes_the_same_queries_for_3_and_30_accounts(staff, login_as, django_assert_max_num_queries):
    client = login_as(staff)
    client.get(URL)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    for n in range(27):
        give_totp(UserFactory(username=f"clerk-{n}", role=LEGAL))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
