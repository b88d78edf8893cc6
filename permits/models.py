"""Small-cell permit applications, their sites, clock events and permits.

The shot clock itself is computed by the pure engine (permits/shotclock.py)
from the events; the application stores the latest result (deadline, state,
tolled days) so the queue can sort and filter on it cheaply. The services
recompute it whenever an event, a site or a City closure day changes.
"""

from datetime import date, timedelta
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.models import Provider
from permits import fees, shotclock


class Category(models.TextChoices):
    SWF_COLLOCATION = (
        shotclock.SWF_COLLOCATION,
        "Small wireless facility, collocation on an existing structure (60 days)",
    )
    SWF_NEW_STRUCTURE = shotclock.SWF_NEW_STRUCTURE, "Small wireless facility on a new structure (90 days)"
    COLLOCATION = shotclock.COLLOCATION, "Other collocation, not a small wireless facility (90 days)"
    NEW_STRUCTURE = shotclock.NEW_STRUCTURE, "Other new structure, e.g. a macro tower (150 days)"
    ELIGIBLE_FACILITIES = shotclock.ELIGIBLE_FACILITIES, "Eligible facilities request, section 6409(a) (60 days)"


CATEGORY_SHORT = {
    Category.SWF_COLLOCATION: "SWF collocation",
    Category.SWF_NEW_STRUCTURE: "SWF new structure",
    Category.COLLOCATION: "Collocation, non-SWF",
    Category.NEW_STRUCTURE: "New structure, non-SWF",
    Category.ELIGIBLE_FACILITIES: "6409(a) request",
}


class ClockState(models.TextChoices):
    RUNNING = shotclock.RUNNING, "Running"
    TOLLED = shotclock.TOLLED, "Tolled"
    MET = shotclock.MET, "Met"
    MISSED = shotclock.MISSED, "Missed"
    WITHDRAWN = shotclock.STATE_WITHDRAWN, "Withdrawn"


QUEUE_LAST = date(9999, 12, 31)


