"""core's tables: the site-wide search index (core/search), background exports (ExportJob) and stored figures."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone


class SearchEntry(models.Model):
    """One record as the search finds it: its text, and what a result shows.

    Written only by core/search/services.py. On PostgreSQL a GIN index over
    to_tsvector('simple', text) and a trigram index over text serve the search; on
    SQLite an FTS5 table (core_searchentry_fts) follows this one through triggers
    (core/migrations/0001)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    summary = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300)
    portal_url = models.CharField(max_length=300, blank=True)
    provider_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    dates = models.JSONField(default=list, blank=True)  # [[label, "YYYY-MM-DD"], ...]
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_search_entry_per_record")
        ]
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.kind}: {self.title}"


def export_file_path(job, filename):
    return f"exports/{job.created_at:%Y/%m}/{job.pk or 'new'}-{filename}"


class ExportJob(models.Model):
    """An export too large for a request, built by the worker (core/tasks.py run_export).

    It names the list (path and query string) rather than holding rows: the
    worker runs that list's own view as the requester, so the file has the
    page's filters, columns and permission checks. The file lives in the
    default (private) storage and is served only to the requester
    (core.views.ExportDownloadView); core.services.export_jobs_purge removes
    it after settings.EXPORT_RETENTION_HOURS. Progress counters are bumped with
    a plain UPDATE so the page can poll them; plumbing, so no history table."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (.xlsx)"
        CSV = "csv", "CSV"

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=300, help_text="The list page, e.g. /permits/.")
    query = models.CharField(max_length=2000, blank=True, help_text="The list's filters, as a query string.")
    format = models.CharField(max_length=4, choices=Format.choices)
    title = models.CharField(max_length=100, blank=True, help_text="The list's export name (the file's name).")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to=export_file_path, max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="When the worker last reported progress.")
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requester", "created_at"], name="export_job_requester_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="export_job_status_idx"),
            models.Index(fields=["finished_at"], name="export_job_finished_idx"),
        ]

    def __str__(self):
        return f"Export #{self.pk} of {self.path} ({self.format})"

    def get_absolute_url(self):
        return reverse("core:export-detail", args=[self.pk])

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def download_name(self):
        return f"{self.title or 'export'}-{timezone.localtime(self.created_at):%Y-%m-%d}.{self.format}"


class StoredFigures(models.Model):
    """Figures a background job computed, kept so a page can show them without computing them.

    One row per key, replaced whole by core.services.stored_figures_put; the
    staff home's trend charts live here (staff/dashboard.py), so a cache
    flush costs the page one row read, not three years of aggregates.
    Plumbing: derived data, so no history table."""

    key = models.CharField(max_length=100, unique=True)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "stored figures"

    def __str__(self):
        return f"{self.key} ({self.computed_at:%Y-%m-%d %H:%M})"
