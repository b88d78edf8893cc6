"""One message after issuing a letter, and the letter page's PDF part that follows the worker (htmx)."""

import re

from django.urls import reverse

from letters import services
from letters.models import Letter

HTMX = {"HTTP_HX_REQUEST": "true"}


def issuing(fee_letter, legal2, legal):
    """Approved and issued, the PDF not made yet: the worker's task waits for the commit, which a test
    transaction never reaches."""
    services.letter_approve(letter=fee_letter, actor=legal2)
    return services.letter_issue(letter=fee_letter, actor=legal, send_email=False)


def test_issuing_from_the_page_shows_exactly_one_message(legal_client, fee_letter, legal2):
    services.letter_approve(letter=fee_letter, actor=legal2)
    page = legal_client.post(reverse("letters:issue", args=[fee_letter.pk]), {"confirm": "on"}, follow=True)
    letter = Letter.objects.get(pk=fee_letter.pk)
    assert letter.status == Letter.Status.ISSUING
    html = page.content.decode()
    main = html.split("<main", 1)[1]
    alerts = re.findall(r'class="usa-alert\b', main)
    assert len(alerts) == 1, main
    assert main.count(f"Issued as letter {letter.number}") == 1
    # The PDF's state is a part of the page, not a second notice, and it polls while the PDF is made.
    assert 'id="letter-pdf-state"' in main and 'hx-trigger="every 2s"' in main
    assert "vendor/htmx/htmx.min.js" in html


def test_the_pdf_part_polls_while_the_pdf_is_made_and_stops_once_it_is_stored(
    auditor_client, fee_letter, legal, legal2
):
    letter = issuing(fee_letter, legal2, legal)
    url = reverse("letters:pdf-state", args=[letter.pk])
    part = auditor_client.get(url, **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in part and "being made by the worker" in part
    assert "<html" not in part
    services.letter_render(letter_id=letter.pk)
    part = auditor_client.get(url, **HTMX).content.decode()
    assert "hx-trigger" not in part and "hx-get" not in part
    assert reverse("letters:pdf", args=[letter.pk]) in part


def test_the_pdf_part_stops_polling_when_the_pdf_could_not_be_made(legal_client, fee_letter, legal, legal2):
    letter = issuing(fee_letter, legal2, legal)
    services.letter_render_failed(letter_id=letter.pk, error="The printed template is missing.")
    part = legal_client.get(reverse("letters:pdf-state", args=[letter.pk]), **HTMX).content.decode()
    assert "hx-trigger" not in part
    assert "The PDF could not be made" in part and "The printed template is missing." in part


def test_the_pdf_part_without_htmx_is_the_letter_page(legal_client, issued_letter):
    response = legal_client.get(reverse("letters:pdf-state", args=[issued_letter.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:detail", args=[issued_letter.pk])


def test_the_pdf_part_is_for_city_users_only(client, comcast_client, issued_letter):
    url = reverse("letters:pdf-state", args=[issued_letter.pk])
    assert "/login/" in client.get(url, **HTMX)["Location"]
    assert comcast_client.get(url, **HTMX).status_code == 403
    assert comcast_client.post(url, **HTMX).status_code == 403


def test_an_issued_letter_page_does_not_poll(legal_client, issued_letter):
    page = legal_client.get(issued_letter.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page and "htmx.min.js" not in page
