"""How letters read in the site-wide search (core/search): by number and subject.

A provider's portal search finds only its issued letters (their PDF), as its letters page does."""

from django.urls import reverse

from core import search
from letters.models import Letter


def letter_document(letter):
    if letter.status == Letter.Status.DISCARDED:
        return None
    provider = letter.provider
    issued = letter.status == Letter.Status.ISSUED
    return search.Document(
        kind="Letter",
        title=f"{letter.number}: {letter.subject}" if letter.number else f"Draft: {letter.subject}",
        summary=f"{provider.name} · {letter.get_status_display()}",
        url=letter.get_absolute_url(),
        portal_url=reverse("portal:letter-download", args=[letter.pk]) if issued else "",
        provider_id=provider.pk,
        text=" ".join([letter.number or "", letter.subject, letter.get_kind_display(), provider.name]),
        dates=(("Issued", letter.issued_on),),
    )


def register():
    search.register(Letter, build=letter_document, queryset=lambda: Letter.objects.select_related("provider"))
