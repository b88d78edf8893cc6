"""Compliance letters: wording versions, letters, their audit events and
deliveries, the yearly number sequence and bulk jobs (docs/letters.md).

The tables keep the names they had before these models moved into this app
(compliance_*): the move changed Django's state only (migration 0001)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from letters import kinds as letter_kinds
from letters import workflow


class LetterLockedError(ValidationError):
    """Something asked an issued letter, a template version or an audit event to change or go away."""


def letter_pdf_path(instance, filename):
    return f"letters/{instance.issued_on:%Y}/{instance.number}.pdf"


def batch_zip_path(instance, filename):
    return f"letters/batches/{instance.pk}/{filename}"


class LetterTemplateVersion(models.Model):
    """One version of a letter kind's wording. Legal edits by saving a new
    version; no version is ever changed or deleted, and every letter names
    the version it was drafted from."""

    kind = models.CharField(max_length=40, choices=letter_kinds.CHOICES)
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    closing = models.TextField(blank=True)
    note = models.CharField("what changed", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the first version, shipped with Conduit.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(table_name="compliance_historicallettertemplateversion")

    class Meta:
        db_table = "compliance_lettertemplateversion"
        ordering = ["kind", "-number"]
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="one_letter_template_version_number")]

    def __str__(self):
        return f"{self.get_kind_display()}, version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LetterLockedError("A template version is never changed: save a new version instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("letters:template-version", args=[self.kind, self.number])

    def delete(self, *args, **kwargs):
        raise LetterLockedError("Template versions are kept for good: letters name the version they came from.")


class LetterQuerySet(models.QuerySet):
    """Bulk update() and delete() skip save(): they refuse issued letters too."""

    LOCKED = ("issuing", "issued")

    def update(self, **kwargs):
        if self.filter(status__in=self.LOCKED).exists():
            raise LetterLockedError("An issued letter can never change: issue a correction that supersedes it.")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status__in=self.LOCKED).exists():
            raise LetterLockedError("An issued letter can never be deleted.")
        return super().delete()


class Letter(models.Model):
    """A compliance letter: drafted from a record, edited and approved by
    Legal, then issued: numbered, dated, rendered to PDF and never changed.

    Issuing freezes the wording, the data, the number and the verification
    code (status "issuing"); the worker then stores the PDF and its SHA-256
    (status "issued"). From then on save() refuses any change and delete()
    refuses, here, in the queryset and in database triggers (compliance
    migration 0006, letters migrations 0002 and 0003). A correction is a new
    letter whose `supersedes` names this one.
    """

    class Status(models.TextChoices):  # the statuses of letters/workflow.py, which says what leads where
        DRAFT = workflow.DRAFT, workflow.STATUS_LABELS[workflow.DRAFT]
        APPROVED = workflow.APPROVED, workflow.STATUS_LABELS[workflow.APPROVED]
        ISSUING = workflow.ISSUING, workflow.STATUS_LABELS[workflow.ISSUING]
        ISSUED = workflow.ISSUED, workflow.STATUS_LABELS[workflow.ISSUED]
        DISCARDED = workflow.DISCARDED, workflow.STATUS_LABELS[workflow.DISCARDED]

    LOCKED_STATUSES = (Status.ISSUING, Status.ISSUED)
    # While the worker renders, only these may change, once, on the way to "issued".
    RENDER_FIELDS = ("status", "pdf", "sha256", "pdf_size", "issued_at", "render_error")

    kind = models.CharField(max_length=40, choices=letter_kinds.CHOICES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    template_version = models.ForeignKey(LetterTemplateVersion, on_delete=models.PROTECT, related_name="letters")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    closing = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="The letter's values, prefilled from the record.")
    provider = models.ForeignKey("accounts.Provider", on_delete=models.PROTECT, related_name="letters")
    source_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    source_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_type", "source_id")
    matter_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    matter_id = models.PositiveBigIntegerField(help_text="The license or application the letter belongs to.")
    matter = GenericForeignKey("matter_type", "matter_id")
    source_label = models.CharField("record", max_length=300)
    supersedes = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections")
    batch = models.ForeignKey("LetterBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="letters")
    is_illustrative = models.BooleanField(default=False, help_text="Demo data: not a letter of the City.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    number = models.CharField(max_length=30, unique=True, null=True, blank=True)
    # Printed next to the number; the public verification page shows the letter only with both
    # (letters/verification.py). Null for a letter not yet issued, or issued before codes existed.
    # Nullable without a default, so adding it is an ALTER TABLE ADD COLUMN that keeps the triggers.
    verification_code = models.CharField(
        max_length=14, null=True, blank=True, editable=False, help_text="Printed on the letter next to its number."
    )
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issue_requested_at = models.DateTimeField(null=True, blank=True)
    send_on_issue = models.BooleanField(default=False)
    rendered_data = models.JSONField(
        null=True, blank=True, help_text="Exactly what the PDF was rendered from, frozen when issued."
    )
    issued_at = models.DateTimeField(null=True, blank=True, help_text="When the PDF was stored.")
    pdf = models.FileField(upload_to=letter_pdf_path, max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, db_index=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    render_error = models.TextField(blank=True)
    history = HistoricalRecords(table_name="compliance_historicalletter")

    objects = LetterQuerySet.as_manager()

    class Meta:
        db_table = "compliance_letter"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="letter_status_created_idx"),
            models.Index(fields=["created_at"], name="letter_created_idx"),
            models.Index(fields=["issued_on"], name="letter_issued_on_idx"),
            models.Index(fields=["provider", "status", "issued_on"], name="letter_provider_issued_idx"),
            models.Index(fields=["matter_type", "matter_id"], name="letter_matter_idx"),
            models.Index(fields=["source_type", "source_id"], name="letter_source_idx"),
        ]
        constraints = [
            # A partial unique index, so that SQLite adds it with CREATE UNIQUE INDEX instead of remaking
            # the table (a remake would drop the immutability triggers and copy issued rows).
            models.UniqueConstraint(
                fields=["verification_code"],
                condition=models.Q(verification_code__isnull=False),
                name="letter_unique_verification_code",
            ),
            # One letter per record per bulk job: a job resumed after its worker died skips the records it
            # already did, and this is the last guard should two runs of the job ever overlap.
            models.UniqueConstraint(
                fields=["batch", "source_type", "source_id"],
                condition=models.Q(batch__isnull=False),
                name="letter_one_per_batch_record",
                violation_error_message="This bulk job already has its letter for this record.",
            ),
        ]

    def __str__(self):
        label = self.number or f"Draft letter #{self.pk}"
        return f"{label}: {self.get_kind_display()} to {self.data.get('provider_name') or self.provider_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk:
            rows = type(self)._base_manager.filter(pk=self.pk)
            if rows.filter(status__in=self.LOCKED_STATUSES).exists():
                # Only the columns this save would write can change (all of them without update_fields).
                update_fields = kwargs.get("update_fields")
                fields = [
                    field
                    for field in self._meta.concrete_fields
                    if update_fields is None or field.name in update_fields or field.attname in update_fields
                ]
                stored = rows.values("status", "number", *(field.attname for field in fields)).get()
                changed = self._changed_fields(stored, fields)
                if not changed:
                    return  # nothing to write: a locked row is never written again unchanged
                allowed = self.RENDER_FIELDS if stored["status"] == self.Status.ISSUING else ()
                refused = [name for name in changed if name not in allowed]
                if refused:
                    raise LetterLockedError(
                        f"Letter {stored['number']} is issued and can never change (refused: {', '.join(refused)}). "
                        "Issue a correction that supersedes it."
                    )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("letters:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        status = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
        if status in self.LOCKED_STATUSES:
            raise LetterLockedError(f"Letter {self.number} is issued and can never be deleted.")
        return super().delete(*args, **kwargs)

    def _changed_fields(self, stored, fields):
        changed = []
        for field in fields:
            value = field.value_from_object(self)
            value = getattr(value, "name", value) if isinstance(field, models.FileField) else value
            if (value or None) != (stored[field.attname] or None):
                changed.append(field.name)
        return changed

    @property
    def kind_def(self):
        return letter_kinds.get(self.kind)

    @property
    def is_locked(self):
        return self.status in self.LOCKED_STATUSES

    @property
    def source_ref(self):
        source_type = ContentType.objects.get_for_id(self.source_type_id)  # cached: no query after the first
        return f"{source_type.app_label}.{source_type.model}:{self.source_id}"


class LetterEvent(models.Model):
    """The letter's audit trail in words: who did what, when. Append-only."""

    class Kind(models.TextChoices):
        CREATED = "created", "Draft created"
        EDITED = "edited", "Draft edited"
        REFRESHED = "refreshed", "Refreshed from the record"
        NEW_WORDING = "new_wording", "Wording replaced by a newer template version"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned to draft"
        DISCARDED = "discarded", "Draft discarded"
        ISSUE_REQUESTED = "issue_requested", "Issued: number and date assigned"
        ISSUED = "issued", "PDF stored with its SHA-256"
        RENDER_FAILED = "render_failed", "PDF rendering failed"
        SENT = "sent", "Emailed"
        SEND_FAILED = "send_failed", "Email failed"
        SUPERSEDED = "superseded", "Superseded by a correction"
        RECOVERED = "recovered", "Recovered by the watchdog"

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    detail = models.TextField(blank=True)
    history = HistoricalRecords(table_name="compliance_historicalletterevent")

    class Meta:
        db_table = "compliance_letterevent"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["letter", "at"], name="letter_event_letter_at_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LetterLockedError("The letter audit trail is append-only.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.letter.get_absolute_url()

    def delete(self, *args, **kwargs):
        raise LetterLockedError("The letter audit trail is append-only.")


