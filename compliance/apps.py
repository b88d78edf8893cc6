from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    """Holds no code and no models: only the migrations that created the
    deadline, closure-day and letter tables before those models moved to the
    businessdays, deadlines and letters apps. Kept installed so databases made
    before the move, and new ones, reach the same schema (docs/architecture.md)."""

    name = "compliance"
    verbose_name = "Compliance (migrations from before the app split)"
