"""Letter pages: who may see and do what (every view), and what the pages do."""

import pytest
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse

from letters import selectors, services
from letters.models import Letter, LetterBatch
from tests.factories import UserFactory
from tests.letters import factories

ROLES = ("staff", "legal", "auditor")
CITY = set(ROLES)
DRAFTERS = {"staff", "legal"}
LEGAL = {"legal"}


@pytest.fixture
def records(fee_letter, issued_letter, legal, fee_filing, license_, staff):
    """A draft, an issued letter and a finished batch (the issued letter is a separate draft issued)."""
    draft = factories.draft(actor=legal, kind="fee_interest", source=fee_filing)
    with TestCase.captureOnCommitCallbacks(execute=True):
        batch = services.batch_start(actor=legal, kind="cs_enforcement", sources=[f"franchise.license:{license_.pk}"])
    return {"draft": draft, "issued": issued_letter, "batch": LetterBatch.objects.get(pk=batch.pk)}


# (URL name, which record's pk, roles allowed to GET, roles allowed to POST). None: method not offered.
VIEWS = [
    ("letters:list", None, CITY, None),
    ("letters:create", None, DRAFTERS, DRAFTERS),
    ("letters:detail", "draft", CITY, None),
    ("letters:edit", "draft", DRAFTERS, DRAFTERS),
    ("letters:preview", "draft", CITY, None),
    ("letters:pdf", "issued", CITY, None),
    ("letters:pdf-state", "issued", CITY, None),
    ("letters:approve", "draft", None, LEGAL),
    ("letters:return", "draft", None, LEGAL),
    ("letters:discard", "draft", None, DRAFTERS),
    ("letters:refresh", "draft", None, DRAFTERS),
    ("letters:wording", "draft", None, DRAFTERS),
    ("letters:issue", "draft", None, LEGAL),
    ("letters:retry", "issued", None, LEGAL),
    ("letters:send", "issued", None, LEGAL),
    ("letters:correct", "issued", None, LEGAL),
    ("letters:template-list", None, CITY, None),
    ("letters:template-detail", "kind", CITY, LEGAL),
    ("letters:template-version", "version", CITY, None),
    ("letters:batch-list", None, CITY, None),
    ("letters:batch-create", None, LEGAL, LEGAL),
    ("letters:batch-detail", "batch", CITY, None),
    ("letters:batch-progress", "batch", CITY, None),
    ("letters:batch-zip", "batch", CITY, None),
]


def url_for(name, which, records):
    if which is None:
        return reverse(name)
    if which == "kind":
        return reverse(name, args=["fee_interest"])
    if which == "version":
        return reverse(name, args=["fee_interest", 1])
    return reverse(name, args=[records[which].pk])


@pytest.mark.parametrize(("name", "which", "readers", "writers"), VIEWS, ids=[v[0] for v in VIEWS])
def test_every_letter_page_lets_in_exactly_the_right_roles(
    name, which, readers, writers, records, login_as, staff, legal, auditor, comcast_user, client
):
    url = url_for(name, which, records)
    users = {"staff": staff, "legal": legal, "auditor": auditor}
    # Anonymous: sent to sign in. Provider users: refused, whatever the method.
    assert "/login/" in client.get(url)["Location"]
    provider = login_as(comcast_user)
    assert provider.get(url).status_code == 403
    assert provider.post(url).status_code == 403
    for role, user in users.items():
        browser = login_as(user)
        if readers is not None:
            status = browser.get(url).status_code
            assert (status != 403) == (role in readers), (role, "GET", status)
        if writers is not None:
            status = browser.post(url, {}).status_code
            assert (status != 403) == (role in writers), (role, "POST", status)
        else:
            assert browser.post(url, {}).status_code in (403, 405), (role, "POST")


def test_the_entry_point_shows_the_prefilled_draft_and_writes_nothing_until_asked(staff_client, fee_filing):
    url = reverse("letters:create") + f"?kind=fee_interest&source=franchise.filing:{fee_filing.pk}"
    page = staff_client.get(url)
    assert page.status_code == 200
    assert b"$5,600.00" in page.content and b"Comcast Cable Communications" in page.content
    assert not Letter.objects.exists()
    response = staff_client.post(
        reverse("letters:create"), {"kind": "fee_interest", "source": f"franchise.filing:{fee_filing.pk}"}
    )
    letter = Letter.objects.get()
    assert response["Location"] == reverse("letters:edit", args=[letter.pk])
    assert letter.status == Letter.Status.DRAFT


def test_the_entry_point_offers_the_kinds_for_a_record_and_the_records_for_a_kind(legal_client, license_, fee_filing):
    page = legal_client.get(reverse("letters:create") + f"?source=franchise.license:{license_.pk}")
    assert b"Non-compliance: notice and opportunity to cure" in page.content
    assert b"Notice of intent to enforce customer-service standards" in page.content
    assert b"Late or short payment" not in page.content  # made from a filing or a payment, not a license
    page = legal_client.get(reverse("letters:create") + "?kind=fee_interest")
    assert f"franchise.filing%3A{fee_filing.pk}".encode() in page.content


def test_the_entry_point_explains_a_bad_record(legal_client):
    page = legal_client.get(reverse("letters:create") + "?kind=fee_interest&source=franchise.filing:999")
    assert b"There is no license filing 999." in page.content


def edit_form(letter, **changes):
    from letters.forms import LetterEditForm

    form = LetterEditForm(letter=letter)
    data = {}
    for name in form.fields:
        value = form.initial.get(name, "")
        data[name] = "" if value is None else value
    data.update(changes)
    return data


