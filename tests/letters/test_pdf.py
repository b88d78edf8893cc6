"""The PDF's URL fetcher reads only the app's own static files and data: URLs; anything else stops the render."""

import pytest

from letters import pdf
from letters.rendering import LetterRenderError

FONT = "vendor/uswds/fonts/public-sans/PublicSans-Regular.ttf"


def test_a_static_url_maps_to_the_apps_own_file():
    path = pdf.static_path(f"{pdf.PDF_BASE_URL}static/{FONT}")
    assert path.endswith("static/" + FONT)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/static/" + FONT,  # another host, even with a static-looking path
        f"{pdf.PDF_BASE_URL}static/../config/settings.py",
        f"{pdf.PDF_BASE_URL}static/%2e%2e/config/settings.py",
        f"{pdf.PDF_BASE_URL}static//etc/passwd",
        f"{pdf.PDF_BASE_URL}media/letters/2026/CBO-2026-0001.pdf",  # issued letters are not assets
        f"{pdf.PDF_BASE_URL}static/vendor/does-not-exist.png",
    ],
)
def test_anything_but_our_static_files_is_refused(url):
    assert pdf.static_path(url) is None
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticOnlyURLFetcher().fetch(url)


def test_a_data_url_is_read():
    response = pdf.StaticOnlyURLFetcher().fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


def page(body):
    return (
        '<html lang="en"><head><title>Test</title><style>@font-face { font-family: P; src: url(static/' + FONT + "); }"
        " body { font-family: P; }</style></head><body>" + body + "</body></html>"
    )


def test_a_letter_with_only_our_fonts_and_a_data_image_renders():
    data = pdf.render_pdf(
        page('<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnLz4=">Hi')
    )
    assert data.startswith(b"%PDF")


@pytest.mark.parametrize(
    "body",
    [
        '<img src="file:///etc/passwd">',
        '<img src="http://127.0.0.1:9/tracker.png">',
        '<link rel="stylesheet" href="https://example.com/x.css">',
        "<style>@import url(file:///etc/hosts);</style>",
    ],
)
def test_a_letter_asking_for_anything_else_fails_to_render_with_the_reason(body):
    with pytest.raises(LetterRenderError, match=r"Error fetching|refused"):
        pdf.render_pdf(page(body))
