"""API shapes for small-cell applications. Field names are a contract with other
City systems: reference, applicant, category, submitted_on, sites, events,
shot_clock {category, days, deadline, days_remaining, tolled_days, state,
attention, explanation}, source, submitted_at, submitted_by, checklist [{item,
title, standard, published_on, required, complete, note}]. `attention` is
shotclock.attention: missed, at_risk, tolled, running or closed."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Provider
from core.apifields import StrictCharField
from permits import checklist, shotclock
from permits.models import Category, ClockEvent, MissingItem, Permit, PermitApplication, Site

ISO_DATE = ["%Y-%m-%d"]


def shot_clock_data(result):
    return {
        "category": result.category,
        "days": result.days,
        "deadline": result.deadline.isoformat() if result.deadline else None,
        "act_by": result.act_by.isoformat() if result.act_by else None,
        "governing_site": result.governing_site,
        "days_remaining": result.days_remaining,
        "tolled_days": result.tolled_days,
        "state": result.state,
        "attention": result.attention,
        "at_risk": result.at_risk,
        "deemed_granted_available": result.deemed_granted_available,
        "flagged": result.flagged,
        "as_of": result.as_of.isoformat(),
        "explanation": list(result.explanation),
    }


class ShotClockSerializer(serializers.Serializer):
    """The schema of `shot_clock` (the data comes from shot_clock_data)."""

    category = serializers.CharField()
    days = serializers.IntegerField()
    deadline = serializers.DateField(allow_null=True)
    days_remaining = serializers.IntegerField(allow_null=True)
    tolled_days = serializers.IntegerField()
    state = serializers.ChoiceField(choices=shotclock.STATES)
    attention = serializers.ChoiceField(
        choices=shotclock.ATTENTION_CLASSES,
        help_text="missed: past the deadline with no decision (decide now); at_risk: running with 0 to 7 days "
        "left; tolled: waiting for a resubmission; running: more than 7 days left; closed: decided, withdrawn or "
        "deemed granted.",
    )
    at_risk = serializers.BooleanField()
    deemed_granted_available = serializers.BooleanField()
    flagged = serializers.BooleanField()
    as_of = serializers.DateField()
    explanation = serializers.ListField(child=serializers.CharField())


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", *Site.EDITABLE_FIELDS]


class SiteInputSerializer(serializers.Serializer):
    """One site of a new application: address and category are the contract; the rest is optional."""

    address = StrictCharField(max_length=300)
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)
    # The bounds the Site model validates, here too so the schema states them.
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False, allow_null=True
    )
    structure_id = StrictCharField(max_length=60, required=False, allow_blank=True)
    structure_type = serializers.ChoiceField(choices=Site.StructureType.choices, required=False, allow_blank=True)
    new_structure = serializers.BooleanField(required=False)
    owner = serializers.ChoiceField(choices=Site.Owner.choices, required=False, allow_blank=True)
    historic_district = serializers.BooleanField(required=False)
    height_ft = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True)
    existing_height_ft = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    adjacent_height_ft = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    # The range Django promises for a PositiveSmallIntegerField on every database (PostgreSQL refuses more).
    antenna_count = serializers.IntegerField(min_value=0, max_value=32767, required=False, allow_null=True)
    largest_antenna_cuft = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    equipment_cuft = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class MissingItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = MissingItem
        fields = ["item", "rule"]


class ClockEventSerializer(serializers.ModelSerializer):
    missing_items = MissingItemSerializer(many=True, read_only=True)

    class Meta:
        model = ClockEvent
        fields = ["id", "kind", "date", "days", "missing_items", "outcome", "reasons", "details", "recorded_at"]


@extend_schema_field(MissingItemSerializer)
class MissingItemField(serializers.Field):
    """{"item": ..., "rule": ...}: each missing item with the published rule requiring it (47 CFR 1.6003(d))."""

    default_error_messages = {
        # Doubled braces: DRF formats this message with str.format.
        "invalid": 'Each missing item must be an object {{"item": ..., "rule": ...}} naming the item and the '
        "published rule that requires it (47 CFR 1.6003(d))."
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict) or not str(data.get("item", "")).strip() or not str(data.get("rule", "")).strip():
            self.fail("invalid")
        return {"item": str(data["item"]).strip(), "rule": str(data["rule"]).strip()}

    def to_representation(self, value):
        return value


class ClockEventInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ClockEvent.Kind.choices)
    date = serializers.DateField(input_formats=ISO_DATE)
    # ClockEvent.days is a PositiveIntegerField: the range that is safe on every database.
    days = serializers.IntegerField(min_value=1, max_value=2147483647, required=False, allow_null=True)
    missing_items = serializers.ListField(child=MissingItemField(), required=False)
    outcome = serializers.ChoiceField(choices=ClockEvent.Outcome.choices, required=False, allow_blank=True)
    reasons = StrictCharField(required=False, allow_blank=True)
    details = StrictCharField(required=False, allow_blank=True)
    confirm_no_effect = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A notice that neither resets nor tolls the clock is recorded only with this set.",
    )
    ends_on = serializers.DateField(
        input_formats=ISO_DATE,
        required=False,
        allow_null=True,
        help_text="Tolling agreement: the agreed last day, instead of days (stored as the days it adds).",
    )


class PermitSerializer(serializers.ModelSerializer):
    application_reference = serializers.CharField(source="application.reference", read_only=True)
    site_address = serializers.CharField(source="site.address", read_only=True)

    class Meta:
        model = Permit
        fields = [
            "id",
            "number",
            "application",
            "application_reference",
            "site",
            "site_address",
            "issued_on",
            "conditions",
            "build_by",
            "built_on",
            "expires_on",
            "renewal_status",
            "renewal_requested_on",
            "renewed_on",
            "annual_fee",
            "is_illustrative",
        ]


class ChecklistEntrySerializer(serializers.Serializer):
    """One item of the published checklist that applies to the application, with staff's finding on it."""

    item = serializers.IntegerField(help_text="The checklist item's id.")
    title = serializers.CharField()
    standard = serializers.CharField(help_text="The published standard that requires the item.")
    published_on = serializers.DateField()
    required = serializers.BooleanField()
    complete = serializers.BooleanField(allow_null=True, help_text="null: staff have not reviewed the item yet.")
    note = serializers.CharField(allow_blank=True)


