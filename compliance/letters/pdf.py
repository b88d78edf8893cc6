"""PDF rendering with WeasyPrint, the same on every machine. Imported by the worker only.

- Fonts ship with the app: Public Sans from USWDS (static/vendor/uswds/fonts).
  Every piece of text is set in it, so the PDF does not depend on the fonts
  of the machine that renders it (tests check the PDF embeds no other font).
- The URL fetcher reads only the app's own static files (through the
  staticfiles finders, then the collected storage) and data: URLs. Anything
  else (file://, http(s)://, a path outside the static files, a local() font)
  stops the render with an error, rather than quietly leaving something out.
"""

import mimetypes
from functools import cache
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from compliance.letters.rendering import LetterRenderError

# Not a real host: the fetcher maps URLs under it to the app's static files, and
# nothing else resolves, so a stray absolute URL can never reach the network.
PDF_BASE_URL = "https://static.conduit.invalid/"
STATIC_ROOT_PATH = "/static/"


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


def render_pdf(html):
    """PDF bytes from a letter's HTML; LetterRenderError with the reason when WeasyPrint cannot."""
    try:
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher())
        return document.write_pdf(font_config=font_config())
    except FatalURLFetchingError as error:  # a BaseException in WeasyPrint: turn it into an ordinary error
        raise LetterRenderError(f"{error} ({error.__cause__})") from None
    except Exception as error:
        raise LetterRenderError(f"{type(error).__name__}: {error}") from error
