import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.validators import validate_safe_url


def new_calendar_token():
    return secrets.token_urlsafe(32)


class Provider(models.Model):
    """A licensed cable operator or a wireless applicant: the unit of isolation."""

    # What a person edits: the provider form, the API and services.provider_create/update take these.
    EDITABLE_FIELDS = (
        "name",
        "short_name",
        "kind",
        "street_address",
        "address_line_2",
        "city",
        "state",
        "postal_code",
        "phone",
        "website",
        "notes",
        "is_active",
    )

    class Kind(models.TextChoices):
        CABLE = "cable", "Cable operator"
        WIRELESS = "wireless", "Wireless carrier or infrastructure firm"
        BOTH = "both", "Cable and wireless"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.SlugField(max_length=40, unique=True, help_text="Used in file names and letter numbers.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    street_address = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True, validators=[validate_safe_url])
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    is_illustrative = models.BooleanField(default=False, help_text="Demo data: not a real record of the City.")
    calendar_token = models.CharField(
        max_length=64, default=new_calendar_token, unique=True, help_text="Secret in the provider's calendar feed URL."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["calendar_token"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:provider-detail", args=[self.pk])

    @property
    def mailing_address_lines(self):
        lines = [self.name, self.street_address, self.address_line_2]
        last = " ".join(part for part in [f"{self.city}," if self.city else "", self.state, self.postal_code] if part)
        return [line for line in [*lines, last] if line]

    @property
    def handles_cable(self):
        return self.kind in (self.Kind.CABLE, self.Kind.BOTH)

    @property
    def handles_wireless(self):
        return self.kind in (self.Kind.WIRELESS, self.Kind.BOTH)


class ProviderContact(models.Model):
    # What a person edits: the contact form, the API and services.contact_add.
    EDITABLE_FIELDS = (
        "name",
        "title",
        "email",
        "phone",
        "receives_notices",
        "receives_reminders",
    )

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    receives_notices = models.BooleanField(
        default=True, help_text="Formal letters from the Law Department are emailed to this contact."
    )
    receives_reminders = models.BooleanField(
        default=True, help_text="Deadline reminders for this provider go to this contact."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["provider", "name"]
        constraints = [models.UniqueConstraint(fields=["provider", "email"], name="unique_contact_email_per_provider")]

    def __str__(self):
        return f"{self.name} ({self.provider})"


class User(AbstractUser):
    """A person who signs in. Provider users belong to exactly one Provider."""

    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Set for provider users only; they see this organisation's records and nothing else.",
    )
    is_provider_admin = models.BooleanField(default=False, help_text="May invite colleagues of the same organisation.")
    calendar_token = models.CharField(max_length=64, default=new_calendar_token, unique=True)
    # Set when too many failed sign-ins name this account (accounts/throttle.py):
    # no password sign-in until Staff unlock it (services.user_signin_unlock).
    signin_locked_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A database default too, so code that predates the column (older migrations' models) can still insert users.
    signin_lock_reason = models.CharField(max_length=200, blank=True, default="", db_default="")
    # Password hashes and login stamps are not history worth keeping; group
    # membership is (who gained a role, when, granted by whom).
    history = HistoricalRecords(excluded_fields=["password", "last_login", "calendar_token"], m2m_fields=["groups"])

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.is_provider_admin and not self.provider_id:
            raise ValidationError({"is_provider_admin": "Only a provider user can be a provider admin."})


class Invitation(models.Model):
    """A one-time link that lets a provider's employee set a password and sign in.

    Only a hash of the token is stored: the link in the email is the only
    copy. It works once, until `expires_at`, and not after it is revoked.
    """

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_provider_admin = models.BooleanField(
        "Portal administrator",
        default=False,
        help_text="May invite and deactivate colleagues of the same organisation.",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="invitation", help_text="Who accepted it."
    )
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["provider", "created_at"], name="invitation_provider_idx")]

    def __str__(self):
        return f"Invitation for {self.email} ({self.provider})"

    def get_absolute_url(self):
        return reverse("invitations:list") + f"?provider={self.provider_id}"

    def state(self, now):
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "pending"
