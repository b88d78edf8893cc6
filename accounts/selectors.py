from django.db.models import Count

from accounts.models import Provider, User


def provider_list():
    return Provider.objects.annotate(contact_count=Count("contacts", distinct=True)).order_by("name")


def provider_detail(pk):
    return Provider.objects.prefetch_related("contacts").get(pk=pk)


def locked_users():
    """Accounts locked after too many failed sign-ins, most recent first (the unlock page)."""
    return User.objects.filter(signin_locked_at__isnull=False).select_related("provider").order_by("-signin_locked_at")
