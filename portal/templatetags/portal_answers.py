"""Tags for the application detail page's answers and messages partials."""

from django import template

from permits.answers import answer_options as options_for
from portal import selectors_answers

register = template.Library()


@register.simple_tag
def answer_options(application, clock):
    """{% answer_options application clock as options %}: what the applicant can answer now."""
    return options_for(application, clock)


@register.simple_tag
def latest_messages(application):
    """{% latest_messages application as latest %}: {"messages": the newest few, oldest first, "count": all}."""
    messages, count = selectors_answers.latest_messages(application)
    return {"messages": messages, "count": count}
