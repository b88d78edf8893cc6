from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

STATUS_CLASSES = {
    "open": "bg-base-dark",
    "received": "bg-primary",
    "late": "bg-gold text-ink",
    "accepted": "bg-green",
    "deficient": "bg-secondary-dark",
    "waived": "bg-base",
}


@register.simple_tag
def filing_status(filing, today):
    """A filing's status as a USWDS tag; an open filing past its grace period shows "Overdue"."""
    if filing.is_overdue(today):
        return mark_safe('<span class="usa-tag bg-secondary-dark">Overdue</span>')
    return format_html(
        '<span class="usa-tag {}">{}</span>', STATUS_CLASSES.get(filing.status, ""), filing.get_status_display()
    )


@register.simple_tag
def result_tag(result):
    """pass / fail / no data, for scorecard metrics and cap checks."""
    css = {"pass": "bg-green", "fail": "bg-secondary-dark"}.get(result, "bg-base")
    return format_html('<span class="usa-tag {}">{}</span>', css, result)


@register.filter
def money(value):
    """$1,234.56; negative amounts as -$1,234.56; blank for None."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"
