"""core's one table: the site-wide search index (core/search)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


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
