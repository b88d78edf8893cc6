"""Deadlines (the one list of dated duties), reminder rules, reminder
deliveries and the weekly still-overdue roll-up (docs/deadlines.md).

The tables keep the names they had before these models moved into this app
(compliance_*): the move changed Django's state only (migration 0001)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.roles import LEGAL, STAFF


class Deadline(models.Model):
    """One dated duty, whatever it belongs to: the single deadline list.

    Rows are written by the services that change the records they belong to
    (deadlines.sync.deadline_sync), never by a nightly rebuild.
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
    history = HistoricalRecords(table_name="compliance_historicaldeadline", excluded_fields=["next_reminder_on"])

    class Meta:
        db_table = "compliance_deadline"
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
            # The weekly roll-up: open deadlines of a kind, oldest first.
            models.Index(fields=["kind", "due_date"], condition=Q(state="open"), name="deadline_open_kind_due_idx"),
        ]

    def __str__(self):
        return f"{self.title} (due {self.due_date:%Y-%m-%d})"

    def get_absolute_url(self):
        return self.link or reverse("deadlines:list")


class ReminderRule(models.Model):
    """When and to whom reminders go for one kind of deadline. Staff edit it."""

    kind = models.CharField(max_length=20, choices=Deadline.Kind.choices, unique=True)
    offsets = models.JSONField(
        default=list, help_text="Days before the due date (0 = the due day), e.g. [30, 14, 7, 1, 0]."
    )
    overdue_daily_days = models.PositiveSmallIntegerField(
        "daily overdue reminders",
        default=7,
        help_text="After the due date, remind every day for this many days (0: none).",
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        "then once more after",
        default=7,
        help_text="After the daily ones, one more reminder N days later, escalated (0: none). Then the "
        "deadline is in the weekly Still overdue list instead.",
    )
    escalate_to = models.CharField(
        max_length=20,
        choices=[("", "Nobody more"), (STAFF, "Every Staff user"), (LEGAL, "Every Legal user")],
        default=STAFF,
        blank=True,
        help_text="The repeat after the daily ones, and the weekly Still overdue list, go to this role too.",
    )
    notify_owner = models.BooleanField(default=True, help_text="The deadline's owner on staff.")
    notify_staff = models.BooleanField(default=False, help_text="Every Staff user.")
    notify_legal = models.BooleanField(default=False, help_text="Every Legal user.")
    notify_provider = models.BooleanField(
        default=True, help_text="The provider's contacts, for duties the provider must perform."
    )
    history = HistoricalRecords(table_name="compliance_historicalreminderrule")

    class Meta:
        db_table = "compliance_reminderrule"
        ordering = ["kind"]

    def __str__(self):
        return f"Reminders for {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("deadlines:rule-edit", args=[self.pk])


class ReminderDelivery(models.Model):
    """One reminder (deadline, offset) for one recipient. The unique
    constraint is what makes a rerun or a second worker unable to send twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        CANCELLED = "cancelled", "Cancelled: the deadline closed first"

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
    cancel_reason = models.CharField(max_length=200, blank=True)
    message_id = models.CharField(
        "Message-ID",
        max_length=200,
        blank=True,
        help_text="Of the digest that carried it: the same on a re-send after a crash, so mail clients can drop it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "compliance_reminderdelivery"
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


class ReminderRollup(models.Model):
    """One weekly "Still overdue" roll-up for one recipient (deadlines.reminders).

    A deadline past its last reminder of its own (reminder_schedule: the
    daily overdue phase and one escalated repeat) is listed here instead, in
    each recipient's digest on the roll-up day. The row records that this
    recipient's roll-up for this week was planned and whether it went out;
    what it lists is read when it is sent, so a deadline closed meanwhile is
    not in it. The unique (week, recipient_email, provider_key) is what makes
    a rerun or a second sweep unable to send it twice. `provider_key` is the
    provider's id for a provider's people (one roll-up per provider they
    speak for) and 0 for City users: a number, not a nullable key, because
    SQL treats NULLs as distinct and the constraint would not hold.

    The row with an empty `recipient_email` is the week's marker: written in
    the same transaction as the week's rows, it tells later runs that week
    the roll-up was planned (one indexed lookup), so a crashed planning run is
    planned again by the next hourly run and a finished one is not.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        CANCELLED = "cancelled", "Cancelled: nothing left to list"
        MARKER = "marker", "The week's roll-up was planned"

    week = models.DateField(help_text="The roll-up day (Monday) of the ISO week it belongs to.")
    recipient_email = models.EmailField(blank=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    recipient_provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    provider_key = models.PositiveBigIntegerField(default=0, help_text="The provider's id, or 0 for a City user.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    message_id = models.CharField("Message-ID", max_length=200, blank=True)
    listed = models.PositiveIntegerField(default=0, help_text="How many long-overdue deadlines it counted when sent.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "compliance_reminderrollup"
        ordering = ["-week", "recipient_email"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "recipient_email", "provider_key"], name="one_rollup_per_recipient_and_week"
            )
        ]
        indexes = [models.Index(fields=["status", "recipient_email"], name="rollup_status_idx")]

    def __str__(self):
        return f"Still overdue, week of {self.week:%Y-%m-%d} -> {self.recipient_email or '(marker)'}"