def test_editing_with_an_unknown_placeholder_shows_the_message_on_the_field_and_saves_nothing(legal_client, fee_letter):
    body = fee_letter.body
    response = legal_client.post(
        reverse("letters:edit", args=[fee_letter.pk]), edit_form(fee_letter, body="Pay {{ amount_owed }}.")
    )
    assert response.status_code == 200
    assert "Unknown placeholder {{ amount_owed }}" in response.content.decode()
    assert Letter.objects.get(pk=fee_letter.pk).body == body


def test_staff_edit_a_draft_through_the_page(staff_client, fee_letter):
    response = staff_client.post(
        reverse("letters:edit", args=[fee_letter.pk]), edit_form(fee_letter, salutation="Dear Mr. Ortega:", pay_days=15)
    )
    assert response.status_code == 302
    letter = Letter.objects.get(pk=fee_letter.pk)
    assert letter.data["salutation"] == "Dear Mr. Ortega:"
    assert letter.data["pay_by"] == "2026-12-07"  # Fri Nov 20 + 15 = Sat Dec 5 -> Mon Dec 7


def test_issuing_from_the_page_needs_the_confirmation(legal_client, fee_letter, legal2):
    services.letter_approve(letter=fee_letter, actor=legal2)
    url = reverse("letters:issue", args=[fee_letter.pk])
    page = legal_client.post(url, {}, follow=True)
    assert "an issued letter can never be changed" in page.content.decode()
    assert Letter.objects.get(pk=fee_letter.pk).status == Letter.Status.APPROVED
    with TestCase.captureOnCommitCallbacks(execute=True):
        legal_client.post(url, {"confirm": "on"})
    letter = Letter.objects.get(pk=fee_letter.pk)
    assert letter.status == Letter.Status.ISSUED and letter.number == "CBO-2026-0001"


def test_the_preview_escapes_record_text_and_cannot_load_anything_foreign(legal_client, fee_letter, comcast):
    comcast.name = '<img src="https://evil.example/x.png">Comcast'
    comcast.save()
    letter = services.letter_refresh(letter=fee_letter, actor=fee_letter.created_by)
    response = legal_client.get(reverse("letters:preview", args=[letter.pk]))
    assert b'<img src="https://evil.example' not in response.content
    assert b"&lt;img src=" in response.content
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"DRAFT: NOT ISSUED" in response.content


def test_the_letter_list_costs_the_same_queries_for_many_letters(
    legal_client, fee_filing, legal, django_assert_max_num_queries
):
    for _ in range(3):
        factories.draft(actor=legal, kind="fee_interest", source=fee_filing)
    with django_assert_max_num_queries(12):
        small = legal_client.get(reverse("letters:list"))
    for _ in range(20):
        factories.draft(actor=legal, kind="fee_interest", source=fee_filing)
    with django_assert_max_num_queries(12):
        large = legal_client.get(reverse("letters:list"))
    assert small.status_code == large.status_code == 200
    assert large.content.count(b"Late or short payment") >= 23


def test_the_letter_list_exports_csv(auditor_client, issued_letter):
    response = auditor_client.get(reverse("letters:list") + "?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.getvalue().decode()
    assert "CBO-2026-0001" in text
    assert issued_letter.sha256 in text


def test_legal_saves_new_wording_and_an_unknown_placeholder_is_named(legal_client, legal):
    url = reverse("letters:template-detail", args=["cure_notice"])
    refused = legal_client.post(url, {"subject": "Notice", "body": "Pay {{ fee_due }}.", "closing": "", "note": "x"})
    assert "Unknown placeholder {{ fee_due }}" in refused.content.decode()
    saved = legal_client.post(
        url,
        {"subject": "Notice: {{ license_title }}", "body": "Cure by {{ cure_by }}.", "closing": "", "note": "Short"},
    )
    assert saved.status_code == 302
    assert list(services.LetterTemplateVersion.objects.filter(kind="cure_notice").values_list("number", flat=True)) == [
        2,
        1,
    ]
    page = legal_client.get(url)
    assert b"Short" in page.content and b"Conduit (first version)" in page.content


def test_the_record_include_lists_the_letters_of_a_license_and_offers_drafting(issued_letter, license_, legal):
    html = render_to_string(
        "letters/_record_letters.html",
        {
            "letters": selectors.letters_for(license_),
            "letter_kinds": selectors.letter_kinds_for(license_),
            "is_legal": True,
        },
    )
    assert "CBO-2026-0001" in html  # made from the license's fee report, shown on the license
    assert f"kind=cure_notice&amp;source=franchise.license%3A{license_.pk}" in html
    html = render_to_string(
        "letters/_record_letters.html",
        {"letters": selectors.letters_for(license_), "letter_kinds": selectors.letter_kinds_for(license_)},
    )
    assert "Draft a letter" not in html  # Auditors (no can_write, no is_legal) get no drafting links


def test_a_superuser_reads_the_admin_list_of_letters(issued_letter, client):
    client.force_login(UserFactory(username="it", is_superuser=True, is_staff=True))
    assert b"CBO-2026-0001" in client.get(reverse("admin:letters_letter_changelist")).content


def test_the_letter_page_costs_the_same_queries_however_long_its_record(
    legal_client, issued_letter, legal, django_assert_max_num_queries
):
    url = reverse("letters:detail", args=[issued_letter.pk])
    with django_assert_max_num_queries(20):
        assert legal_client.get(url).status_code == 200
    for _ in range(8):
        services.letter_send(letter=issued_letter, actor=legal, enqueue=False)
    with django_assert_max_num_queries(20):
        page = legal_client.get(url)
    assert page.content.count(b"Queued") == 8
