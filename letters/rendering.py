"""A letter's HTML, from the snapshot of its wording and values.

The HTML comes from templates/letters/<kind>.html (our own files) with a
snapshot of the letter: its wording with placeholders, and its values.
Legal's wording is substituted and escaped by placeholders.to_html before it
reaches the template, so it can never run a tag. The same HTML makes the PDF
(letters/pdf.py, in the worker) and the on-screen preview.
"""

import hashlib
import json
from datetime import date, datetime, time
from importlib.metadata import version
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from letters import kinds, placeholders

# For the PDF, assets are relative URLs under pdf.PDF_BASE_URL, which the PDF's URL fetcher
# maps to the app's static files; for a browser preview they are under STATIC_URL.
PDF_STATIC_PREFIX = "static/"
# 2: the verification code printed on the letter (`verification_code`); a format-1 snapshot has none.
SNAPSHOT_FORMAT = 2
RENDERER = f"WeasyPrint {version('weasyprint')}"

DEFAULT_LETTERHEAD = {
    "city": "City of Boston",
    "department": "Law Department",
    "office": "for the Cable & Broadband Office",
    "address": ["One City Hall Square", "Boston, Massachusetts 02201"],
    "return_address": "City of Boston Law Department, One City Hall Square, Boston, MA 02201",
}


class LetterRenderError(RuntimeError):
    """WeasyPrint could not render the letter (the message says why)."""


def letterhead():
    return {**DEFAULT_LETTERHEAD, **getattr(settings, "LETTERHEAD", {})}


# The snapshot: exactly what a PDF is rendered from --------------------------------


def snapshot(*, kind, template_version, subject, body, closing, data, illustrative, verify_url, verification_code=None):
    """Everything the letter's HTML needs, as JSON: stored on the letter when it is issued.

    `verification_code` is printed next to the verification line (None for a draft's preview)."""
    return {
        "format": SNAPSHOT_FORMAT,
        "kind": kind,
        "template_version": template_version,
        "subject": subject,
        "body": body,
        "closing": closing,
        "data": data,
        "illustrative": illustrative,
        "verify_url": verify_url,
        "verification_code": verification_code,
        "letterhead": letterhead(),
        "renderer": RENDERER,
    }


def _scalars(values):
    return {name: value for name, value in values.items() if not isinstance(value, list)}


def subject_text(snap):
    """The subject line with its placeholders filled in."""
    return placeholders.substitute(snap["subject"], _scalars(kinds.display_values(snap["kind"], snap["data"])))


def letter_context(snap, *, static_prefix, draft=False):
    kind = kinds.get(snap["kind"])
    values = kinds.display_values(kind.code, snap["data"])
    scalars = _scalars(values)
    address = [values["provider_name"]]
    if values["attention"]:
        address.append(f"Attn: {values['attention']}")
    address += [line.strip() for line in values["recipient_address"].splitlines() if line.strip()]
    return {
        "kind": kind,
        "v": values,
        "subject": placeholders.substitute(snap["subject"], scalars),
        "body_html": mark_safe(placeholders.to_html(snap["body"], scalars)),  # noqa: S308 (escaped by to_html)
        "closing_html": mark_safe(placeholders.to_html(snap["closing"], scalars)),  # noqa: S308
        "address_lines": address,
        "letterhead": snap["letterhead"],
        "illustrative": snap["illustrative"],
        "verify_url": snap["verify_url"],
        "verification_code": snap.get("verification_code"),  # format 1 (issued before codes): none
        "draft": draft,
        "static_prefix": static_prefix,
        "issue_date_iso": snap["data"].get("issue_date") or "",
        "template_version": snap["template_version"],
    }


def letter_html(snap, *, static_prefix=PDF_STATIC_PREFIX, draft=False):
    """The letter's HTML. For the PDF, assets are relative to PDF_BASE_URL; for a browser preview, pass STATIC_URL."""
    context = letter_context(snap, static_prefix=static_prefix, draft=draft)
    return render_to_string(context["kind"].template_name, context)


def snapshot_json(snap):
    """The snapshot as the JSON file embedded in the issued PDF: sorted keys, UTF-8, no ASCII escapes."""
    return json.dumps(snap, sort_keys=True, ensure_ascii=False, indent=2).encode("utf-8")


def issue_midnight(snap):
    """The start of the letter's issue date in the City's time zone (the date the embedded file carries)."""
    day = date.fromisoformat(snap["data"]["issue_date"])
    return datetime.combine(day, time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def pdf_response(template, context, *, filename, what, logger):
    """A record PDF (not a letter: nothing stored) made from `template`, answered inline and never cached;
    a rendering failure is logged and answered in plain words. `what` names it ("The receipt")."""
    from django.http import HttpResponse

    # WeasyPrint loads only when such a PDF is asked for, not in every web process.
    from letters.pdf import render_pdf

    html = render_to_string(template, context)
    try:
        data = render_pdf(html, title=context["title"])
    except LetterRenderError as error:
        logger.error("%s (%s) could not be rendered: %s", what, filename, error)
        return HttpResponse(f"{what} could not be made: {error}", status=500, content_type="text/plain")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
