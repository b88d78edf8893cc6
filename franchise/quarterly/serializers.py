"""API shapes for quarterly reports. Money and rates as strings, dates "YYYY-MM-DD"."""

from rest_framework import serializers

from franchise.models import QuarterlyReport


class QuarterlyReportSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    fee_rate = serializers.DecimalField(source="fee_rate_percent", max_digits=5, decimal_places=3, read_only=True)
    status = serializers.CharField(
        source="payment_status",
        read_only=True,
        help_text="The reconciliation: paid, underpaid (beyond the tolerance) or overpaid (franchise/fees.py).",
    )
    failed_standards = serializers.ListField(
        source="failed_standard_list", child=serializers.CharField(), read_only=True
    )
    review_status = serializers.CharField(
        source="status", read_only=True, help_text="received, accepted, deficient or superseded."
    )

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "reference",
            "provider",
            "provider_name",
            "license",
            "filing",
            "year",
            "quarter",
            "period_start",
            "period_end",
            "template_version",
            "subscribers",
            "gross_revenue",
            "fee_rate",
            "fee_due",
            "fee_remitted",
            "variance",
            "status",
            "tolerance",
            "underpaid",
            "peg_remitted",
            "scorecard_result",
            "failed_standards",
            "review_status",
            "staff_comment",
            "replaces",
            "uploaded_at",
            "reviewed_at",
        ]
        read_only_fields = fields
