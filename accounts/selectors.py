from django.db.models import Count

from accounts.models import Provider


def provider_list():
    return Provider.objects.annotate(contact_count=Count("contacts", distinct=True)).order_by("name")


def provider_detail(pk):
    return Provider.objects.prefetch_related("contacts").get(pk=pk)
