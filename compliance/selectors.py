"""Reads for compliance pages."""

from accounts.models import Provider


def home_summary():
    providers = list(Provider.objects.filter(is_active=True).order_by("name").only("id", "name", "kind"))
    return {"providers": providers}
