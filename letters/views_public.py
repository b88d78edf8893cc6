"""The public verification page: anyone holding a letter checks that it is the issued original.

It shows a letter's number, issue date and recipient (plus the number and
date of a correction that supersedes it, which a holder must know) only to a
visitor who holds the letter: its PDF, the PDF's SHA-256, or its number
together with the verification code printed on it. Letter numbers are
sequential, so a number alone, or with a wrong code, gets one neutral answer,
the same text and status whether or not the number exists.

Uploads are hostile: the size is checked before the body is read and again
while it streams, the file is hashed and dropped (never stored, never
parsed), and each address gets a limited number of checks
(LETTER_VERIFY_RATE, default 30 per 10 minutes).
"""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from core.clientaddress import client_address
from letters import selectors
from letters.forms import VERIFY_MAX_BYTES, VerifyForm

TEMPLATE = "letters/verify.html"
RATE = getattr(settings, "LETTER_VERIFY_RATE", (30, 600))  # checks, seconds
# Room for the form fields and multipart boundaries around the file itself.
BODY_ALLOWANCE = 64 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops an upload as soon as it passes the limit, whatever Content-Length claimed."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _client(request):
    return client_address(request)  # X-Forwarded-For only from trusted proxies


def _over_rate(request):
    limit, window = RATE
    key = f"letter-verify:{_client(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def _digest(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@login_not_required
@csrf_exempt  # CSRF is checked in _verify, after the upload handlers are set (Django's documented pattern)
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    if request.method == "POST":
        if _over_rate(request):
            return render(
                request,
                TEMPLATE,
                {"form": VerifyForm(), "refused": "Too many checks from your address. Try again in a few minutes."},
                status=429,
            )
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > VERIFY_MAX_BYTES + BODY_ALLOWANCE:
            return render(
                request,
                TEMPLATE,
                {"form": VerifyForm(), "refused": "The upload is too large: no letter is that large."},
                status=413,
            )
        request.upload_handlers.insert(0, SizeLimitUploadHandler(request, VERIFY_MAX_BYTES))
    return _verify(request)


@csrf_protect
def _verify(request):
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": VerifyForm()})
    form = VerifyForm(request.POST, request.FILES)
    if request.upload_handlers and getattr(request.upload_handlers[0], "exceeded", False):
        return render(
            request,
            TEMPLATE,
            {"form": VerifyForm(), "refused": "The upload is too large: no letter is that large."},
            status=413,
        )
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    return render(request, TEMPLATE, {"form": VerifyForm(), "result": _result(form.cleaned_data)})


def _result(cleaned):
    """What the page may say. A letter's details only to its holder: the file, its SHA-256, or the number
    with its code. Anything else gets an answer that is the same whether or not the number exists."""
    number, code, upload = cleaned["number"], cleaned["code"], cleaned.get("file")
    claimed = _digest(upload) if upload else cleaned["sha256"]
    by_file = selectors.verify_by_sha256(claimed) if claimed else None
    by_code = selectors.verify_by_code(number=number, code=code) if number else None
    letter = by_file or by_code
    if by_file:
        outcome = "match"
    elif claimed:
        # A file that matches nothing: altered, or not ours. Only a holder of the code learns which letter.
        outcome = "altered" if by_code else "no_match"
    else:
        outcome = "genuine" if by_code else "unconfirmed"
    return {
        "outcome": outcome,
        "claimed": claimed,
        "uploaded": bool(upload),
        "letter": letter,
        "recipient": letter.data.get("provider_name", "") if letter else "",
        "correction": selectors.issued_correction(letter) if letter else None,
    }
