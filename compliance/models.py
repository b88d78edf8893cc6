from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class ClosureDay(models.Model):
    """A day City Hall is closed (snow emergency, declared closure): not a
    business day for shot clocks or due dates."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d}: {self.reason}"


class Deadline(models.Model):
    """One dated duty, whatever it belongs to: the single deadline list.

    Rows are written by the services that change the records they belong to
    (compliance.deadlines.deadline_sync), never by a nightly rebuild.
    `next_reminder_on` is the first day a reminder for it is due and not yet
    planned; the sweep selects on it (healthchecks' next_nag_date), so its cost
    follows the number due, not the number stored.
    """

    class Kind(models.TextChoices):
        FILING = "filing", "License filing or report"
        PAYMENT = "payment", "License payment"
        INSURANCE = "insurance", "Insurance certificate"
        BOND = "bond", "Performance bond"
        BUILD_OUT = "build_out", "Build-out milestone"
        RENEWAL = "renewal", "License renewal calendar"
        SHOT_CLOCK = "shot_clock", "Small-cell shot clock"
        PERMIT_BUILD_BY = "permit_build_by", "Permit build-by date"
        PERMIT_EXPIRY = "permit_expiry", "Permit expiry"
        OTHER = "other", "Other"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        SATISFIED = "satisfied", "Satisfied"
        WAIVED = "waived", "Waived"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_deadlines"
    )
    provider_facing = models.BooleanField(
        default=False, help_text="The provider must act: its contacts get the reminders too."
    )
    citation = models.CharField(max_length=300, blank=True)
    link = models.CharField(max_length=300, blank=True, help_text="Path of the record's page.")
    source_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_key = models.CharField(max_length=60, blank=True, default="")
    source = GenericForeignKey("source_type", "source_id")
    next_reminder_on = models.DateField(null=True, blank=True)
    satisfied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["next_reminder_on"])

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "source_key"], name="one_deadline_per_source_and_key"
            )
        ]
        indexes = [
            # The sweep: open deadlines whose next reminder is due.
            models.Index(fields=["next_reminder_on"], condition=Q(state="open"), name="deadline_reminder_due_idx"),
            models.Index(fields=["state", "due_date"], name="deadline_state_due_idx"),
            models.Index(fields=["provider", "state", "due_date"], name="deadline_provider_due_idx"),
            models.Index(fields=["owner", "state", "due_date"], name="deadline_owner_due_idx"),
        ]

    def __str__(self):
        return f"{self.title} (due {self.due_date:%Y-%m-%d})"

    def get_absolute_url(self):
        return self.link or reverse("deadline-list")


class ReminderRule(models.Model):
    """When and to whom reminders go for one kind of deadline. Staff edit it."""

    kind = models.CharField(max_length=20, choices=Deadline.Kind.choices, unique=True)
    offsets = models.JSONField(
        default=list, help_text="Days before the due date (0 = the due day), e.g. [30, 14, 7, 1, 0]."
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        default=7, help_text="After the due date, remind every N days while open (0: never)."
    )
    notify_owner = models.BooleanField(default=True, help_text="The deadline's owner on staff.")
    notify_staff = models.BooleanField(default=False, help_text="Every Staff user.")
    notify_legal = models.BooleanField(default=False, help_text="Every Legal user.")
    notify_provider = models.BooleanField(
        default=True, help_text="The provider's contacts, for duties the provider must perform."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return f"Reminders for {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("reminder-rule-edit", args=[self.pk])


class ReminderDelivery(models.Model):
    """One reminder (deadline, offset) for one recipient. The unique
    constraint is what makes a rerun or a second worker unable to send twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="deliveries")
    offset = models.SmallIntegerField(help_text="Days before the due date; negative when overdue.")
    recipient_email = models.EmailField()
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    recipient_provider = models.ForeignKey(
        "accounts.Provider",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set when the recipient is one of this provider's people: their digest holds only its deadlines.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "offset", "recipient_email"], name="one_delivery_per_deadline_offset_recipient"
            )
        ]
        indexes = [
            models.Index(fields=["status", "recipient_email"], name="delivery_status_idx"),
            models.Index(fields=["recipient_user", "read_at"], name="delivery_unread_idx"),
        ]

    def __str__(self):
        return f"{self.deadline} -> {self.recipient_email} ({self.offset:+d})"