def checklist_data(application, items):
    """The items of `items` that apply to the application (permits.checklist.items_for: published by the day it
    was submitted, for its category), each merged with its review; uses the prefetched checklist_reviews."""
    reviews = {review.item_id: review for review in application.checklist_reviews.all()}
    rows = []
    for item in checklist.items_for(items, category=application.category, submitted_on=application.submitted_on):
        review = reviews.get(item.pk)
        rows.append(
            {
                "item": item.pk,
                "title": item.title,
                "standard": item.standard,
                "published_on": item.published_on.isoformat(),
                "required": item.required,
                "complete": None if review is None else review.complete,
                "note": "" if review is None else review.note,
            }
        )
    return rows


class PermitApplicationSerializer(serializers.ModelSerializer):
    """Read shape; `shot_clock` is computed live by the engine from the recorded events. `source`,
    `submitted_at` and `submitted_by` say how the application reached the City (a portal filing records the
    moment and the carrier's user; one logged by staff has neither). `checklist` needs the request's checklist
    items in the context (`checklist_items`, read once for a whole page)."""

    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    sites = SiteSerializer(many=True, read_only=True)
    events = ClockEventSerializer(many=True, read_only=True)
    shot_clock = serializers.SerializerMethodField()
    source = serializers.ChoiceField(choices=PermitApplication.Source.choices, read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    submitted_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    checklist = serializers.SerializerMethodField()

    class Meta:
        model = PermitApplication
        fields = [
            "id",
            "reference",
            "applicant",
            "applicant_name",
            "category",
            "submitted_on",
            "status",
            "assigned_reviewer",
            "decision_date",
            "description",
            "is_illustrative",
            "source",
            "submitted_at",
            "submitted_by",
            "sites",
            "events",
            "shot_clock",
            "checklist",
        ]

    @extend_schema_field(ShotClockSerializer)
    def get_shot_clock(self, application):
        result = shotclock.compute(
            category=application.category,
            submitted_on=application.submitted_on,
            events=[event.as_engine_event() for event in application.events.all()],
            calendar=self.context["calendar"],
            as_of=timezone.localdate(),
            site_categories=[site.category or application.category for site in application.sites.all()],
            site_labels=[site.address for site in application.sites.all()],
            strict=False,
        )
        return shot_clock_data(result)

    @extend_schema_field(ChecklistEntrySerializer(many=True))
    def get_checklist(self, application):
        return checklist_data(application, self.context["checklist_items"])


class PermitApplicationCreateSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=40)
    applicant = serializers.PrimaryKeyRelatedField(queryset=Provider.objects.all())
    category = serializers.ChoiceField(choices=Category.choices)
    submitted_on = serializers.DateField(input_formats=ISO_DATE)
    sites = SiteInputSerializer(many=True, required=False)
    description = serializers.CharField(required=False, allow_blank=True)

    def validate_reference(self, value):
        if PermitApplication.objects.filter(reference=value).exists():
            raise serializers.ValidationError(f"An application with reference {value!r} already exists.")
        return value
