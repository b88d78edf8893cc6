"""Writes to the search index: one entry per registered record, re-written with the record.

Every save and delete of a registered model re-writes its entry in the same transaction
(post_save / post_delete), so whatever service changed the record also changed the index.
Writes that skip signals (queryset.update, bulk_create in the demo seeding) are followed by
`rebuild()`, which `manage.py rebuild_search_index` also runs. The database keeps the engine's
own structures in step with the table (core/migrations/0001): a generated tsvector column on
PostgreSQL, an FTS5 table with triggers on SQLite."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core import search
from core.models import SearchEntry

BATCH = 2000


def connect(model):
    uid = f"core.search:{model._meta.label}"
    post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}:save", weak=False)
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}:delete", weak=False)


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the rows arrive as they are; rebuild afterwards
        return
    reindex(instance)


def _deleted(sender, instance, **kwargs):
    remove(instance)


def _entry_fields(document):
    return {
        "kind": document.kind[:60],
        "title": document.title[:300],
        "summary": document.summary[:300],
        "url": document.url[:300],
        "portal_url": document.portal_url[:300],
        "provider_id": document.provider_id,
        "dates": [[label, day.isoformat()] for label, day in document.dates if day],
        "text": " ".join(document.text.split()),
    }


def reindex(obj, _seen=None):
    """Write `obj`'s entry as its registration builds it (or remove it when it builds none),
    then the entries of the records that show `obj` (its `also`)."""
    registration = search.registration_for(type(obj))
    if registration is None or obj.pk is None:
        return
    seen = _seen if _seen is not None else set()
    key = (registration.model, obj.pk)
    if key in seen:
        return
    seen.add(key)
    content_type = ContentType.objects.get_for_model(registration.model)
    document = registration.build(obj)
    with transaction.atomic():
        entries = SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk)
        before = entries.values_list("title", flat=True).first()
        if document is None:
            entries.delete()
        else:
            SearchEntry.objects.update_or_create(
                content_type=content_type, object_id=obj.pk, defaults=_entry_fields(document)
            )
        renamed = document is not None and before not in (None, document.title)
        if renamed and registration.rewrites_owned_entries:
            _rewrite_owned(obj.pk, content_type, seen)
        if renamed and registration.dependents is not None:
            for other in registration.dependents(obj):
                reindex(other, seen)
    _also(registration, obj, seen)


def _rewrite_owned(provider_id, own_type, seen):
    """Every entry of the provider's records, written again (after the provider's name changed)."""
    owned = (
        SearchEntry.objects.filter(provider_id=provider_id)
        .exclude(content_type=own_type)
        .values_list("content_type_id", "object_id")
    )
    by_type = {}
    for type_id, object_id in owned.iterator():
        by_type.setdefault(type_id, []).append(object_id)
    for type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        registration = search.registration_for(model) if model else None
        if registration is None:
            continue
        queryset = registration.queryset() if registration.queryset else model._default_manager.all()
        for obj in queryset.filter(pk__in=object_ids).iterator(chunk_size=BATCH):
            reindex(obj, seen)


def remove(obj):
    registration = search.registration_for(type(obj))
    if registration is None or obj.pk is None:
        return
    content_type = ContentType.objects.get_for_model(registration.model)
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()
    _also(registration, obj, {(registration.model, obj.pk)})


def _also(registration, obj, seen):
    if registration.also is None:
        return
    for other in registration.also(obj) or ():
        if other is not None and other.pk is not None:
            reindex(other, seen)


def rebuild(models=None):
    """Write every entry again from the records (all registered models, or `models`). Returns the count."""
    total = 0
    for registration in list(search.REGISTRY.values()):
        if models and registration.model not in models:
            continue
        content_type = ContentType.objects.get_for_model(registration.model)
        queryset = registration.queryset() if registration.queryset else registration.model._default_manager.all()
        with transaction.atomic():
            SearchEntry.objects.filter(content_type=content_type).delete()
            batch = []
            for obj in queryset.order_by("pk").iterator(chunk_size=BATCH):
                document = registration.build(obj)
                if document is not None:
                    batch.append(SearchEntry(content_type=content_type, object_id=obj.pk, **_entry_fields(document)))
                if len(batch) >= BATCH:
                    total += _flush(batch)
            total += _flush(batch)
    return total


def _flush(batch):
    if not batch:
        return 0
    SearchEntry.objects.bulk_create(batch, batch_size=BATCH)
    count = len(batch)
    batch.clear()
    return count
