"""Quarterly reports uploaded by operators, their revenue lines, and the log
of every upload attempt (accepted or not). Every model keeps history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

MONEY = {"max_digits": 14, "decimal_places": 2}


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
    history = HistoricalRecords()

    class Meta:
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
    history = HistoricalRecords()

    class Meta:
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["provider", "created_at"], name="upload_provider_created_idx")]

    def __str__(self):
        return f"{self.filename} ({self.get_outcome_display().lower()}, {self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        """For staff (history pages, admin): the report it produced, or the review queue."""
        return self.report.get_absolute_url() if self.report_id else reverse("reports:queue")
