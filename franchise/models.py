"""Cable licenses, their obligations, filings (occurrences), payments and
customer-service figures. Every model keeps history."""

from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from businessdays.calendar import BusinessCalendar
from core.validators import validate_safe_url
from franchise import fees, recurrence, renewal, scorecard

# No "%" sign: Django and DRF %-format validator messages.
FEE_CAP_MESSAGE = "The franchise fee rate cannot be more than the federal cap of 5 percent (47 U.S.C. 542(b))."
AMOUNT_MESSAGE = "Enter an amount greater than zero: a payment cannot be negative or zero."
MONEY = {"max_digits": 14, "decimal_places": 2}
INITIAL_MAX_YEARS = 15  # M.G.L. c.166A s.3
RENEWAL_MAX_YEARS = 10  # M.G.L. c.166A s.13


def _term_message(start, end):
    return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


class License(models.Model):
    """A cable television license (a "franchise" in federal law) granted by the
    issuing authority to one operator."""

    # What a person edits: the license form, the API and services.license_create/update take these.
    EDITABLE_FIELDS = (
        "provider",
        "title",
        "license_kind",
        "issuing_authority",
        "grant_date",
        "effective_date",
        "expiration_date",
        "fee_rate_percent",
        "late_interest_percent",
        "peg_support_terms",
        "service_area_terms",
        "status",
        "source_document",
        "source_url",
        "amendments",
        "notes",
    )
    # The renewal events (47 U.S.C. 546): the renewal form and services.license_record_renewal.
    RENEWAL_FIELDS = (
        "renewal_notice_date",
        "renewal_commenced_date",
        "renewal_proposal_date",
        "final_decision",
        "final_decision_date",
        "final_decision_received_date",
    )

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial license"
        RENEWAL = "renewal", "Renewal license"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        IN_RENEWAL = "in_renewal", "In renewal"
        EXPIRED = "expired", "Expired"
        SUPERSEDED = "superseded", "Superseded by a renewal"
        TERMINATED = "terminated", "Terminated"

    class Decision(models.TextChoices):
        GRANTED = renewal.GRANTED, "Renewal granted"
        DENIED = renewal.DENIED, "Renewal denied"

    provider = models.ForeignKey(
        "accounts.Provider",
        on_delete=models.PROTECT,
        related_name="licenses",
        limit_choices_to={"kind__in": ["cable", "both"]},
    )
    title = models.CharField(max_length=200, help_text="How staff refer to it, e.g. “Comcast renewal license 2020”.")
    license_kind = models.CharField("License type", max_length=10, choices=Kind.choices, default=Kind.RENEWAL)
    issuing_authority = models.CharField(max_length=200, default="Mayor of the City of Boston")
    grant_date = models.DateField()
    effective_date = models.DateField()
    expiration_date = models.DateField(db_index=True)
    fee_rate_percent = models.DecimalField(
        "Franchise fee rate (%)",
        max_digits=5,
        decimal_places=3,
        default=Decimal("5.000"),
        validators=[
            MinValueValidator(Decimal("0"), message="The franchise fee rate cannot be negative."),
            MaxValueValidator(fees.FEDERAL_CAP_PERCENT, message=FEE_CAP_MESSAGE),
        ],
        help_text="Percent of gross revenues from cable service; at most 5 (47 U.S.C. 542(b)).",
    )
    late_interest_percent = models.DecimalField(
        "Late-payment interest (% a year)",
        max_digits=6,
        decimal_places=3,
        default=Decimal("0"),
        validators=[
            MinValueValidator(Decimal("0"), message="The interest rate cannot be negative."),
            MaxValueValidator(Decimal("100"), message="Enter the annual interest rate as a percentage (0-100)."),
        ],
        help_text="Simple annual interest on late fees, as the license sets it; 0 if the license sets none.",
    )
    peg_support_terms = models.TextField("PEG support terms", blank=True)
    service_area_terms = models.TextField("Service area and build-out milestones", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    source_document = models.CharField(
        "Source document reference",
        max_length=300,
        blank=True,
        help_text="Title, date and where the signed copy is kept.",
    )
    source_url = models.URLField("Source document link", blank=True, validators=[validate_safe_url])
    amendments = models.TextField(blank=True, help_text="Amendments and extensions, with their dates.")
    notes = models.TextField(blank=True)
    # Renewal events logged by staff (47 U.S.C. 546); renewal.py turns them into dates.
    renewal_notice_date = models.DateField("Operator's renewal notice received", null=True, blank=True)
    renewal_commenced_date = models.DateField("City commenced the renewal proceeding", null=True, blank=True)
    renewal_proposal_date = models.DateField("Operator's renewal proposal received", null=True, blank=True)
    final_decision_date = models.DateField("Final renewal decision", null=True, blank=True)
    final_decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    final_decision_received_date = models.DateField(
        "Operator received notice of the final decision",
        null=True,
        blank=True,
        help_text="Starts the operator's 120-day appeal period (47 U.S.C. 555(a)).",
    )
    is_illustrative = models.BooleanField(default=False, help_text="Demo data: not a real record of the City.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider__name", "-effective_date"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("franchise:license-detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.grant_date and self.expiration_date and self.expiration_date <= self.grant_date:
            errors["expiration_date"] = "The expiration date must be after the grant date."
        elif self.effective_date and self.expiration_date and self.expiration_date <= self.effective_date:
            errors["expiration_date"] = "The expiration date must be after the effective date."
        if bool(self.final_decision) != bool(self.final_decision_date):
            errors["final_decision"] = "Give both the final decision and its date, or neither."
        received = self.final_decision_received_date
        if received and not self.final_decision_date:
            errors["final_decision_received_date"] = (
                "Log the final decision and its date before the date the operator received notice of it."
            )
        elif received and received < self.final_decision_date:
            errors["final_decision_received_date"] = (
                f"The operator cannot receive notice of the final decision ({received:%Y-%m-%d}) "
                f"before the decision was made ({self.final_decision_date:%Y-%m-%d})."
            )
        if errors:
            raise ValidationError(errors)

    def contains(self, start, end):
        return self.effective_date <= start and end <= self.expiration_date

    @property
    def term_display(self):
        delta = relativedelta(self.expiration_date + relativedelta(days=1), self.effective_date)
        parts = []
        if delta.years:
            parts.append(f"{delta.years} year{'s' if delta.years != 1 else ''}")
        if delta.months:
            parts.append(f"{delta.months} month{'s' if delta.months != 1 else ''}")
        if delta.days:
            parts.append(f"{delta.days} day{'s' if delta.days != 1 else ''}")
        return ", ".join(parts) or "0 days"

    @property
    def term_years(self):
        return relativedelta(self.expiration_date + relativedelta(days=1), self.effective_date).years

    @property
    def term_warning(self):
        """M.G.L. c.166A s.3 (initial: 15 years) and s.13 (renewal: 10 years)."""
        limit = INITIAL_MAX_YEARS if self.license_kind == self.Kind.INITIAL else RENEWAL_MAX_YEARS
        if renewal.term_exceeds(self.effective_date, self.expiration_date, limit):
            section = "s.3" if self.license_kind == self.Kind.INITIAL else "s.13"
            return (
                f"The term is longer than the {limit} years M.G.L. c.166A {section} allows for "
                f"{'an initial' if self.license_kind == self.Kind.INITIAL else 'a renewal'} license; "
                "check for an extension agreement."
            )
        return ""

    @property
    def renewal_window(self):
        return renewal.window(self.expiration_date)

    def renewal_calendar(self):
        # The appeal period rolls over weekends and legal holidays (FRCP 6(a)(6):
        # federal and state holidays), not over City closure days: public holidays only.
        return renewal.renewal_calendar(
            expiry=self.expiration_date,
            notice_date=self.renewal_notice_date,
            proposal_date=self.renewal_proposal_date,
            decision_date=self.final_decision_date,
            decision=self.final_decision or None,
            decision_received_date=self.final_decision_received_date,
            calendar=BusinessCalendar(),
        )


class Obligation(models.Model):
    """Something a license requires, with the rule that dates each occurrence."""

    # What a person edits: the obligation form, the API and services.obligation_create/update take these.
    EDITABLE_FIELDS = (
        "kind",
        "title",
        "clause",
        "description",
        "recurrence",
        "interval",
        "period_anchor",
        "due_rule",
        "due_offset_days",
        "due_offset_months",
        "due_month",
        "due_day",
        "due_fixed_date",
        "business_day",
        "grace_days",
        "owner",
        "active_from",
        "active_until",
    )

    class Kind(models.TextChoices):
        FEE_REPORT = "fee_report", "Franchise fee and gross-revenue report"
        CUSTOMER_SERVICE = "customer_service", "Customer-service report (76.309)"
        COMPLAINT_REPORT = "complaint_report", "Complaint report (Form 500)"
        FINANCIAL_STATEMENTS = "financial_statements", "Financial statements"
        OWNERSHIP_STATEMENT = "ownership_statement", "Balance sheet and ownership statement"
        PER_SUBSCRIBER_FEE = "per_subscriber_fee", "Per-subscriber fees"
        INSURANCE = "insurance", "Insurance certificate"
        PERFORMANCE_BOND = "performance_bond", "Performance bond"
        PEG_SUPPORT = "peg_support", "PEG support payment"
        PEG_CAPITAL = "peg_capital", "PEG capital grant"
        IN_KIND_REPORT = "in_kind_report", "In-kind contributions statement"
        BUILD_OUT = "build_out", "Build-out milestone"
        RENEWAL = "renewal", "Renewal"
        OTHER = "other", "Other"

    class Recurrence(models.TextChoices):
        ONE_TIME = recurrence.ONE_TIME, "One time"
        MONTHLY = recurrence.MONTHLY, "Monthly"
        QUARTERLY = recurrence.QUARTERLY, "Quarterly"
        ANNUAL = recurrence.ANNUAL, "Annually"
        EVERY_N_MONTHS = recurrence.EVERY_N_MONTHS, "Every N months"
        EVERY_N_YEARS = recurrence.EVERY_N_YEARS, "Every N years"

    class PeriodAnchor(models.TextChoices):
        CALENDAR = "calendar", "Calendar (months, quarters and years from January 1)"
        LICENSE_YEAR = "license_year", "License year (from the effective date)"

    class DueRule(models.TextChoices):
        DAYS_AFTER_PERIOD_END = recurrence.DAYS_AFTER_PERIOD_END, "N days after the period ends"
        DAY_OF_MONTH_AFTER_PERIOD_END = (
            recurrence.DAY_OF_MONTH_AFTER_PERIOD_END,
            "A day of the month, N months after the period ends",
        )
        DAY_OF_YEAR = recurrence.DAY_OF_YEAR, "A fixed day of the year after the period ends"
        DAYS_AFTER_PERIOD_START = recurrence.DAYS_AFTER_PERIOD_START, "N days after the period starts"
        MONTHS_BEFORE_EXPIRY = recurrence.MONTHS_BEFORE_EXPIRY, "N months before the license expires"
        FIXED_DATE = recurrence.FIXED_DATE, "A fixed date"

    class BusinessDay(models.TextChoices):
        NONE = "none", "No adjustment"
        NEXT = "next", "Next business day"
        PREVIOUS = "previous", "Previous business day"

    license = models.ForeignKey(License, on_delete=models.CASCADE, related_name="obligations")
    catalogue_code = models.SlugField(max_length=60, blank=True, help_text="The catalogue entry it was copied from.")
    kind = models.CharField(max_length=24, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=200)
    clause = models.CharField("Clause or citation", max_length=300, blank=True)
    description = models.TextField(blank=True)
    recurrence = models.CharField(max_length=16, choices=Recurrence.choices)
    interval = models.PositiveSmallIntegerField(default=1, help_text="N, for “every N months” or “every N years”.")
    period_anchor = models.CharField(max_length=12, choices=PeriodAnchor.choices, default=PeriodAnchor.CALENDAR)
    due_rule = models.CharField(max_length=32, choices=DueRule.choices)
    due_offset_days = models.PositiveIntegerField("Days", default=0)
    due_offset_months = models.PositiveSmallIntegerField("Months", default=0)
    due_month = models.PositiveSmallIntegerField("Month (1-12)", null=True, blank=True)
    due_day = models.PositiveSmallIntegerField("Day of month (31 = last day)", null=True, blank=True)
    due_fixed_date = models.DateField("Fixed date", null=True, blank=True)
    business_day = models.CharField(
        "Weekend or holiday", max_length=10, choices=BusinessDay.choices, default=BusinessDay.NONE
    )
    grace_days = models.PositiveSmallIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_obligations",
        help_text="The staff member who follows it up.",
    )
    active_from = models.DateField(null=True, blank=True, help_text="Blank: from the license's effective date.")
    active_until = models.DateField(null=True, blank=True, help_text="Blank: until the license expires.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    RULE_FIELD_NAMES = {
        "offset_days": "due_offset_days",
        "offset_months": "due_offset_months",
        "month": "due_month",
        "day": "due_day",
        "fixed_date": "due_fixed_date",
    }

    class Meta:
        ordering = ["license", "kind", "title", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("franchise:obligation-detail", args=[self.pk])

    def anchor(self):
        if self.period_anchor == self.PeriodAnchor.LICENSE_YEAR:
            return self.license.effective_date
        return date(self.license.effective_date.year, 1, 1)

    def rule(self):
        return recurrence.Rule(
            recurrence=self.recurrence,
            due_rule=self.due_rule,
            interval=self.interval or 1,
            anchor=self.anchor(),
            offset_days=self.due_offset_days or 0,
            offset_months=self.due_offset_months or 0,
            month=self.due_month,
            day=self.due_day,
            fixed_date=self.due_fixed_date,
            business_day=self.business_day,
            grace_days=self.grace_days or 0,
        )

    def span(self):
        """The dates the obligation runs: its active dates inside the license term."""
        start = max(self.active_from or self.license.effective_date, self.license.effective_date)
        end = min(self.active_until or self.license.expiration_date, self.license.expiration_date)
        return start, end

    @property
    def rule_text(self):
        return recurrence.describe(self.rule())

    def clean(self):
        super().clean()
        errors = {}
        if self.recurrence and self.due_rule and self.license_id:
            for key, message in recurrence.rule_errors(self.rule()).items():
                errors[self.RULE_FIELD_NAMES.get(key, key)] = message
        if self.active_from and self.active_until and self.active_until < self.active_from:
            errors["active_until"] = "The end of the active dates must be on or after their start."
        if self.license_id:
            term = _term_message(self.license.effective_date, self.license.expiration_date)
            for name in ("active_from", "active_until"):
                value = getattr(self, name)
                if value and not self.license.effective_date <= value <= self.license.expiration_date:
                    errors[name] = f"Active dates must fall within the license term ({term})."
        if errors:
            raise ValidationError(errors)


class Filing(models.Model):
    """One occurrence of an obligation: the report or payment due for one period."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RECEIVED = "received", "Received"
        LATE = "late", "Received late"
        ACCEPTED = "accepted", "Accepted"
        DEFICIENT = "deficient", "Deficient"
        WAIVED = "waived", "Waived"

    RECEIVED_STATUSES = (Status.RECEIVED, Status.LATE, Status.ACCEPTED, Status.DEFICIENT)

    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="filings")
    license = models.ForeignKey(License, on_delete=models.PROTECT, related_name="filings")
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField(db_index=True)
    grace_ends = models.DateField(help_text="Late only after this date.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    received_date = models.DateField(null=True, blank=True, db_index=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    logged_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    gross_revenue = models.DecimalField(
        "Reported gross revenue from cable service",
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), message="Gross revenue cannot be negative.")],
        **MONEY,
    )
    document_reference = models.CharField(max_length=200, blank=True, help_text="Letter, email or upload reference.")
    notes = models.TextField(blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The deficient filing this one resubmits.",
    )
    is_generated = models.BooleanField(default=True, help_text="Made from the obligation's rule.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            # One occurrence per obligation and period; resubmissions (replaces set) are extra rows.
            models.UniqueConstraint(
                fields=["obligation", "period_start"],
                condition=Q(replaces__isnull=True),
                name="unique_occurrence_per_obligation_period",
            )
        ]
        indexes = [
            models.Index(fields=["license", "due_date"], name="filing_license_due_idx"),
            models.Index(fields=["status", "due_date"], name="filing_status_due_idx"),
        ]

    def __str__(self):
        return f"{self.obligation.title}, {self.period_label}"

    def get_absolute_url(self):
        return reverse("franchise:filing-detail", args=[self.pk])

    @property
    def period_label(self):
        start, end = self.period_start, self.period_end
        if start == end:
            return f"{start:%Y-%m-%d}"
        if start.day == 1 and end == start + relativedelta(months=3, days=-1) and start.month in (1, 4, 7, 10):
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return str(start.year)
        return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"

    def is_overdue(self, today):
        return self.status == self.Status.OPEN and self.grace_ends < today

    @property
    def received_late(self):
        return self.received_date is not None and self.received_date > self.grace_ends

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period must end on or after the day it starts."
        elif self.obligation_id and self.period_start and self.period_end:
            license = self.obligation.license
            if self.license_id and self.license_id != license.pk:
                errors["license"] = "The filing must belong to its obligation's license."
            if not license.contains(self.period_start, self.period_end):
                errors["period_start"] = (
                    f"The period {_term_message(self.period_start, self.period_end)} is outside the license term "
                    f"({_term_message(license.effective_date, license.expiration_date)})."
                )
        if self.status in self.RECEIVED_STATUSES and not self.received_date:
            errors["received_date"] = "Enter the date the filing was received."
        if self.replaces_id and self.replaces.obligation_id != self.obligation_id:
            errors["replaces"] = "A resubmission must be for the same obligation."
        if errors:
            raise ValidationError(errors)


def attachment_path(instance, filename):
    return f"franchise/filings/{instance.filing_id}/{filename}"


class FilingAttachment(models.Model):
    """A document received with a filing. Served only through a view that checks the role."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.description or self.filename

    def get_absolute_url(self):
        return reverse("franchise:attachment-download", args=[self.pk])

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def is_workbook(self):
        """Served as a values-only copy (franchise/quarterly/downloads.py); the original on request."""
        return self.filename.lower().endswith((".xlsx", ".xlsm", ".xltx", ".xltm"))


class Payment(models.Model):
    """Money (or an in-kind contribution valued at cost) received under a license."""

    # What a person edits (the license is set when the payment is logged): form, API and services.
    EDITABLE_FIELDS = (
        "kind",
        "period_start",
        "period_end",
        "amount",
        "received_date",
        "reference",
        "counts_toward_cap",
        "filing",
        "notes",
    )

    class Kind(models.TextChoices):
        FRANCHISE_FEE = "franchise_fee", "Franchise fee"
        PEG_SUPPORT = "peg_support", "PEG support (operating)"
        PEG_CAPITAL = "peg_capital", "PEG capital grant"
        PER_SUBSCRIBER = "per_subscriber", "Per-subscriber fee (c.166A s.9)"
        INTEREST = "interest", "Late-payment interest"
        IN_KIND = "in_kind", "In-kind contribution (at operator's cost)"

    # Whether a kind counts against the 5% cap by default (staff can change it
    # per payment). 47 U.S.C. 542(g)(1) fees and 47 CFR 76.42 in-kind count;
    # PEG capital (542(g)(2)(C)) and interest/penalties (542(g)(2)(D)) do not.
    # Per-subscriber fees to the City: counted by default (unconfirmed).
    CAP_DEFAULTS = {
        Kind.FRANCHISE_FEE: True,
        Kind.PEG_SUPPORT: True,
        Kind.PEG_CAPITAL: False,
        Kind.PER_SUBSCRIBER: True,
        Kind.INTEREST: False,
        Kind.IN_KIND: True,
    }

    license = models.ForeignKey(License, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FRANCHISE_FEE, db_index=True)
    period_start = models.DateField(help_text="First day of the period the payment covers.")
    period_end = models.DateField(help_text="Last day of the period the payment covers.")
    amount = models.DecimalField(
        validators=[MinValueValidator(Decimal("0.01"), message=AMOUNT_MESSAGE)],
        **MONEY,
    )
    received_date = models.DateField(db_index=True)
    reference = models.CharField(max_length=120, blank=True, help_text="Check number, wire or transaction reference.")
    counts_toward_cap = models.BooleanField(
        "Counts against the 5% cap",
        default=True,
        help_text="Franchise fees, PEG operating support and in-kind contributions count (47 CFR 76.42); "
        "PEG capital grants and interest do not.",
    )
    filing = models.ForeignKey(
        Filing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payments",
        help_text="The report it goes with.",
    )
    notes = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_date", "-id"]
        indexes = [models.Index(fields=["license", "period_start"], name="payment_license_period_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ${self.amount:,} received {self.received_date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("franchise:payment-detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                errors["period_end"] = "The period must end on or after the day it starts."
            elif self.license_id and not self.license.contains(self.period_start, self.period_end):
                errors["period_start"] = (
                    f"The period {_term_message(self.period_start, self.period_end)} is outside the license term "
                    f"({_term_message(self.license.effective_date, self.license.expiration_date)})."
                )
        if self.filing_id and self.license_id and self.filing.license_id != self.license_id:
            errors["filing"] = "The filing belongs to another license."
        if errors:
            raise ValidationError(errors)


class CustomerServiceReport(models.Model):
    """One quarter's 47 CFR 76.309 figures for a license.

    Staff enter them from the operator's quarterly report today; the provider
    portal will fill the same fields when operators upload their reports.
    Counts, not percentages, except the busy signal, which operators measure
    as a share of time.
    """

    license = models.ForeignKey(License, on_delete=models.PROTECT, related_name="customer_service_reports")
    filing = models.ForeignKey(
        Filing, on_delete=models.SET_NULL, null=True, blank=True, related_name="customer_service_reports"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    calls_total = models.PositiveIntegerField("Calls received", null=True, blank=True)
    calls_answered_30s = models.PositiveIntegerField("Calls answered within 30 seconds", null=True, blank=True)
    transfers_total = models.PositiveIntegerField("Calls transferred", null=True, blank=True)
    transfers_30s = models.PositiveIntegerField("Transfers made within 30 seconds", null=True, blank=True)
    busy_percent = models.DecimalField(
        "Busy signal (% of the time)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    installs_total = models.PositiveIntegerField("Standard installations", null=True, blank=True)
    installs_7bd = models.PositiveIntegerField("Installed within 7 business days", null=True, blank=True)
    outages_total = models.PositiveIntegerField("Service interruptions", null=True, blank=True)
    outages_begun_24h = models.PositiveIntegerField("Work begun within 24 hours", null=True, blank=True)
    service_calls_total = models.PositiveIntegerField("Other service calls", null=True, blank=True)
    service_calls_next_bd = models.PositiveIntegerField("Begun by the next business day", null=True, blank=True)
    appointments_total = models.PositiveIntegerField("Appointments", null=True, blank=True)
    appointments_kept = models.PositiveIntegerField("Kept within a 4-hour window", null=True, blank=True)
    notes = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    PAIRS = (
        ("calls_answered_30s", "calls_total"),
        ("transfers_30s", "transfers_total"),
        ("installs_7bd", "installs_total"),
        ("outages_begun_24h", "outages_total"),
        ("service_calls_next_bd", "service_calls_total"),
        ("appointments_kept", "appointments_total"),
    )

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["license", "period_start"], name="unique_cs_report_per_license_period")
        ]

    def __str__(self):
        return f"Customer service {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("franchise:license-scorecard", args=[self.license_id])

    def metrics(self):
        return scorecard.scorecard(**{name: getattr(self, name) for name in scorecard_fields()})

    def overall(self):
        return scorecard.overall(self.metrics())

    def clean(self):
        super().clean()
        errors = {}
        for part, whole in self.PAIRS:
            part_value, whole_value = getattr(self, part), getattr(self, whole)
            if part_value is not None and (whole_value is None or part_value > whole_value):
                errors[part] = (
                    f"{self._meta.get_field(part).verbose_name} cannot be more than "
                    f"{str(self._meta.get_field(whole).verbose_name).lower()}."
                )
        if self.busy_percent is not None and not Decimal("0") <= self.busy_percent <= Decimal("100"):
            errors["busy_percent"] = "The busy signal is a percentage between 0 and 100."
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                errors["period_end"] = "The period must end on or after the day it starts."
            elif self.license_id and not self.license.contains(self.period_start, self.period_end):
                errors["period_start"] = (
                    f"The period {_term_message(self.period_start, self.period_end)} is outside the license term."
                )
        if errors:
            raise ValidationError(errors)


def scorecard_fields():
    return (
        "calls_total",
        "calls_answered_30s",
        "transfers_total",
        "transfers_30s",
        "busy_percent",
        "installs_total",
        "installs_7bd",
        "outages_total",
        "outages_begun_24h",
        "service_calls_total",
        "service_calls_next_bd",
        "appointments_total",
        "appointments_kept",
    )


# Quarterly reports uploaded by operators, their revenue lines, and the log of
# every upload attempt (accepted or not). Every model keeps history. The tables
# keep the names they had in the portal app (portal_*): the move changed
# Django's state only (migration 0004).


class QuarterlyReport(models.Model):
    """One accepted upload of the QR-1 workbook for one license and quarter.

    The figures are kept as uploaded, with the reconciliation computed on
    acceptance by franchise.fees.reconcile_quarter and the 47 CFR 76.309
    scorecard of franchise.scorecard, so staff review exactly what the
    operator sent. A corrected upload for the same quarter replaces this one
    (`replaces`), which is then "superseded".
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received, awaiting review"
        ACCEPTED = "accepted", "Accepted"
        DEFICIENT = "deficient", "Deficient: resubmit"
        SUPERSEDED = "superseded", "Replaced by a later upload"

    OPEN_STATUSES = (Status.RECEIVED, Status.DEFICIENT)

    provider = models.ForeignKey("accounts.Provider", on_delete=models.PROTECT, related_name="quarterly_reports")
    license = models.ForeignKey("franchise.License", on_delete=models.PROTECT, related_name="quarterly_reports")
    filing = models.ForeignKey(
        "franchise.Filing",
        on_delete=models.PROTECT,
        related_name="quarterly_reports",
        help_text="The fee and gross-revenue report this upload answers.",
    )
    customer_service_filing = models.ForeignKey(
        "franchise.Filing",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The customer-service report it also answers, when the license has one.",
    )
    customer_service_report = models.ForeignKey(
        "franchise.CustomerServiceReport", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attachment = models.ForeignKey(
        "franchise.FilingAttachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The workbook as uploaded, kept with the filing.",
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The earlier upload for the same quarter that this one corrects.",
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    period_start = models.DateField(db_index=True)
    period_end = models.DateField()
    template_version = models.CharField(max_length=10)
    original_filename = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256 of the file", max_length=64)
    subscribers = models.PositiveIntegerField("Subscribers at quarter end")
    gross_revenue = models.DecimalField("Gross revenue from cable service", **MONEY)
    fee_rate_percent = models.DecimalField("Fee rate (%)", max_digits=5, decimal_places=3)
    fee_due = models.DecimalField(**MONEY)
    fee_remitted = models.DecimalField(**MONEY)
    variance = models.DecimalField(help_text="Remitted minus due: negative is an underpayment.", **MONEY)
    peg_remitted = models.DecimalField("PEG support remitted", **MONEY)
    tolerance = models.DecimalField(
        "Underpayment tolerance", help_text="An underpayment up to this is taken as rounding.", **MONEY
    )
    payment_status = models.CharField(max_length=10, help_text="paid, underpaid or overpaid (franchise/fees.py).")
    underpaid = models.BooleanField(
        "Underpaid beyond tolerance", default=False, help_text="Flagged for staff: more underpaid than the tolerance."
    )
    scorecard_result = models.CharField(max_length=10, help_text="pass, fail or no data (47 CFR 76.309(c)).")
    failed_standards = models.TextField(
        blank=True, help_text="One line per 76.309(c) standard not met, with the figure and the rule."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    staff_comment = models.TextField(blank=True, help_text="Shown to the operator in the portal.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(db_index=True)
    history = HistoricalRecords(table_name="portal_historicalquarterlyreport")

    class Meta:
        db_table = "portal_quarterlyreport"
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["provider", "uploaded_at"], name="qreport_provider_uploaded_idx"),
            models.Index(fields=["status", "uploaded_at"], name="qreport_status_uploaded_idx"),
            models.Index(fields=["license", "period_start"], name="qreport_license_period_idx"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.license} Q{self.quarter} {self.year}"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    def get_portal_url(self):
        return reverse("portal:report-detail", args=[self.pk])

    @property
    def reference(self):
        """The receipt number the operator quotes."""
        return f"RPT-{self.pk:06d}"

    @property
    def period_label(self):
        return f"Q{self.quarter} {self.year}"

    @property
    def failed_standard_list(self):
        return [line for line in self.failed_standards.splitlines() if line]

    @property
    def flagged(self):
        return self.underpaid or self.scorecard_result == "fail"


class QuarterlyReportLine(models.Model):
    """One row of the Gross Revenue sheet."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField(help_text="Row number on the Gross Revenue sheet.")
    category = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY)
    notes = models.TextField(blank=True)
    history = HistoricalRecords(table_name="portal_historicalquarterlyreportline")

    class Meta:
        db_table = "portal_quarterlyreportline"
        ordering = ["report", "row"]

    def __str__(self):
        return f"{self.category}: {self.amount}"

    def get_absolute_url(self):
        return self.report.get_absolute_url()


class UploadAttempt(models.Model):
    """Every upload, accepted or refused: who, when, which file, and the outcome.

    A refused upload stores this line and nothing else: not the file, not its
    contents, not the errors shown to the operator.
    """

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Refused"

    provider = models.ForeignKey("accounts.Provider", on_delete=models.PROTECT, related_name="upload_attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="upload_attempts")
    license = models.ForeignKey(
        "franchise.License", on_delete=models.SET_NULL, null=True, blank=True, related_name="upload_attempts"
    )
    filename = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    error_count = models.PositiveIntegerField(default=0)
    report = models.OneToOneField(
        QuarterlyReport, on_delete=models.PROTECT, null=True, blank=True, related_name="upload_attempt"
    )
    created_at = models.DateTimeField(db_index=True)
    history = HistoricalRecords(table_name="portal_historicaluploadattempt")

    class Meta:
        db_table = "portal_uploadattempt"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["provider", "created_at"], name="upload_provider_created_idx")]

    def __str__(self):
        return f"{self.filename} ({self.get_outcome_display().lower()}, {self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        """For staff (history pages, admin): the report it produced, or the review queue."""
        return self.report.get_absolute_url() if self.report_id else reverse("reports:queue")
