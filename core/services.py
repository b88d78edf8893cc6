"""Plumbing shared by every app's services."""

import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone


def apply_fields(instance, values, *, allowed):
    """Set `values` (name -> value) on `instance`; every name must be in `allowed`.

    Returns the names whose value differs from what the instance held. A name
    outside `allowed` is refused with a ValidationError that names it, and
    nothing is set. Nothing is saved: the caller runs full_clean() and save().
    """
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValidationError(
            f"{type(instance).__name__}: these fields cannot be set here: {', '.join(sorted(unknown))}.",
            code="unknown_field",
        )
    changed = set()
    for name, value in values.items():
        if _stored_value(instance, name) != (value.pk if isinstance(value, models.Model) else value):
            changed.add(name)
        setattr(instance, name, value)
    return changed


def _stored_value(instance, name):
    """The instance's value for `name`; for a foreign key its id, read without a query."""
    try:
        return instance._meta.get_field(name).value_from_object(instance)
    except FieldDoesNotExist:
        return getattr(instance, name)


# Background exports (core.models.ExportJob) ------------------------------------------
#
# core sits below accounts, so these cannot use accounts.audit.acting_as; an ExportJob
# keeps no history table, and its `requester` column names who asked.

EXPORT_ROWS_PER_HEARTBEAT = 1000
EXPORT_MAX_ATTEMPTS = 3
DEFAULT_EXPORT_RETENTION_HOURS = 48
DEFAULT_RECOVERY_MARGIN_SECONDS = 60


def export_job_create(*, actor, path, query, format):
    """Queue an export of the list at `path` (filtered by `query`) for `actor`, who must be able to open it.

    Raises ValidationError for a format or a list that cannot be exported and
    PermissionDenied when `actor` may not see the list."""
    from core.lists import export_source
    from core.models import ExportJob

    if format not in ExportJob.Format.values:
        raise ValidationError("Choose Excel (.xlsx) or CSV.", code="bad_format")
    if not isinstance(path, str) or not path.startswith("/") or len(path) > 300 or len(query or "") > 2000:
        raise ValidationError("That is not a list that can be exported.", code="bad_list")
    source = export_source(user=actor, path=path, query=query or "")
    with transaction.atomic():
        job = ExportJob(requester=actor, path=path, query=query or "", format=format, title=source.filename)
        job.full_clean()
        job.save()
        transaction.on_commit(lambda: _queue_export(job.pk))
    return job


def _queue_export(job_id):
    from django_q.tasks import async_task

    # Its own time limit: a large .xlsx takes longer than Q_CLUSTER's timeout for ordinary tasks.
    async_task("core.tasks.run_export", job_id, timeout=getattr(settings, "EXPORT_JOB_TIMEOUT", 3600))


def export_job_run(*, job_id):
    """Build the file of a queued export, as its requester, reporting progress; the worker's task.

    Claims the job first (queued -> running), so a second delivery of the same task does nothing."""
    from core.exports import write_export
    from core.lists import export_source
    from core.models import ExportJob

    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().select_related("requester").filter(pk=job_id).first()
        if job is None or job.status != ExportJob.Status.QUEUED:
            return job
        job.status, job.started_at, job.heartbeat_at = ExportJob.Status.RUNNING, now, now
        job.attempts += 1
        job.rows_done, job.error = 0, ""
        job.save(update_fields=["status", "started_at", "heartbeat_at", "attempts", "rows_done", "error"])
    try:
        source = export_source(user=job.requester, path=job.path, query=job.query)
    except PermissionDenied:
        return export_job_fail(job_id=job.pk, error="You can no longer open that list, so it was not exported.")
    total = source.total()
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total, heartbeat_at=timezone.now())

    def progress(count):
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
            rows_done=count, heartbeat_at=timezone.now()
        )

    with tempfile.TemporaryFile() as out:
        count = write_export(
            columns=source.columns,
            rows=source.rows(),
            fmt=job.format,
            out=out,
            title=source.filename,
            progress=progress,
            every=EXPORT_ROWS_PER_HEARTBEAT,
        )
        out.seek(0)
        with transaction.atomic():
            job = ExportJob.objects.select_for_update().get(pk=job.pk)
            if job.status != ExportJob.Status.RUNNING:  # recovered or failed meanwhile: that run wins
                return job
            job.file.save(job.download_name, File(out), save=False)
            job.status, job.finished_at = ExportJob.Status.DONE, timezone.now()
            job.rows_done, job.rows_total = count, max(count, total)
            job.full_clean()
            job.save()
    return job


def export_job_fail(*, job_id, error):
    """Mark an export failed with a plain-words reason (shown on its page)."""
    from core.models import ExportJob

    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status == ExportJob.Status.DONE:
            return job
        job.status, job.error, job.finished_at = ExportJob.Status.FAILED, str(error)[:2000], timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
    return job


def export_stall_limit():
    """How long a running export may go without a heartbeat before it counts as abandoned: the longest a
    django-q2 task may live (its timeout, or the ORM broker's retry) plus a margin."""
    q_cluster = settings.Q_CLUSTER
    longest = max(int(q_cluster.get("timeout") or 0), int(q_cluster.get("retry") or 0))
    margin = getattr(settings, "WORKER_RECOVERY_MARGIN", DEFAULT_RECOVERY_MARGIN_SECONDS)
    return timedelta(seconds=longest + int(margin))


def export_jobs_recover(*, now=None):
    """Queue again the exports a killed worker left running (no heartbeat within the stall limit), or fail
    them after EXPORT_MAX_ATTEMPTS tries. Returns (requeued, failed)."""
    from core.models import ExportJob

    now = now or timezone.now()
    cutoff = now - export_stall_limit()
    requeued = failed = 0
    stalled = ExportJob.objects.filter(status=ExportJob.Status.RUNNING, heartbeat_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    for pk in list(stalled):
        with transaction.atomic():
            job = ExportJob.objects.select_for_update().get(pk=pk)
            if job.status != ExportJob.Status.RUNNING or job.heartbeat_at >= cutoff:
                continue
            if job.attempts >= EXPORT_MAX_ATTEMPTS:
                job.status, job.finished_at = ExportJob.Status.FAILED, now
                job.error = f"The worker stopped {job.attempts} times while preparing this export. Try a smaller list."
                job.save(update_fields=["status", "finished_at", "error"])
                failed += 1
                continue
            job.status, job.rows_done = ExportJob.Status.QUEUED, 0
            job.save(update_fields=["status", "rows_done"])
            transaction.on_commit(lambda pk=pk: _queue_export(pk))
            requeued += 1
    return requeued, failed


def export_jobs_purge(*, now=None):
    """Delete finished exports (and their files) older than settings.EXPORT_RETENTION_HOURS. Returns how many."""
    from core.models import ExportJob

    now = now or timezone.now()
    hours = getattr(settings, "EXPORT_RETENTION_HOURS", DEFAULT_EXPORT_RETENTION_HOURS)
    old = ExportJob.objects.filter(
        status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED], finished_at__lt=now - timedelta(hours=hours)
    )
    removed = 0
    for job in old.iterator():
        with transaction.atomic():
            if job.file:
                job.file.delete(save=False)
            job.delete()
        removed += 1
    return removed


def stored_figures_put(*, key, data, computed_at=None):
    """Replace the figures stored under `key` (derived data a job or a page computed; no actor, no history).
    update_or_create locks the row (or inserts it) in a transaction of its own."""
    from core.models import StoredFigures

    computed_at = computed_at or timezone.now()
    figures, _ = StoredFigures.objects.update_or_create(key=key, defaults={"data": data, "computed_at": computed_at})
    return figures