class LetterDelivery(models.Model):
    """One emailing of an issued letter: who asked, when, to whom, and what happened."""

    class Status(models.TextChoices):
        PENDING = "pending", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="deliveries")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    to = models.JSONField(default=list, help_text="The provider's contacts who receive notices.")
    cc = models.JSONField(default=list, help_text="Legal's copy.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When a worker took it to send.")
    recoveries = models.PositiveSmallIntegerField(
        default=0, help_text="Times the watchdog put it back in the queue after its worker stopped mid-send."
    )
    last_recovered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(table_name="compliance_historicalletterdelivery")

    class Meta:
        db_table = "compliance_letterdelivery"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "claimed_at"], name="letter_delivery_claimed_idx")]

    def __str__(self):
        return f"{self.letter} to {', '.join(self.to)} ({self.get_status_display()})"

    def get_absolute_url(self):
        return self.letter.get_absolute_url()


class LetterSequence(models.Model):
    """The last letter number given out in a year, locked while the next is taken.

    No history: every number it hands out is on a letter, whose own history
    and audit trail record it; a history row per increment would only repeat them.
    """

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "compliance_lettersequence"

    def __str__(self):
        return f"Letters of {self.year}: {self.last} issued"


class LetterBatch(models.Model):
    """One bulk job: the same letter for many records, issued by the worker, then a ZIP and a summary.

    The progress counters are bumped with a plain UPDATE so the page can poll
    them; they keep no history (the letters themselves do).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40, choices=letter_kinds.CHOICES)
    template_version = models.ForeignKey(LetterTemplateVersion, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    sources = models.JSONField(default=list, help_text="The records, as app.model:id.")
    send_email = models.BooleanField(default=False)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=list, blank=True)
    zip = models.FileField(upload_to=batch_zip_path, max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the worker last reported progress (each record done)."
    )
    recoveries = models.PositiveSmallIntegerField(
        default=0, help_text="Times the watchdog resumed the job after its worker stopped."
    )
    last_recovered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(
        table_name="compliance_historicalletterbatch", excluded_fields=["done", "failed", "summary", "heartbeat_at"]
    )

    class Meta:
        db_table = "compliance_letterbatch"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="letter_batch_created_idx")]

    def __str__(self):
        return f"Batch #{self.pk}: {self.get_kind_display()} ({self.total} records)"

    def get_absolute_url(self):
        return reverse("letters:batch-detail", args=[self.pk])

    @property
    def percent(self):
        return int(100 * (self.done + self.failed) / self.total) if self.total else 100

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
