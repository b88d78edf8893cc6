"""Read-only audit history: who changed what, when, field by field."""

import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.http import Http404

from core.pagination import KeysetPaginator, past

HIDDEN_FIELDS = {"calendar_token"}


@dataclass
class FieldChange:
    label: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    reason: str
    changes: list = field(default_factory=list)


KIND_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _is_project_app(app_label):
    """An app of this project (under BASE_DIR), not Django's or a library's
    (whose code sits under the virtualenv, which may itself be under BASE_DIR)."""
    path = Path(apps.get_app_config(app_label).path).resolve()
    return Path(settings.BASE_DIR).resolve() in path.parents and Path(sys.prefix).resolve() not in path.parents


def tracked_model(app_label, model_name):
    """The model behind a history URL, only if it keeps history."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404("No such record type.") from error
    if not hasattr(model, "history") or not _is_project_app(model._meta.app_label):
        raise Http404("That record type keeps no history.")
    return model


def _display(model, name, value, related_cache):
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return value
    if isinstance(model_field, models.ManyToManyField) and isinstance(value, list):
        # many-to-many snapshot: a list of through-row dicts
        target = model_field.related_model
        ids = [row.get(model_field.m2m_reverse_field_name()) for row in value]
        names = {obj.pk: str(obj) for obj in target._default_manager.filter(pk__in=ids)}
        return ", ".join(names.get(pk, f"#{pk}") for pk in ids) or "(none)"
    if isinstance(model_field, models.ForeignKey) and value is not None:
        key = (model_field.related_model, value)
        if key not in related_cache:
            obj = model_field.related_model._default_manager.filter(pk=value).first()
            related_cache[key] = str(obj) if obj else f"#{value} (deleted)"
        return related_cache[key]
    if isinstance(value, (list, dict)):  # a JSON field
        return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
    if model_field.choices and value is not None:
        return dict(model_field.flatchoices).get(value, value)
    if value in ("", None):
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def _label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name


HISTORY_PAGE_SIZE = 50


def _entry(model, record, previous, excluded, related_cache):
    """One history row as an entry: its diff against `previous` (the row before it), or, for the
    first row of a record, every field it was created with."""
    entry = HistoryEntry(
        when=record.history_date,
        who=record.history_user,
        kind=KIND_LABELS.get(record.history_type, record.history_type),
        reason=record.history_change_reason or "",
    )
    if previous is None:
        for f in model._meta.concrete_fields:
            if f.attname in excluded or not hasattr(record, f.attname):
                continue
            value = getattr(record, f.attname)
            if value in ("", None):
                continue
            entry.changes.append(
                FieldChange(_label(model, f.name), None, _display(model, f.name, value, related_cache))
            )
        return entry
    delta = record.diff_against(previous)
    for change in delta.changes:
        if change.field in excluded:
            continue
        entry.changes.append(
            FieldChange(
                _label(model, change.field),
                _display(model, change.field, change.old, related_cache),
                _display(model, change.field, change.new, related_cache),
            )
        )
    return entry


def history_entries(model, pk, cursor=None, per_page=HISTORY_PAGE_SIZE):
    """One page of a record's history, newest first, each row with its diff: (entries, page).

    A keyset page (core.pagination) over (history_date, history_id) descending, so the
    last page costs what the first does; diffs are worked out only for the page's rows,
    with one more query for the row just before the page's oldest (its "before" values).
    Raises Http404 when the record has no history at all."""
    pk_name = model._meta.pk.attname
    records = model.history.filter(**{pk_name: pk}).select_related("history_user")
    paginator = KeysetPaginator(records.order_by("-history_date", "-history_id"), per_page)
    page = paginator.page(cursor)
    paginator.count  # noqa: B018 - counted now, one page or many, so every page makes the same queries
    rows = list(page.object_list)
    if not rows:
        raise Http404("No history for that record.")
    oldest = rows[-1]
    before = (
        records.filter(past(paginator.keys, [key.value_of(oldest) for key in paginator.keys]))
        .order_by("-history_date", "-history_id")
        .first()
        if page.has_next()
        else None
    )
    excluded = {"id", *HIDDEN_FIELDS}
    related_cache = {}
    previous_of = [*rows[1:], before]
    page.object_list = [
        _entry(model, record, previous, excluded, related_cache)
        for record, previous in zip(rows, previous_of, strict=True)
    ]
    return page.object_list, page