class PermitApplication(models.Model):
    # What a person edits: the application form and services.application_update (the applicant only
    # when the application is logged: a wrong applicant is a new application).
    EDITABLE_FIELDS = (
        "reference",
        "applicant",
        "category",
        "submitted_on",
        "assigned_reviewer",
        "description",
    )

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        INCOMPLETE = "incomplete", "Incomplete"
        UNDER_REVIEW = "under_review", "Under review"
        APPROVED = "approved", "Approved"
        DENIED = "denied", "Denied"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DEEMED_GRANTED = "deemed_granted", "Deemed granted"

    OPEN_STATUSES = (Status.RECEIVED, Status.INCOMPLETE, Status.UNDER_REVIEW)

    reference = models.CharField(max_length=40, unique=True, help_text="The City's application number.")
    applicant = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="permit_applications")
    category = models.CharField(max_length=30, choices=Category.choices)
    submitted_on = models.DateField(db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_permit_applications",
    )
    decision_date = models.DateField(null=True, blank=True, db_index=True)
    description = models.TextField(blank=True)
    is_illustrative = models.BooleanField(default=False, help_text="Demo data: not a real record of the City.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Source(models.TextChoices):
        STAFF = "staff", "Logged by City staff"
        PORTAL = "portal", "Filed by the applicant in the portal"

    # How the application reached the City. A portal filing's submitted_on is the America/New_York day of
    # submitted_at, the server's timestamp: that day starts the clock, not a date anyone typed.
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+"
    )

    # The engine's latest result, stored by services.application_clock_refresh.
    clock_days = models.PositiveSmallIntegerField(default=0, help_text="The shot-clock period in days.")
    clock_deadline = models.DateField(null=True, blank=True, help_text="Empty while the clock is tolled.")
    clock_state = models.CharField(max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    clock_tolled_days = models.PositiveIntegerField(default=0)
    clock_paused_days_left = models.PositiveIntegerField(
        null=True, blank=True, help_text="While tolled: the days that will remain when the clock runs again."
    )
    clock_flagged = models.BooleanField(default=False, help_text="A reading counsel should confirm.")
    clock_computed_on = models.DateField(null=True, blank=True)
    # The queue's sort key: the deadline, or the last date for a tolled clock
    # (no deadline). A plain non-null date lets an index give the queue its
    # first page without sorting every open application (NULLS LAST cannot use one).
    queue_order = models.DateField(default=QUEUE_LAST, editable=False)
    # Stored copy of "status is open", kept by save(): an equality on one
    # column lets the queue index serve the first page (a parameterised
    # status IN (...) cannot use a partial index on SQLite).
    in_queue = models.BooleanField(default=True, editable=False)

    history = HistoricalRecords(excluded_fields=["queue_order", "in_queue"])

    class Meta:
        ordering = ["-submitted_on", "reference"]
        indexes = [
            models.Index(fields=["clock_deadline"], name="permits_app_deadline"),
            models.Index(fields=["clock_state", "clock_deadline"], name="permits_app_state_deadline"),
            # Partial on the flag itself: both databases match "WHERE in_queue" to it.
            models.Index(
                fields=["queue_order", "submitted_on", "id"], condition=Q(in_queue=True), name="permits_app_queue"
            ),
            models.Index(
                fields=["clock_state", "clock_deadline"], condition=Q(in_queue=True), name="permits_app_open_state"
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.applicant})" if self.applicant_id else self.reference

    def save(self, *args, **kwargs):
        self.in_queue = self.status in self.OPEN_STATUSES
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "in_queue"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("permits:application-detail", args=[self.pk])

    @property
    def category_short(self):
        return CATEGORY_SHORT.get(self.category, self.category)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def attention(self, today):
        """missed, at_risk, tolled, running or closed, from the stored clock (shotclock.attention)."""
        return shotclock.attention(self.clock_state, self.clock_deadline, not self.is_open, today)

    def live_state(self, today):
        """The stored state, with a running clock whose deadline has passed shown as missed."""
        if self.clock_state == ClockState.RUNNING and self.attention(today) == shotclock.ATTENTION_MISSED:
            return ClockState.MISSED
        return self.clock_state

    def days_remaining(self, today):
        if self.clock_state == ClockState.TOLLED:
            return self.clock_paused_days_left
        if (
            self.clock_state in (ClockState.RUNNING, ClockState.MISSED)
            and self.clock_deadline
            and not self.decision_date
        ):
            return (self.clock_deadline - today).days
        return None

    def at_risk(self, today):
        return self.attention(today) == shotclock.ATTENTION_AT_RISK


class SiteParticulars(models.Model):
    """What describes one deployment: shared by a logged site and a site on a carrier's draft."""

    # What a person edits: the site form, the API and services.site_add/site_update take these.
    EDITABLE_FIELDS = (
        "address",
        "category",
        "structure_id",
        "structure_type",
        "new_structure",
        "owner",
        "historic_district",
        "latitude",
        "longitude",
        "height_ft",
        "existing_height_ft",
        "adjacent_height_ft",
        "antenna_count",
        "largest_antenna_cuft",
        "equipment_cuft",
    )

    class StructureType(models.TextChoices):
        STREETLIGHT = "streetlight", "Streetlight pole"
        UTILITY_POLE = "utility_pole", "Utility (wood) pole"
        TRAFFIC_SIGNAL = "traffic_signal", "Traffic signal pole"
        BUILDING = "building", "Building"
        TOWER = "tower", "Tower"
        NEW_POLE = "new_pole", "New pole"
        OTHER = "other", "Other"

    class Owner(models.TextChoices):
        CITY = "city", "City pole or structure"
        THIRD_PARTY = "third_party", "Third party (utility, private)"

    address = models.CharField(max_length=300)
    category = models.CharField(
        max_length=30, choices=Category.choices, blank=True, help_text="Leave blank to use the application's category."
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    structure_id = models.CharField("pole or structure id", max_length=60, blank=True)
    structure_type = models.CharField(max_length=20, choices=StructureType.choices, blank=True)
    new_structure = models.BooleanField(
        default=False, help_text="A new structure, not a collocation on an existing one."
    )
    owner = models.CharField(max_length=20, choices=Owner.choices, blank=True)
    historic_district = models.BooleanField(default=False, help_text="Landmarks or district commission review.")
    height_ft = models.DecimalField(
        "height (ft, antennas included)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    existing_height_ft = models.DecimalField(
        "existing structure height (ft)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    adjacent_height_ft = models.DecimalField(
        "tallest adjacent structure (ft)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    antenna_count = models.PositiveSmallIntegerField(null=True, blank=True)
    largest_antenna_cuft = models.DecimalField(
        "largest antenna (cu ft)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    equipment_cuft = models.DecimalField(
        "other equipment (cu ft)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.address


class Site(SiteParticulars):
    """One deployment of an application (a batch has several)."""

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="sites")
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "id"]

    def get_absolute_url(self):
        return f"{self.application.get_absolute_url()}#site-{self.pk}"

    @property
    def effective_category(self):
        return self.category or self.application.category


class ClockEvent(models.Model):
    """Something that moves the shot clock: a notice, a resubmission, an agreement, a decision."""

    class Kind(models.TextChoices):
        INCOMPLETE_NOTICE = shotclock.INCOMPLETE_NOTICE, "Incompleteness notice"
        RESUBMITTED = shotclock.RESUBMITTED, "Resubmission"
        TOLLING_AGREEMENT = shotclock.TOLLING_AGREEMENT, "Tolling agreement"
        DECISION = shotclock.DECISION, "Decision"
        WITHDRAWN = shotclock.WITHDRAWN, "Withdrawal"
        DEEMED_GRANTED_NOTICE = shotclock.DEEMED_GRANTED_NOTICE, "Applicant's deemed-grant notice"

    class Outcome(models.TextChoices):
        APPROVED = shotclock.APPROVED, "Approved"
        DENIED = shotclock.DENIED, "Denied"

    application = models.ForeignKey(PermitApplication, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    date = models.DateField()
    days = models.PositiveIntegerField(null=True, blank=True, help_text="Tolling agreement: days added to the clock.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    reasons = models.TextField(blank=True, help_text="Decision: the written reasons (required for a denial).")
    details = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The issued letter that is this event in writing (the notice, agreement, decision or acknowledgement), set
    # when the letter is issued: permits.letter_clock.
    letter = models.ForeignKey(
        "letters.Letter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clock_events",
        help_text="The letter that recorded this event, or was linked to it, when it was issued.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return f"{self.application.get_absolute_url()}#event-{self.pk}"

    def as_engine_event(self):
        return shotclock.Event(kind=self.kind, date=self.date, days=self.days or 0, outcome=self.outcome)


class MissingItem(models.Model):
    """One item an incompleteness notice names, with the published rule that requires it (47 CFR 1.6003(d))."""

    notice = models.ForeignKey(ClockEvent, on_delete=models.CASCADE, related_name="missing_items")
    item = models.CharField(max_length=500)
    rule = models.CharField(max_length=300, help_text="The published rule or regulation that requires the item.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["notice", "id"]

    def __str__(self):
        return f"{self.item} ({self.rule})"

    def get_absolute_url(self):
        return self.notice.get_absolute_url()


class Permit(models.Model):
    """Issued for one approved site: conditions, build-by date, expiry, renewal, annual fee."""

    class RenewalStatus(models.TextChoices):
        NOT_REQUESTED = "not_requested", "Not requested"
        REQUESTED = "requested", "Renewal requested"
        RENEWED = "renewed", "Renewed"

    RENEWAL_WINDOW_DAYS = 90  # the permit list flags expiries this close

    number = models.CharField(max_length=40, unique=True)
    application = models.ForeignKey(PermitApplication, on_delete=models.PROTECT, related_name="permits")
    site = models.OneToOneField(Site, on_delete=models.PROTECT, related_name="permit")
    issued_on = models.DateField()
    conditions = models.TextField(blank=True)
    build_by = models.DateField(db_index=True)
    built_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(db_index=True)
    renewal_status = models.CharField(
        max_length=20, choices=RenewalStatus.choices, default=RenewalStatus.NOT_REQUESTED, db_index=True
    )
    renewal_requested_on = models.DateField(null=True, blank=True)
    renewed_on = models.DateField(null=True, blank=True)
    annual_fee = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    is_illustrative = models.BooleanField(default=False, help_text="Demo data: not a real record of the City.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["expires_on", "number"]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("permits:permit-detail", args=[self.pk])

    def is_expired(self, today):
        return self.expires_on < today

    def expiring_soon(self, today):
        return today <= self.expires_on <= today + timedelta(days=self.RENEWAL_WINDOW_DAYS)

    def build_overdue(self, today):
        return self.built_on is None and self.build_by < today

    def status_flags(self, today):
        """Plain-text flags for the permit lists and pages (colour on a page is never the only signal)."""
        flags = []
        if self.is_expired(today):
            flags.append("Expired")
        elif self.expiring_soon(today):
            flags.append(f"Expires in {(self.expires_on - today).days} days")
        if self.build_overdue(today):
            flags.append("Build-by date passed")
        return flags


class FeeSchedule(models.Model):
    """The City's small-cell fees from a date on: a staff-edited setting, since
    Boston's amounts are unconfirmed. The fee check compares them with FCC 18-133
    para. 79."""

    # The amounts and their source: the fee schedule form and services.fee_schedule_add/update.
    EDITABLE_FIELDS = (
        "effective_from",
        "application_up_to_five",
        "each_additional",
        "new_pole",
        "annual_per_swf",
        "source",
    )

    effective_from = models.DateField(unique=True)
    application_up_to_five = models.DecimalField(
        "application fee, up to five SWFs", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    each_additional = models.DecimalField(
        "each SWF beyond five", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    new_pole = models.DecimalField("each new pole", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    annual_per_swf = models.DecimalField(
        "annual recurring fee per SWF", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    source = models.TextField(help_text="Where the amounts come from (ordinance, fee schedule), or why unconfirmed.")
    confirmed = models.BooleanField(default=False, help_text="Checked against the City's adopted fee schedule.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self):
        return f"City small-cell fees from {self.effective_from:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("permits:fee-schedule-list")

    def as_schedule(self):
        return fees.Schedule(self.application_up_to_five, self.each_additional, self.new_pole, self.annual_per_swf)


class ChecklistItem(models.Model):
    """One item of the City's published submission checklist for small-cell applications.

    FCC 18-133 (para. 86-88) lets a City hold an application incomplete only
    for what a standard published in advance requires: each item names that
    standard and the day it was published, and an application is checked
    against the items published on or before the day it was submitted
    (permits.checklist.items_for)."""

    EDITABLE_FIELDS = ("title", "description", "standard", "published_on", "categories", "required", "position")

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What the applicant must provide, in plain words.")
    standard = models.CharField(
        max_length=300, help_text="The published standard, ordinance or regulation that requires the item."
    )
    published_on = models.DateField(help_text="The day the standard was published.")
    # Category codes the item applies to, comma separated; empty: every category.
    categories = models.CharField(max_length=200, blank=True)
    required = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    retired_on = models.DateField(
        null=True, blank=True, help_text="No longer asked of applications submitted from this day."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("permits:checklist")

    @property
    def category_codes(self):
        return tuple(code for code in (part.strip() for part in self.categories.split(",")) if code)


class ApplicationDraft(models.Model):
    """A carrier's application before it is submitted: only the carrier sees it; the clock has not started."""

    EDITABLE_FIELDS = ("category", "description")

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="application_drafts")
    category = models.CharField(max_length=30, choices=Category.choices)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set once, by the submission service: the application the draft became.
    application = models.OneToOneField(
        PermitApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return f"Draft {self.pk} ({self.provider})"

    def get_absolute_url(self):
        return reverse("portal:draft-detail", args=[self.pk])

    @property
    def is_submitted(self):
        return self.application_id is not None


class DraftSite(SiteParticulars):
    """A site on a carrier's draft; copied to a Site when the draft is submitted."""

    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="sites")
    history = HistoricalRecords()

    class Meta:
        ordering = ["draft", "id"]

    def get_absolute_url(self):
        return f"{self.draft.get_absolute_url()}#site-{self.pk}"


def document_path(instance, filename):
    # The stored name is the server's, never the uploader's: only the extension of the detected type is kept.
    return f"permits/documents/{instance.provider_id}/{uuid4().hex}{instance.stored_extension}"


class ApplicationDocument(models.Model):
    """A PDF or image filed with an application (or its draft). Stored privately; served only to the
    applicant's users and City roles, through a view that checks; public only when staff mark it so."""

    class Type(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG image"
        JPEG = "image/jpeg", "JPEG image"

    EXTENSIONS = {Type.PDF: ".pdf", Type.PNG: ".png", Type.JPEG: ".jpg"}

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    draft = models.ForeignKey(
        ApplicationDraft, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    application = models.ForeignKey(
        PermitApplication, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    checklist_item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    file = models.FileField(upload_to=document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=40, choices=Type.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_public = models.BooleanField(default=False, help_text="Shown in the public register (staff decide).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(draft__isnull=False) | Q(application__isnull=False), name="document_has_an_owner"
            )
        ]

    def __str__(self):
        return self.description or self.original_name

    @property
    def stored_extension(self):
        return self.EXTENSIONS.get(self.content_type, "")


class ChecklistReview(models.Model):
    """Staff's completeness finding for one checklist item of one application."""

    application = models.ForeignKey(PermitApplication, on_delete=models.CASCADE, related_name="checklist_reviews")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    complete = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "item__position", "item_id"]
        constraints = [models.UniqueConstraint(fields=["application", "item"], name="one_review_per_item")]

    def __str__(self):
        return f"{self.item}: {'complete' if self.complete else 'missing'}"

    def get_absolute_url(self):
        return self.application.get_absolute_url()


class ApplicationMessage(models.Model):
    """One message in an application's thread between the carrier and the City. Never edited."""

    application = models.ForeignKey(PermitApplication, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_city = models.BooleanField(help_text="Written by City staff (otherwise by the applicant).")
    body = models.TextField(max_length=5000)
    sent_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self):
        return f"Message {self.pk} on {self.application}"

    def get_absolute_url(self):
        return f"{self.application.get_absolute_url()}#message-{self.pk}"
