from datetime import date

from django import template
from django.urls import reverse
from django.utils.html import format_html

from core import dates
from core.validators import is_safe_url

register = template.Library()


@register.filter
def day(value):
    """A date (or the local day of a datetime) as "Tue, Dec 7, 2026" (core.dates.day)."""
    return dates.day(value)


@register.filter
def moment(value):
    """An event time in the City's time zone as "Tue, Dec 7, 2026, 3:04 p.m." (core.dates.moment)."""
    return dates.moment(value)


@register.filter
def relative(value, today=None):
    """How far a date is from today in words, "in 6 days" (core.dates.relative)."""
    return dates.relative(value, today)


@register.filter
def due(value, today=None):
    """A deadline: the day in a <time> element, then how far it is ("Tue, Dec 7, 2026 (in 6 days)")."""
    if not isinstance(value, date):
        return ""
    return format_html(
        '<time datetime="{}">{}</time> <span class="conduit-relative">({})</span>',
        dates.local_day(value).isoformat(),
        dates.day(value),
        dates.relative(value, today),
    )


@register.filter
def safe_url(value):
    """The link itself if it may be an href (an absolute http(s) URL), else "".

    Every write path refuses other links (core.validators); this is the second line, for a value
    that reached the database some other way: `{% with link=record.website|safe_url %}` and render
    `<a href>` only `{% if link %}`, the plain text otherwise.
    """
    return value if is_safe_url(value) else ""


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
