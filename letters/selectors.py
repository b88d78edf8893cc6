"""Reads for the letter pages: a fixed number of queries per page, whatever the data size."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q

from letters import kinds, sources, verification
from letters.models import Letter, LetterBatch, LetterDelivery, LetterEvent, LetterTemplateVersion


def letter_list():
    return Letter.objects.select_related("provider", "template_version", "created_by", "issued_by").order_by(
        "-created_at", "-id"
    )


def letter_detail(pk):
    corrections = Prefetch(
        "corrections", queryset=Letter.objects.exclude(status=Letter.Status.DISCARDED).order_by("created_at")
    )
    return (
        Letter.objects.select_related(
            "provider",
            "template_version",
            "created_by",
            "approved_by",
            "issued_by",
            "supersedes",
            "batch",
            "source_type",
            "matter_type",
        )
        .prefetch_related(
            corrections,
            Prefetch("events", queryset=LetterEvent.objects.select_related("actor").order_by("at", "id")),
            Prefetch("deliveries", queryset=LetterDelivery.objects.select_related("requested_by")),
            *sources.letter_prefetches(),
        )
        .get(pk=pk)
    )


def letters_for(obj):
    """Letters about a record: those made from it and, for a license or an application, from its filings too.

    For the record pages (license, application): include
    templates/letters/_record_letters.html with `letters`.
    """
    content_type = ContentType.objects.get_for_model(obj)
    return list(
        Letter.objects.filter(
            Q(matter_type=content_type, matter_id=obj.pk) | Q(source_type=content_type, source_id=obj.pk)
        )
        .exclude(status=Letter.Status.DISCARDED)
        .select_related("provider")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=Letter.objects.filter(status=Letter.Status.ISSUED).only("id", "number", "supersedes_id"),
            )
        )
        .order_by("-issued_on", "-created_at", "-id")
    )


def letter_kinds_for(obj):
    """[(kind, source reference)] of the letters that can be drafted from `obj`, for "Draft a letter" links."""
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    ref = f"{label}:{obj.pk}"
    return [(kind, ref) for kind in kinds.KINDS.values() if label in kind.sources]


def portal_letters(provider):
    """A provider's own issued letters, newest first, with the corrections that supersede them."""
    return (
        Letter.objects.filter(provider=provider, status=Letter.Status.ISSUED)
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=Letter.objects.filter(status=Letter.Status.ISSUED).only(
                    "id", "number", "issued_on", "supersedes_id"
                ),
            )
        )
        .select_related("supersedes")
        .order_by("-issued_on", "-id")
    )


def template_overview():
    """Each kind with its current version and how many versions it has."""
    versions = list(LetterTemplateVersion.objects.select_related("created_by").order_by("kind", "-number"))
    rows = []
    for kind in kinds.KINDS.values():
        mine = [version for version in versions if version.kind == kind.code]
        rows.append({"kind": kind, "current": mine[0] if mine else None, "count": len(mine)})
    return rows


def template_versions(kind_code):
    return list(LetterTemplateVersion.objects.filter(kind=kind_code).select_related("created_by").order_by("-number"))


def batch_list():
    return LetterBatch.objects.select_related("created_by", "template_version").order_by("-created_at", "-id")


VERIFY_FIELDS = ("id", "number", "issued_on", "sha256", "verification_code", "data", "provider_id", "supersedes_id")


def verify_by_code(*, number, code):
    """The issued letter with this number, if `code` is its verification code; None otherwise.

    The public page shows a letter only to its holder: a number alone is guessable (they are
    sequential), the code printed beside it is not. The comparison runs, in constant time, whether or
    not the number exists, and a letter issued before codes existed matches no code."""
    letter = (
        Letter.objects.filter(status=Letter.Status.ISSUED, number__iexact=number.strip()).only(*VERIFY_FIELDS).first()
    )
    stored = letter.verification_code if letter else None
    return letter if verification.matches(code, stored) else None


def verify_by_sha256(sha256):
    """The issued letter whose PDF has this SHA-256 (the visitor holds the file, or its fingerprint)."""
    if not sha256:
        return None
    return (
        Letter.objects.filter(status=Letter.Status.ISSUED, sha256=sha256.strip().lower()).only(*VERIFY_FIELDS).first()
    )


def issued_correction(letter):
    return Letter.objects.filter(supersedes=letter, status=Letter.Status.ISSUED).only("number", "issued_on").first()
