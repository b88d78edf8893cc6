from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(obj):
    meta = obj._meta
    return reverse("history", args=[meta.app_label, meta.model_name, obj.pk])
