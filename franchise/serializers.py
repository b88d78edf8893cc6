"""API shapes for cable licenses. Dates "YYYY-MM-DD", money as strings."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.apifields import StrictCharField
from franchise import recurrence
from franchise.models import AMOUNT_MESSAGE, FEE_CAP_MESSAGE, Filing, License, Obligation, Payment


class RenewalWindowSerializer(serializers.Serializer):
    opens = serializers.DateField()
    closes = serializers.DateField()


class RenewalDateSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    citation = serializers.CharField()
    note = serializers.CharField()


class LicenseSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    term_years = serializers.IntegerField(read_only=True)
    renewal_window = serializers.SerializerMethodField()
    renewal_calendar = serializers.SerializerMethodField()

    class Meta:
        model = License
        fields = [
            "id",
            *License.EDITABLE_FIELDS,
            "provider_name",
            "term_years",
            *License.RENEWAL_FIELDS,
            "renewal_window",
            "renewal_calendar",
            "is_illustrative",
        ]
        read_only_fields = ["is_illustrative"]
        extra_kwargs = {"fee_rate_percent": {"error_messages": {"max_value": FEE_CAP_MESSAGE}}}

    @extend_schema_field(RenewalWindowSerializer)
    def get_renewal_window(self, license):
        opens, closes = license.renewal_window
        return {"opens": opens.isoformat(), "closes": closes.isoformat()}

    @extend_schema_field(RenewalDateSerializer(many=True))
    def get_renewal_calendar(self, license):
        return [
            {
                "key": item.key,
                "label": item.label,
                "date": item.date.isoformat() if item.date else None,
                "citation": item.citation,
                "note": item.note,
            }
            for item in license.renewal_calendar()
        ]


class ObligationSerializer(serializers.ModelSerializer):
    rule_text = serializers.CharField(read_only=True)

    class Meta:
        model = Obligation
        fields = ["id", "license", "catalogue_code", *Obligation.EDITABLE_FIELDS, "rule_text"]
        # The bounds franchise.recurrence.rule_errors enforces, in the schema (and the same on every database,
        # where the model fields alone would give each database's integer range).
        extra_kwargs = {
            "interval": {"min_value": 0, "max_value": recurrence.MAX_INTERVAL},
            "due_offset_days": {"min_value": 0, "max_value": recurrence.MAX_OFFSET_DAYS},
            "due_offset_months": {"min_value": 0, "max_value": recurrence.MAX_OFFSET_MONTHS},
            "grace_days": {"min_value": 0, "max_value": recurrence.MAX_GRACE_DAYS},
            # Checked against the due rule by rule_errors (other rules ignore them); here the range Django
            # promises for a PositiveSmallIntegerField on every database.
            "due_month": {"min_value": 0, "max_value": 32767},
            "due_day": {"min_value": 0, "max_value": 32767},
        }


class FilingSerializer(serializers.ModelSerializer):
    obligation_title = serializers.CharField(source="obligation.title", read_only=True)
    kind = serializers.CharField(source="obligation.kind", read_only=True)
    # The reverse side of `replaces`: the resubmission that replaced this filing, if any.
    replaced_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Filing
        fields = [
            "id",
            "license",
            "obligation",
            "obligation_title",
            "kind",
            "period_start",
            "period_end",
            "due_date",
            "grace_ends",
            "status",
            "received_date",
            "gross_revenue",
            "document_reference",
            "notes",
            "replaces",
            "replaced_by",
            "is_generated",
        ]
        read_only_fields = [
            "license",
            "due_date",
            "grace_ends",
            "status",
            "received_date",
            "gross_revenue",
            "document_reference",
            "replaces",
            "is_generated",
        ]


class FilingRecordSerializer(serializers.Serializer):
    received_date = serializers.DateField()
    gross_revenue = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    document_reference = StrictCharField(required=False, allow_blank=True, default="")
    notes = StrictCharField(required=False, allow_blank=True, default="")


class FilingReviewSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[Filing.Status.ACCEPTED, Filing.Status.DEFICIENT])
    notes = StrictCharField(required=False, allow_blank=True, default="")


class FilingWaiveSerializer(serializers.Serializer):
    reason = StrictCharField()


class PaymentSerializer(serializers.ModelSerializer):
    counts_toward_cap = serializers.BooleanField(required=False, allow_null=True, default=None)

    class Meta:
        model = Payment
        fields = ["id", "license", *Payment.EDITABLE_FIELDS]
        extra_kwargs = {"amount": {"error_messages": {"min_value": AMOUNT_MESSAGE}}}
