"""PDF rendering with WeasyPrint, the same on every machine. Imported by the worker only
(and by the one staff view that renders on request, the permits clock record).

- Every PDF Conduit makes is PDF/A-3a (ISO 19005-3, level A): archival, with
  the fonts and the colour profile embedded, and tagged, so a screen reader
  follows the headings, paragraphs, lists and tables in reading order
  (Section 508, 36 CFR 1194, which takes in WCAG 2.0). The document language
  comes from `<html lang>` and the title from `<title>`; a render without
  either stops with an error, since neither standard allows it. PDF/A-3 (not
  -2) because it allows embedded files of any type: an issued letter carries
  the JSON it was rendered from, related to the document as its "Data".

- Fonts ship with the app: Public Sans from USWDS (static/vendor/uswds/fonts).
  Every piece of text is set in it, so the PDF does not depend on the fonts
  of the machine that renders it (tests check the PDF embeds no other font).
- The URL fetcher reads only the app's own static files (through the
  staticfiles finders, then the collected storage) and data: URLs. Anything
  else (file://, http(s)://, a path outside the static files, a local() font)
  stops the render with an error, rather than quietly leaving something out.
"""

import io
import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from letters import rendering
from letters.rendering import LetterRenderError

# Not a real host: the fetcher maps URLs under it to the app's static files, and
# nothing else resolves, so a stray absolute URL can never reach the network.
PDF_BASE_URL = "https://static.conduit.invalid/"
STATIC_ROOT_PATH = "/static/"
# PDF/A-3, conformance level A: tagged, with Unicode text (ISO 19005-3:2012, 6.8 and 6.2.11.7).
PDF_VARIANT = "pdf/a-3a"
SNAPSHOT_DESCRIPTION = "Frozen data this letter was rendered from"


class RefusedURL(ValueError):
    """A letter asked for something other than the app's static files or a data: URL."""


def static_path(url):
    """The file on disk behind a letter's static URL, or None when the URL is not one of ours."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != PDF_BASE_URL or not parts.path.startswith(STATIC_ROOT_PATH):
        return None
    relative = unquote(parts.path[len(STATIC_ROOT_PATH) :])
    if not relative or relative.startswith("/") or "\\" in relative or ".." in relative.split("/"):
        return None
    try:
        found = finders.find(relative)
        if found:
            return found
        if staticfiles_storage.exists(relative):
            return staticfiles_storage.path(relative)
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        return None
    return None


class StaticOnlyURLFetcher(URLFetcher):
    """WeasyPrint's fetcher, narrowed to the app's static files and data: URLs; every refusal is fatal."""

    def __init__(self):
        super().__init__(fail_on_errors=True, allow_redirects=False, allowed_protocols=("data",))

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_path(url)
        if path is None:
            raise RefusedURL(f"Letters load only Conduit's own static files and data: URLs; refused {url[:200]!r}.")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        # WeasyPrint reads and closes the file.
        return URLFetcherResponse(url, body=open(path, "rb"), headers={"Content-Type": mime_type})


@cache
def font_config():
    """One font configuration per worker process: WeasyPrint loads each @font-face once and reuses it
    (it keys the fonts by their rule), which saves reloading the same four Public Sans files per letter.
    The workers are processes, each rendering one letter at a time."""
    return FontConfiguration()


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF (PDF/A-3 allows any type, ISO 19005-3:2012, 6.8).

    `relationship` is the file's /AFRelationship to the document (ISO 32000-2, 7.11.3):
    "Data" for the data the visible document was made from, "Source" for its source.
    `modified` is an aware datetime: fixed by the caller, so the same inputs give the same bytes.
    """

    name: str
    content: bytes
    description: str
    modified: datetime
    relationship: str = "Data"


def _attachment(embedded):
    # WeasyPrint writes the dates as UTC without converting them: hand it UTC.
    when = embedded.modified.astimezone(UTC).replace(tzinfo=None)
    return Attachment(
        file_obj=io.BytesIO(embedded.content),
        name=embedded.name,
        description=embedded.description,
        created=when,
        modified=when,
        relationship=embedded.relationship,
    )


def _list_each_file_once(document, pdf):
    """WeasyPrint 70 puts each embedded file in the catalog's /AF array twice; keep one of each."""
    files = pdf.catalog.get("AF")
    if files:
        files[:] = list(dict.fromkeys(files))


def render_pdf(html, *, attachments=(), title=None):
    """Tagged PDF/A-3a bytes from Conduit's HTML; LetterRenderError with the reason when WeasyPrint cannot.

    The one way Conduit makes a PDF (letters and the permits clock record). `attachments` are
    EmbeddedFiles; `title` replaces the HTML's `<title>` in the PDF's metadata.
    """
    options = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    try:
        source = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher())
        document = source.render(font_config=font_config(), **options)
        if title:
            document.metadata.title = title
        if not document.metadata.lang:
            raise LetterRenderError('An archival PDF needs its language: give the HTML <html lang="en">.')
        if not document.metadata.title:
            raise LetterRenderError("An archival PDF needs a title: give the HTML a <title>.")
        return document.write_pdf(
            attachments=[_attachment(item) for item in attachments], finisher=_list_each_file_once, **options
        )
    except LetterRenderError:
        raise
    except FatalURLFetchingError as error:  # a BaseException in WeasyPrint: turn it into an ordinary error
        raise LetterRenderError(f"{error} ({error.__cause__})") from None
    except Exception as error:
        raise LetterRenderError(f"{type(error).__name__}: {error}") from error


def letter_pdf(snap, *, number):
    """An issued letter's PDF: its HTML from the snapshot, with the snapshot itself embedded as `<number>.json`.

    Everything comes from the snapshot (the file's date is the issue date, midnight in Boston), so
    rendering the same snapshot again gives the same bytes.
    """
    frozen = EmbeddedFile(
        name=f"{number}.json",
        content=rendering.snapshot_json(snap),
        description=SNAPSHOT_DESCRIPTION,
        modified=rendering.issue_midnight(snap),
    )
    return render_pdf(rendering.letter_html(snap), attachments=[frozen])
