"""Site-wide search: one index of every record staff look for, behind one interface.

Each app says, in its AppConfig.ready(), how one of its records reads in the index:

    search.register(License, build=license_document, depends=lambda provider: ...)

`build(obj)` returns a `Document` (or None to leave the record out). The index is one table,
core.SearchEntry, kept current by core/search/services.py: every save or delete of a registered
model re-writes its entry in the same transaction (post_save / post_delete), and a record whose
text shows another's (an application shows its sites' addresses) names it in `also`. The engine
is PostgreSQL full-text search plus a trigram index, or SQLite FTS5 for the embedded default
(core/search/selectors.py); callers never see which.

core knows no app: the registry holds the models the apps give it.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Document:
    """How one record reads in the index and in a result list."""

    kind: str  # what the record is, for people: "Cable license", "Small-cell application"
    title: str  # the first line of a result: a name, a reference, a number
    url: str  # the City's page of the record
    text: str  # everything a search may match: names, references, addresses, ids
    summary: str = ""  # the second line: provider, status
    provider_id: int | None = None  # the provider the record belongs to (portal search scope)
    portal_url: str = ""  # the record's portal page, when its provider may see it there
    dates: tuple[tuple[str, date], ...] = field(default_factory=tuple)  # ("Expires", date(...))


@dataclass(frozen=True)
class Registration:
    model: type
    build: object  # callable(obj) -> Document | None
    also: object = None  # callable(obj) -> iterable of other registered records to re-index
    queryset: object = None  # callable() -> the queryset a rebuild reads (select_related, prefetch)
    rewrites_owned_entries: bool = False  # the record is a provider: its new title re-writes its entries
    dependents: object = None  # callable(obj) -> records whose entries show obj's title, re-written when it changes


REGISTRY: dict[type, Registration] = {}


def register(model, *, build, also=None, queryset=None, rewrites_owned_entries=False, dependents=None):
    """Index `model`'s records with `build`; `also(obj)` names records whose entry shows `obj`;
    `queryset()` is what a full rebuild reads (so that it need not query per record);
    `rewrites_owned_entries`: the model is the provider, and when a record's title changes every
    entry whose provider_id is that record is written again (they show the provider's name);
    `dependents(obj)`: the records whose entries show `obj`'s title (a license's obligations and
    filings), written again only when that title changes, not on every save."""
    REGISTRY[model] = Registration(
        model=model,
        build=build,
        also=also,
        queryset=queryset,
        rewrites_owned_entries=rewrites_owned_entries,
        dependents=dependents,
    )
    from core.search import services

    services.connect(model)


def registration_for(model):
    for klass in model.__mro__:
        if klass in REGISTRY:
            return REGISTRY[klass]
    return None
