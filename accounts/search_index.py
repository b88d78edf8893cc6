"""How providers read in the site-wide search (core/search)."""

from accounts.models import Provider
from core import search


def provider_document(provider):
    return search.Document(
        kind="Provider",
        title=provider.name,
        summary=provider.get_kind_display(),
        url=provider.get_absolute_url(),
        provider_id=provider.pk,
        text=" ".join([provider.name, provider.short_name]),
    )


def register():
    # Every entry with this provider's id shows its name: a rename re-writes them all.
    search.register(Provider, build=provider_document, rewrites_owned_entries=True)
