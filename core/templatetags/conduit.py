from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj):
    meta = obj._meta
    return reverse("staff:history", args=[meta.app_label, meta.model_name, obj.pk])


@register.simple_tag
def portal_deadline_url(deadline):
    """Where a provider user can see a deadline's record in the portal ("" if nowhere).

    The deadline's own link points at the staff page, which provider users
    cannot open.
    """
    from django.contrib.contenttypes.models import ContentType

    if not deadline.source_type_id:
        return ""
    model = ContentType.objects.get_for_id(deadline.source_type_id).model  # cached by Django
    if model == "filing":
        return reverse("portal:filing-detail", args=[deadline.source_id])
    if model == "license":
        return reverse("portal:license-detail", args=[deadline.source_id])
    return ""
