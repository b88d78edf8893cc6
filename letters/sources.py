"""Letters prefilled from the records they are about, through a registry of sources.

A letter is made from a record, named by a reference "app.model:id"
(`franchise.filing:12`, `franchise.license:3`, `franchise.payment:7`,
`permits.permitapplication:5`). This module reads the record and returns the
letter's values: the editable ones (`prefill`) and the computed ones
(`computed`), which are worked out again on every save of a draft and, for
good, on the issue date.

Letters sits below the apps that own the records, so it never imports them.
Each of those apps registers, from its AppConfig.ready():

- a `LetterSource` for each kind of record letters are made from: how to
  load it, its matter (the license or application it belongs to), its
  provider, its title and the letter's reference line;
- a `KindHooks` for each letter kind it owns (letters/kinds.py): the values
  prefilled from the record, the computed values, the records a bulk job
  can use, the warning Legal sees before issue, and what issuing does to the
  record.

franchise/letter_sources.py registers the license, filing and payment
letters (fees from franchise/fees.py through the fee ledger, the renewal
window from franchise/renewal.py, customer-service results from
franchise/scorecard.py). permits/letter_sources.py registers the small-cell
letters (the shot clock from permits/shotclock.py; on issue,
permits/letter_clock.py records the clock event). The rules come from those
pure modules, never re-implemented here.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.core.exceptions import ValidationError

from accounts.roles import LEGAL, has_role
from letters import kinds

SOURCE_REF = re.compile(r"\A([a-z_]+)\.([a-z_]+):(\d+)\Z")
DEFAULT_SIGNATORY_TITLE = "Law Department, City of Boston"
DEFAULT_CC = "Cable & Broadband Office, City of Boston"


# The registry --------------------------------------------------------------------


def _no_prefetches():
    return []


@dataclass(frozen=True)
class LetterSource:
    """A kind of record letters are made from, named by its model label ("app.model")."""

    label: str
    name: str  # with its article, for messages: "a license filing"
    related: Callable  # queryset -> queryset with what the letter reads (select_related, prefetch_related)
    matter: Callable  # record -> the license or application the letter belongs to (its case)
    provider: Callable  # record -> the provider the letter is sent to
    title: Callable  # record -> how pages and the letter name it
    reference: Callable  # record -> the letter's "Re:" line
    letter_prefetches: Callable = _no_prefetches  # () -> Prefetch objects for a letter's page


@dataclass(frozen=True)
class KindHooks:
    """What the app owning a letter kind's records does for it. Only `prefill` and `candidates` are required."""

    kind: str  # a code of letters/kinds.py
    prefill: Callable  # (record, today) -> editable values
    candidates: Callable  # (today, period) -> [Candidate]
    computed: Callable | None = None  # (record, data, on, calendar) -> (values, notes for Legal)
    check: Callable | None = None  # (record) -> None; ValidationError when the record cannot have this letter
    nil_effect_warning: Callable | None = None  # (record, on, calendar) -> "" or the warning Legal must confirm
    on_issue: Callable | None = None  # (letter=, actor=, issue_date=) -> what it recorded, or None


_SOURCES = {}
_KINDS = {}


def register(*entries):
    """Add LetterSource and KindHooks entries; each app calls it from its AppConfig.ready()."""
    for entry in entries:
        if isinstance(entry, LetterSource):
            if not any(entry.label in kind.sources for kind in kinds.KINDS.values()):
                raise ValueError(f"No letter kind is made from {entry.label} (letters/kinds.py).")
            _SOURCES[entry.label] = entry
        elif isinstance(entry, KindHooks):
            kinds.get(entry.kind)
            _KINDS[entry.kind] = entry
        else:
            raise TypeError(f"Not a LetterSource or KindHooks: {entry!r}")


def registered_sources():
    return dict(_SOURCES)


def registered_kinds():
    return dict(_KINDS)


def _source_type(label):
    try:
        return _SOURCES[label]
    except KeyError:
        raise LookupError(f"No app registered {label} as a letter source.") from None


def _hooks(kind_code):
    try:
        return _KINDS[kind_code]
    except KeyError:
        raise LookupError(f"No app registered the letter kind {kind_code}.") from None


def letter_prefetches():
    """Prefetch objects the registered sources add to a letter's page (the records issuing it linked)."""
    return [prefetch for source in _SOURCES.values() for prefetch in source.letter_prefetches()]


# Records -------------------------------------------------------------------------


