"""Links people type in (a provider's website, a license's source document) lead only to web pages.

A link is stored and shown only if it is an absolute http:// or https:// URL. Every other scheme is
refused: javascript: and vbscript: run code in the page, data: and blob: carry a document of their
own, file:, ftp: and the rest reach outside the web. The rule is here once: the model fields'
validators (so every service's full_clean, the forms and the API serializers apply it), the form
field core.forms.HttpsURLField, and the template filter core.templatetags.conduit.safe_url that
decides whether a stored value is rendered as a link at all.
"""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

SAFE_URL_SCHEMES = ("http", "https")
# Browsers drop leading and trailing spaces and control characters from a link, and tabs and line
# breaks anywhere in it ("java\tscript:" is javascript:), before they read its scheme.
_STRIPPED_ENDS = "".join(chr(c) for c in range(0x21))
_REMOVED_ANYWHERE = re.compile(r"[\t\n\r]")


def url_scheme(value):
    """The scheme a browser would read from `value`, lower-cased ("" for a relative link)."""
    text = _REMOVED_ANYWHERE.sub("", str(value)).strip(_STRIPPED_ENDS)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    return match.group(1).lower() if match else ""


def is_safe_url(value):
    """True for an absolute http(s) URL with a host; False for anything else, empty included."""
    if not value or url_scheme(value) not in SAFE_URL_SCHEMES:
        return False
    text = _REMOVED_ANYWHERE.sub("", str(value)).strip(_STRIPPED_ENDS)
    try:
        parts = urlsplit(text)
    except ValueError:  # an unbalanced IPv6 bracket, say
        return False
    return bool(parts.hostname)


@deconstructible
class SafeURLSchemeValidator:
    """Refuses a link that is not an absolute http:// or https:// URL (empty values are the field's business).

    Deliberately not a URLValidator subclass: Django REST framework drops URLValidator instances
    from a model field's validators when it builds a serializer field, and this one must stay."""

    message = "Enter a web address that starts with https:// (or http://); other kinds of link are not accepted."
    code = "unsafe_url_scheme"

    def __call__(self, value):
        if value in (None, ""):
            return
        if not is_safe_url(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, SafeURLSchemeValidator)

    def __hash__(self):
        return hash(SafeURLSchemeValidator)


validate_safe_url = SafeURLSchemeValidator()