def ref_for(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"


def model_label(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def load_source(ref):
    """The record a reference names, with what the letter reads from it; ValidationError if there is none."""
    match = SOURCE_REF.match((ref or "").strip())
    if not match or f"{match[1]}.{match[2]}" not in _SOURCES:
        raise ValidationError(
            {
                "source": f"“{ref}” is not a record a letter can be made from: give app.model:id, for example "
                "franchise.filing:12 or permits.permitapplication:5."
            }
        )
    source_type = _SOURCES[f"{match[1]}.{match[2]}"]
    model = apps.get_model(match[1], match[2])
    source = source_type.related(model._default_manager.all()).filter(pk=int(match[3])).first()
    if source is None:
        raise ValidationError({"source": f"There is no {source_type.name[2:]} {match[3]}."})
    return source


def check_source(kind_code, source):
    kind = kinds.get(kind_code)
    if model_label(source) not in kind.sources:
        allowed = " or ".join(_source_type(name).name for name in kind.sources)
        given = _source_type(model_label(source)).name
        raise ValidationError({"source": f"A letter “{kind.label}” is made from {allowed}, not from {given}."})
    check = _hooks(kind_code).check
    if check is not None:
        check(source)


def matter_of(source):
    """The license or application a letter belongs to (its case)."""
    return _source_type(model_label(source)).matter(source)


def provider_of(source):
    return _source_type(model_label(source)).provider(source)


def label_of(source):
    return _source_type(model_label(source)).title(source)


def is_illustrative(source):
    return bool(provider_of(source).is_illustrative or getattr(matter_of(source), "is_illustrative", False))


# Prefill -------------------------------------------------------------------------


def _common(source, actor):
    provider = provider_of(source)
    contact = provider.contacts.filter(receives_notices=True).order_by("name", "id").first()
    if contact:
        attention = f"{contact.name}, {contact.title}" if contact.title else contact.name
        salutation = f"Dear {contact.name}:"
    else:
        attention, salutation = "", "Dear Sir or Madam:"
    return {
        "provider_name": provider.name,
        "recipient_address": "\n".join(provider.mailing_address_lines[1:]),
        "attention": attention,
        "salutation": salutation,
        "reference": _source_type(model_label(source)).reference(source),
        "signatory_name": actor.get_full_name() if actor is not None and has_role(actor, LEGAL) else "",
        "signatory_title": DEFAULT_SIGNATORY_TITLE,
        "cc": DEFAULT_CC,
    }


def _as_json(kind_code, values):
    fields = kinds.field_map(kind_code)
    return {name: kinds.to_json(fields[name], value) for name, value in values.items() if name in fields}


def prefill(kind_code, source, *, actor, today, calendar):
    """Every value of a new draft: editable values from the record, then the computed ones. Returns (data, notes)."""
    check_source(kind_code, source)
    data = _as_json(kind_code, {**_common(source, actor), **_hooks(kind_code).prefill(source, today)})
    values, notes = computed(kind_code, source, data, on=today, calendar=calendar)
    return {**data, **values}, notes


# Computed values -----------------------------------------------------------------


def computed(kind_code, source, data, *, on, calendar):
    """The values worked out from the record and the date `on` (today for a draft, the issue date when issued).

    Returns (values as the letter's JSON stores them, notes for Legal).
    """
    hooks = _KINDS.get(kind_code)
    compute = hooks.computed if hooks else None
    values, notes = compute(source, data, on, calendar) if compute else ({}, [])
    values = {**values, **kinds.after_issue(kind_code, {**data, **_as_json(kind_code, values)}, on, calendar)}
    return _as_json(kind_code, values), notes


def nil_effect_warning(kind_code, source, on, calendar):
    """For Legal, before issue: why the letter has no effect it would be expected to have; "" when there is none.

    Today only an incompleteness notice that moves no shot clock warns
    (permits/letter_sources.py).
    """
    hooks = _KINDS.get(kind_code)
    if hooks is None or hooks.nil_effect_warning is None:
        return ""
    return hooks.nil_effect_warning(source, on, calendar)


def on_issue(letter, *, actor, issue_date):
    """What issuing the letter records on its source (a small-cell letter's clock event); inside letter_issue's
    transaction. Returns what was recorded, or None."""
    hooks = _KINDS.get(letter.kind)
    if hooks is None or hooks.on_issue is None:
        return None
    return hooks.on_issue(letter=letter, actor=actor, issue_date=issue_date)


# Candidates for bulk letters and for drafting without a record in hand ----------


@dataclass(frozen=True)
class Candidate:
    ref: str
    label: str
    provider: str
    detail: str = ""


def last_quarter(today):
    """(first day, last day) of the calendar quarter before the one holding `today`."""
    first_this = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    last = first_this - timedelta(days=1)
    return last.replace(month=3 * ((last.month - 1) // 3) + 1, day=1), last


def candidates(kind_code, *, today, period="all"):
    """Records a letter of this kind could be made from now, for the bulk page and the "new letter" page."""
    return _hooks(kind_code).candidates(today, period)
