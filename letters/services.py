"""Writes for compliance letters. Every write names its actor and runs in one transaction.

The workflow: draft (prefilled from the record) -> Legal edits -> approved
-> issued. Issuing assigns the number and the date and freezes the wording
and the values (status "issuing", in the request); the django-q2 worker then
renders the PDF and stores it with its SHA-256 (status "issued"). Side
effects (rendering, email, the batch job) are queued in
transaction.on_commit, never before the data is safely written.
"""

import csv
import io
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django_q.tasks import async_task

from accounts.audit import acting_as, system_user
from businessdays.selectors import business_calendar
from core.emails import make_message
from core.exports import csv_safe
from deadlines.models import Deadline
from deadlines.sync import deadline_close, deadline_sync
from letters import kinds, placeholders, rendering, sources, verification, workflow
from letters.models import Letter, LetterBatch, LetterDelivery, LetterEvent, LetterSequence, LetterTemplateVersion

logger = logging.getLogger(__name__)

NUMBER_PREFIX = getattr(settings, "LETTER_NUMBER_PREFIX", "CBO")
TEXT_FIELDS = ("subject", "body", "closing")
UNCHANGED_ON_ISSUE = (
    "template_version",
    "provider",
    "source_type",
    "matter_type",
    "supersedes",
    "batch",
    "created_by",
    "approved_by",
)
# Issued letters that set a date the City follows up: (value, title, provider must act).
FOLLOW_UPS = {
    kinds.CURE_NOTICE.code: ("cure_by", "Cure period ends", True),
    kinds.FEE_INTEREST.code: ("pay_by", "Payment demanded by", True),
    kinds.CS_ENFORCEMENT.code: ("enforce_from", "City may enforce the customer-service standards from", False),
}


def _event(letter, kind, actor, detail=""):
    event = LetterEvent(letter=letter, kind=kind, actor=actor, detail=detail[:4000])
    event.save()
    return event


def _enqueue(task, *args):
    transaction.on_commit(lambda: async_task(f"letters.tasks.{task}", *args))


def verify_url():
    return f"{settings.SITE_URL}{reverse('letters:verify')}"


# Template versions ---------------------------------------------------------------


def current_version(kind_code):
    """The kind's newest wording. Version 1 ships with Conduit (migration 0005); a database emptied since
    (manage.py flush, a test harness) gets it back the same way rather than refusing to draft."""
    version = LetterTemplateVersion.objects.filter(kind=kind_code).order_by("-number").first()
    if version is None:
        kind = kinds.get(kind_code)
        version, _created = LetterTemplateVersion.objects.get_or_create(
            kind=kind.code,
            number=1,
            defaults={
                "subject": kind.subject,
                "body": kind.body,
                "closing": kind.closing,
                "note": "First version, shipped with Conduit.",
            },
        )
    return version


def _text_errors(kind_code, texts):
    """{field: [messages]} for wording that uses anything but the kind's placeholders."""
    allowed = kinds.placeholder_names(kind_code)
    errors = {}
    for name, text in texts.items():
        found = placeholders.problems(text or "", allowed)
        if found:
            errors[name] = found
    return errors


def template_version_create(*, actor, kind, subject, body, closing="", note=""):
    """Save new wording for a letter kind as its next version; the old ones stay."""
    kinds.get(kind)
    errors = _text_errors(kind, {"subject": subject, "body": body, "closing": closing})
    if not (subject or "").strip():
        errors.setdefault("subject", []).append("Give the letter a subject.")
    if not (body or "").strip():
        errors.setdefault("body", []).append("The letter needs some text.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        last = (
            LetterTemplateVersion.objects.select_for_update()
            .filter(kind=kind)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        version = LetterTemplateVersion(
            kind=kind,
            number=(last or 0) + 1,
            subject=subject.strip(),
            body=body.strip(),
            closing=(closing or "").strip(),
            note=note.strip(),
            created_by=actor,
        )
        version.full_clean()
        version.save()
    return version


# Drafts --------------------------------------------------------------------------


def letter_create(*, actor, kind, source, batch=None, today=None):
    """A draft of `kind` made from `source` (a record, or a reference like "franchise.filing:12")."""
    kinds.get(kind)
    if isinstance(source, str):
        source = sources.load_source(source)
    today = today or timezone.localdate()
    data, _notes = sources.prefill(kind, source, actor=actor, today=today, calendar=business_calendar())
    version = batch.template_version if batch else current_version(kind)
    with transaction.atomic(), acting_as(actor):
        letter = _new_letter(
            actor=actor, kind=kind, source=source, data=data, version=version, texts=version, batch=batch
        )
        _event(
            letter, LetterEvent.Kind.CREATED, actor, f"From {letter.source_label}; wording version {version.number}."
        )
    return letter


def _new_letter(*, actor, kind, source, data, version, texts, batch=None, supersedes=None):
    letter = Letter(
        kind=kind,
        template_version=version,
        subject=texts.subject,
        body=texts.body,
        closing=texts.closing,
        data=data,
        provider=sources.provider_of(source),
        source=source,
        matter=sources.matter_of(source),
        source_label=sources.label_of(source)[:300],
        is_illustrative=sources.is_illustrative(source),
        batch=batch,
        supersedes=supersedes,
        created_by=actor,
    )
    letter.full_clean()
    letter.save()
    return letter


def _refuse_unless(action, letter):
    """Raise the workflow's refusal (letters/workflow.py) when `action` may not run on `letter` now."""
    refusal = workflow.refusal(action, letter.status)
    if refusal:
        raise ValidationError(refusal)


def _locked_for_edit(letter, action="edit"):
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    _refuse_unless(action, letter)
    return letter


def _source(letter):
    return sources.load_source(letter.source_ref)


def letter_update(*, letter, actor, subject, body, closing, values, today=None):
    """Legal's edits to a draft: the wording (whitelisted placeholders only) and the editable values.

    `values` holds Python values (dates, Decimals, ints, lists) for the kind's
    editable fields; computed values are worked out again from the record.
    """
    texts = {"subject": subject, "body": body, "closing": closing}
    errors = _text_errors(letter.kind, texts)
    fields = {field.name: field for field in kinds.editable_fields(letter.kind)}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    data = {name: kinds.to_json(fields[name], value) for name, value in values.items()}
    for name, message in kinds.input_errors(letter.kind, data).items():
        errors.setdefault(name, []).append(message)
    if not (subject or "").strip():
        errors.setdefault("subject", []).append("Give the letter a subject.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        letter = _locked_for_edit(letter)
        merged = {**letter.data, **data}
        computed, _notes = sources.computed(
            letter.kind, _source(letter), merged, on=today or timezone.localdate(), calendar=business_calendar()
        )
        letter.data = {**merged, **computed}
        letter.subject, letter.body, letter.closing = subject.strip(), body.strip(), (closing or "").strip()
        letter.full_clean()
        letter.save()
        _event(letter, LetterEvent.Kind.EDITED, actor)
    return letter


def letter_refresh(*, letter, actor, today=None):
    """Prefill the values again from the record as it is now (the wording is kept)."""
    with transaction.atomic(), acting_as(actor):
        letter = _locked_for_edit(letter, "refresh")
        data, _notes = sources.prefill(
            letter.kind, _source(letter), actor=actor, today=today or timezone.localdate(), calendar=business_calendar()
        )
        letter.data = {**data, **{k: v for k, v in letter.data.items() if k.startswith("supersedes_")}}
        letter.full_clean()
        letter.save()
        _event(letter, LetterEvent.Kind.REFRESHED, actor)
    return letter


def letter_use_wording(*, letter, actor):
    """Replace a draft's wording with the kind's newest template version."""
    with transaction.atomic(), acting_as(actor):
        letter = _locked_for_edit(letter, "wording")
        version = current_version(letter.kind)
        letter.template_version = version
        letter.subject, letter.body, letter.closing = version.subject, version.body, version.closing
        letter.full_clean()
        letter.save()
        _event(letter, LetterEvent.Kind.NEW_WORDING, actor, f"Wording version {version.number}.")
    return letter


def _ready_problems(letter, data):
    problems = []
    for name, messages in _text_errors(letter.kind, {f: getattr(letter, f) for f in TEXT_FIELDS}).items():
        problems += [f"{name.capitalize()}: {message}" for message in messages]
    problems += kinds.missing_values(letter.kind, data, [getattr(letter, f) for f in TEXT_FIELDS])
    problems += list(kinds.input_errors(letter.kind, data).values())
    return problems


SECOND_APPROVER_REQUIRED = (
    "A letter must be approved by someone other than the person who drafted it: {drafter} drafted this one. "
    "Ask another member of the Law Department to approve it."
)


def second_approver_required():
    """LETTERS_REQUIRE_SECOND_APPROVER (default on): the drafter of a letter may not approve it."""
    return getattr(settings, "LETTERS_REQUIRE_SECOND_APPROVER", True)


def approval_refusal(letter, actor):
    """Why `actor` may not approve `letter` under the four-eyes rule, or "" when they may.

    The drafter is `created_by`, the person of the letter's "Draft created"
    event (for a correction, whoever drafted the correction). A bulk job's
    letters are drafted by Conduit from the record in wording Legal approved
    for the whole job, so the rule does not apply to them.
    """
    if not second_approver_required() or letter.batch_id or actor is None:
        return ""
    if letter.created_by_id == actor.pk:
        return SECOND_APPROVER_REQUIRED.format(drafter=actor.get_full_name() or actor.get_username())
    return ""


def letter_approve(*, letter, actor, today=None):
    """Legal approves a draft for issue: wording and values must be complete, and (four eyes) the approver is
    not the drafter unless LETTERS_REQUIRE_SECOND_APPROVER is off."""
    with transaction.atomic(), acting_as(actor):
        letter = _locked_for_edit(letter, "approve")
        refusal = approval_refusal(letter, actor)
        if refusal:
            raise ValidationError(refusal)
        computed, _notes = sources.computed(
            letter.kind, _source(letter), letter.data, on=today or timezone.localdate(), calendar=business_calendar()
        )
        problems = _ready_problems(letter, {**letter.data, **computed})
        if problems:
            raise ValidationError(["The letter is not ready to approve:", *problems])
        letter.status = workflow.next_status("approve", letter.status)
        letter.approved_by, letter.approved_at = actor, timezone.now()
        letter.full_clean()
        letter.save()
        _event(letter, LetterEvent.Kind.APPROVED, actor)
    return letter


def letter_return_to_draft(*, letter, actor, reason=""):
    with transaction.atomic(), acting_as(actor):
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        _refuse_unless("return", letter)
        letter.status = workflow.next_status("return", letter.status)
        letter.approved_by, letter.approved_at = None, None
        letter.save()
        _event(letter, LetterEvent.Kind.RETURNED, actor, reason)
    return letter


def letter_discard(*, letter, actor, reason=""):
    """A draft that will not be issued is kept, marked discarded (never deleted)."""
    with transaction.atomic(), acting_as(actor):
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        _refuse_unless("discard", letter)
        letter.status = workflow.next_status("discard", letter.status)
        letter.save()
        _event(letter, LetterEvent.Kind.DISCARDED, actor, reason)
    return letter


def letter_correct(*, original, actor, today=None):
    """A new draft that corrects and supersedes an issued letter (the original never changes)."""
    _refuse_unless("correct", original)
    if original.corrections.exclude(status=Letter.Status.DISCARDED).exists():
        raise ValidationError(f"Letter {original.number} already has a correction; edit or discard that one.")
    source = _source(original)
    issue_names = {field.name for field in kinds.ISSUE_FIELDS}
    data = {name: value for name, value in original.data.items() if name not in issue_names}
    data["supersedes_number"] = original.number
    data["supersedes_date"] = original.issued_on.isoformat()
    computed, _notes = sources.computed(
        original.kind, source, data, on=today or timezone.localdate(), calendar=business_calendar()
    )
    with transaction.atomic(), acting_as(actor):
        letter = _new_letter(
            actor=actor,
            kind=original.kind,
            source=source,
            data={**data, **computed},
            version=original.template_version,
            texts=original,
            supersedes=original,
        )
        _event(letter, LetterEvent.Kind.CREATED, actor, f"Correction of letter {original.number}.")
    return letter


# Issue -------------------------------------------------------------------------


def next_letter_number(year):
    """The next number of `year`, gap-free: taken under a row lock, in the caller's transaction."""
    sequence = LetterSequence.objects.select_for_update().filter(year=year).first()
    if sequence is None:
        LetterSequence.objects.get_or_create(year=year)  # the year's first letter; a racing twin waits on the lock
        sequence = LetterSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{NUMBER_PREFIX}-{year}-{sequence.last:04d}"


NO_EFFECT_UNCONFIRMED = (
    "Tick the box to confirm that the notice is to be issued although it has no effect on the shot clock."
)


def letter_issue(*, letter, actor, send_email=False, enqueue=True, today=None, confirm_no_effect=False):
    """Issue an approved letter: number, date, verification code, frozen wording and values; the worker
    renders the PDF.

    The number is taken in the same transaction, so a refused or failed issue
    leaves no gap. With `enqueue=False` the caller renders (the batch job).
    A small-cell letter records its shot-clock event (or links the one logged)
    in the same transaction (permits/letter_clock.py). An incompleteness
    notice that moves no clock is issued only with `confirm_no_effect`.
    """
    issue_date = today or timezone.localdate()
    with transaction.atomic(), acting_as(actor):
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("template_version", "provider")
            .get(pk=letter.pk)
        )
        _refuse_unless("issue", letter)
        source, calendar = _source(letter), business_calendar()
        computed, _notes = sources.computed(letter.kind, source, letter.data, on=issue_date, calendar=calendar)
        data = {**letter.data, **computed, "issue_date": issue_date.isoformat()}
        problems = _ready_problems(letter, data)
        if problems:
            raise ValidationError(["The letter cannot be issued:", *problems])
        warning = sources.nil_effect_warning(letter.kind, source, issue_date, calendar)
        if warning and not confirm_no_effect:
            raise ValidationError({"confirm_no_effect": [warning, NO_EFFECT_UNCONFIRMED]})
        data["letter_number"] = next_letter_number(issue_date.year)
        letter.data = data
        letter.number = data["letter_number"]
        # The code the public page asks for with the number; in this same UPDATE, before the PDF is rendered,
        # and frozen with the number from here on (letters/verification.py, letters migration 0003).
        letter.verification_code = verification.new_code()
        letter.issued_on, letter.issued_by = issue_date, actor
        letter.issue_requested_at = timezone.now()
        letter.send_on_issue = send_email
        letter.rendered_data = rendering.snapshot(
            kind=letter.kind,
            template_version=letter.template_version.number,
            subject=letter.subject,
            body=letter.body,
            closing=letter.closing,
            data=data,
            illustrative=letter.is_illustrative,
            verify_url=verify_url(),
            verification_code=letter.verification_code,
        )
        letter.status = workflow.next_status("issue", letter.status)
        # The relations were checked when the draft was made and approved and are not changed here.
        letter.full_clean(exclude=UNCHANGED_ON_ISSUE)
        letter.save()
        clock_event = sources.on_issue(letter, actor=actor, issue_date=issue_date)
        _event(
            letter,
            LetterEvent.Kind.ISSUE_REQUESTED,
            actor,
            f"Letter {letter.number} dated {issue_date:%Y-%m-%d}; wording version {letter.template_version.number}."
            + (f" Shot clock: {clock_event}, event {clock_event.pk} on the application." if clock_event else ""),
        )
        _follow_up(letter)
        if letter.supersedes_id:
            original = letter.supersedes
            _event(original, LetterEvent.Kind.SUPERSEDED, actor, f"Superseded by letter {letter.number}.")
            if original.kind in FOLLOW_UPS:
                deadline_close(source=original, key=FOLLOW_UPS[original.kind][0], state=Deadline.State.WAIVED)
        if enqueue:
            _enqueue("render_letter", letter.pk)
    return letter


def _follow_up(letter):
    """Put the date the letter sets (cure, payment, enforcement) on the deadline list."""
    if letter.kind not in FOLLOW_UPS:
        return
    name, title, provider_facing = FOLLOW_UPS[letter.kind]
    due = kinds.parse_date(letter.data.get(name) or None)
    if due is None:
        return
    deadline_sync(
        source=letter,
        key=name,
        kind=Deadline.Kind.OTHER,
        title=f"{title}: letter {letter.number} to {letter.provider.name}",
        due_date=due,
        provider=letter.provider,
        owner=letter.issued_by,
        provider_facing=provider_facing,
        citation=letter.kind_def.citation,
    )


def letter_render(*, letter_id):
    """Render and store the PDF of a letter being issued (run by the worker). A rerun does nothing."""
    with transaction.atomic(), acting_as(system_user()):
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if workflow.refusal("render", letter.status):  # a rerun, or a letter no longer being issued
            return letter
        from letters.pdf import letter_pdf  # WeasyPrint loads in the worker, not in web processes

        pdf = letter_pdf(letter.rendered_data, number=letter.number)
        digest = rendering.sha256(pdf)
        letter.pdf.save(f"{letter.number}.pdf", ContentFile(pdf), save=False)
        letter.sha256, letter.pdf_size = digest, len(pdf)
        letter.issued_at = timezone.now()
        letter.render_error = ""
        letter.status = workflow.next_status("render", letter.status)
        letter.save(update_fields=Letter.RENDER_FIELDS)
        LetterEvent(
            letter=letter,
            kind=LetterEvent.Kind.ISSUED,
            actor_id=letter.issued_by_id,
            detail=f"PDF of {len(pdf):,} bytes; SHA-256 {digest}.",
        ).save()
        if letter.send_on_issue:
            letter_send(letter=letter, actor=letter.issued_by)
    return letter


def letter_render_failed(*, letter_id, error):
    """Record why the worker could not render the PDF; Legal can retry from the letter's page."""
    with transaction.atomic(), acting_as(system_user()):
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if workflow.refusal("render", letter.status):
            return letter
        letter.render_error = str(error)[:4000]
        letter.save(update_fields=["render_error"])
        _event(letter, LetterEvent.Kind.RENDER_FAILED, None, letter.render_error)
    return letter


def letter_render_retry(*, letter, actor):
    _refuse_unless("retry", letter)
    with transaction.atomic(), acting_as(actor):
        _enqueue("render_letter", letter.pk)
    return letter


# Delivery ------------------------------------------------------------------------


def notice_recipients(provider):
    return list(provider.contacts.filter(receives_notices=True).order_by("name", "id").values_list("email", flat=True))


def letter_send(*, letter, actor, enqueue=True):
    """Email an issued letter to the provider's notice contacts, with a copy to Legal; the worker sends it."""
    _refuse_unless("send", letter)
    to = notice_recipients(letter.provider)
    if not to:
        raise ValidationError(
            f"{letter.provider.name} has no contact who receives formal notices: add one on the provider's page."
        )
    with transaction.atomic(), acting_as(actor):
        delivery = LetterDelivery(letter=letter, requested_by=actor, to=to, cc=[settings.LEGAL_EMAIL])
        delivery.full_clean()
        delivery.save()
        if enqueue:
            _enqueue("deliver_letter", delivery.pk)
    return delivery


def stored_pdf(letter):
    """The issued PDF's bytes, checked against the SHA-256 recorded when it was issued."""
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    if rendering.sha256(data) != letter.sha256:
        raise ValidationError(
            f"The stored PDF of letter {letter.number} no longer matches the SHA-256 recorded when it was issued."
        )
    return data


def letter_deliver(*, delivery_id):
    """Send one delivery (run by the worker). The claim makes a rerun or a second worker send nothing."""
    claimed = LetterDelivery.objects.filter(pk=delivery_id, status=LetterDelivery.Status.PENDING).update(
        status=LetterDelivery.Status.SENDING, claimed_at=timezone.now()
    )
    delivery = LetterDelivery.objects.select_related("letter__provider", "requested_by").get(pk=delivery_id)
    if not claimed:
        return delivery
    letter = delivery.letter
    try:
        message = make_message(
            "letter_issued",
            {"letter": letter, "verify_url": verify_url(), "subject": rendering.subject_text(letter.rendered_data)},
            to=delivery.to,
            cc=delivery.cc,
            reply_to=[settings.LEGAL_EMAIL],
            attachments=[(f"{letter.number}.pdf", stored_pdf(letter), "application/pdf")],
        )
        message.send()
    except Exception as error:  # any mail or storage failure is recorded, not lost
        status, detail = LetterDelivery.Status.FAILED, f"{type(error).__name__}: {error}"
        logger.warning("Letter %s: email failed: %s", letter.number, detail)
    else:
        status, detail = LetterDelivery.Status.SENT, f"To {', '.join(delivery.to)}; copy to {', '.join(delivery.cc)}."
    with transaction.atomic(), acting_as(delivery.requested_by):
        delivery.status = status
        delivery.error = "" if status == LetterDelivery.Status.SENT else detail
        delivery.sent_at = timezone.now() if status == LetterDelivery.Status.SENT else None
        delivery.save()
        kind = LetterEvent.Kind.SENT if status == LetterDelivery.Status.SENT else LetterEvent.Kind.SEND_FAILED
        _event(letter, kind, delivery.requested_by, detail)
    return delivery


# Bulk ----------------------------------------------------------------------------


def _check_ref(kind, ref):
    sources.check_source(kind, sources.load_source(ref))


def batch_start(*, actor, kind, sources, send_email=False):
    """Queue one job that issues the same letter for many records; the page polls its progress."""
    kinds.get(kind)
    refs = list(dict.fromkeys(ref.strip() for ref in sources if ref and ref.strip()))
    if not refs:
        raise ValidationError({"sources": "Choose at least one record."})
    for ref in refs:
        _check_ref(kind, ref)
    with transaction.atomic(), acting_as(actor):
        batch = LetterBatch(
            kind=kind,
            template_version=current_version(kind),
            created_by=actor,
            sources=refs,
            total=len(refs),
            send_email=send_email,
        )
        batch.full_clean()
        batch.save()
        _enqueue("run_batch", batch.pk)
    return batch


def _batch_one(batch, ref):
    """Draft, approve, issue and render one letter in one transaction: a failure leaves no letter and no number."""
    actor = batch.created_by
    with transaction.atomic():
        letter = letter_create(actor=actor, kind=batch.kind, source=ref, batch=batch)
        letter = letter_approve(letter=letter, actor=actor)
        letter = letter_issue(letter=letter, actor=actor, send_email=batch.send_email, enqueue=False)
        return letter_render(letter_id=letter.pk)


def _ref_key(ref):
    """A record reference written the way Letter.source_ref writes it ("franchise.filing:12")."""
    match = sources.SOURCE_REF.match((ref or "").strip())
    return f"{match[1]}.{match[2]}:{int(match[3])}" if match else ref


def _batch_row(ref, letter):
    return {
        "source": ref,
        "letter": letter.pk,
        "number": letter.number,
        "recipient": letter.provider.name,
        "record": letter.source_label,
        "issued_on": letter.issued_on.isoformat(),
        "sha256": letter.sha256,
        "result": "issued",
        "error": "",
    }


def _batch_letters(batch):
    """The letters this job has already issued, by record: a resumed job skips them."""
    return {letter.source_ref: letter for letter in Letter.objects.filter(batch=batch).select_related("provider")}


def _beat(batch, **counters):
    LetterBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now(), **counters)


def batch_run(*, batch_id):
    """The bulk job (run by the worker): one letter per record, then a ZIP of the PDFs and a summary.

    A job the watchdog resumed (its worker died) starts again from the top and skips every record that
    already has its letter in this job; the unique constraint on (batch, record) is the last guard.
    Each record done refreshes `heartbeat_at`, which is how the watchdog tells a slow job from a dead one.
    """
    now = timezone.now()
    claimed = LetterBatch.objects.filter(pk=batch_id, status=LetterBatch.Status.QUEUED).update(
        status=LetterBatch.Status.RUNNING, started_at=Coalesce("started_at", now), heartbeat_at=now
    )
    batch = LetterBatch.objects.select_related("created_by", "template_version").get(pk=batch_id)
    if not claimed:
        return batch
    existing = _batch_letters(batch)
    _beat(batch, done=len(existing), failed=0)
    rows = []
    for ref in batch.sources:
        letter = existing.get(_ref_key(ref))
        if letter is None:
            try:
                letter = _batch_one(batch, ref)
            except (IntegrityError, ValidationError, rendering.LetterRenderError) as error:
                # Another run of this job may have issued it meanwhile: keep that letter, never a second one.
                letter = _batch_letters(batch).get(_ref_key(ref))
                if letter is not None:
                    rows.append(_batch_row(ref, letter))
                    continue
                if isinstance(error, IntegrityError):
                    raise
                message = " ".join(getattr(error, "messages", None) or [str(error)])
                rows.append(
                    {"source": ref, "letter": None, "number": "", "recipient": "", "result": "failed", "error": message}
                )
                _beat(batch, failed=F("failed") + 1)
                continue
            else:
                _beat(batch, done=F("done") + 1)
        rows.append(_batch_row(ref, letter))
    with transaction.atomic(), acting_as(batch.created_by):
        batch.refresh_from_db()
        batch.summary = rows
        batch.done = sum(1 for row in rows if row["letter"])
        batch.failed = len(rows) - batch.done
        batch.zip.save(f"letters-batch-{batch.pk}.zip", ContentFile(_batch_zip(batch, rows)), save=False)
        batch.status = LetterBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save()
    return batch


def _batch_zip(batch, rows):
    buffer = io.BytesIO()
    letters = {letter.pk: letter for letter in Letter.objects.filter(batch=batch).select_related("provider")}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            letter = letters.get(row["letter"])
            if letter is not None:
                archive.writestr(f"{letter.number}_{letter.provider.short_name}.pdf", stored_pdf(letter))
        summary = io.StringIO()
        writer = csv.writer(summary)
        writer.writerow(["Record", "Recipient", "Letter number", "Issue date", "SHA-256", "Result", "Message"])
        for row in rows:
            writer.writerow(
                [
                    csv_safe(value)
                    for value in (
                        row.get("record") or row["source"],
                        row["recipient"],
                        row["number"],
                        row.get("issued_on", ""),
                        row.get("sha256", ""),
                        row["result"],
                        row["error"],
                    )
                ]
            )
        archive.writestr("summary.csv", summary.getvalue())
    return buffer.getvalue()


def batch_failed(*, batch_id, error):
    with transaction.atomic(), acting_as(system_user()):
        batch = LetterBatch.objects.select_for_update().get(pk=batch_id)
        batch.status = LetterBatch.Status.FAILED
        batch.error = str(error)[:4000]
        batch.finished_at = timezone.now()
        batch.save()
    return batch


# Recovery ------------------------------------------------------------------------
# With the Redis broker a task whose worker is killed is lost (django-q2 retries only on the ORM broker), so
# the watchdog (letters/recovery.py) finds the work left behind and queues it again here.
# Each function locks its row and checks again that it is still stalled, so two watchdogs recover it once.

MAX_RENDER_RECOVERIES = 3
MAX_SEND_RECOVERIES = 1
MAX_BATCH_RECOVERIES = 10


def _at(moment):
    """The time of day as pages show it ("10:14 a.m.", the City's time zone)."""
    return date_format(timezone.localtime(moment), "g:i a")


def letter_recover(*, letter_id, stalled_before):
    """Queue the PDF of a letter stuck "issuing" again; its render task was lost with its worker.

    Rendering a letter no longer issuing does nothing, so a late original task and the new one make one PDF.
    After MAX_RENDER_RECOVERIES the letter is marked as failed to render, for Legal to retry from its page.
    """
    with transaction.atomic(), acting_as(system_user()):
        letter = (
            Letter.objects.select_for_update()
            .filter(pk=letter_id, status=Letter.Status.ISSUING, render_error="", issue_requested_at__lt=stalled_before)
            .first()
        )
        if letter is None:
            return None
        recovered = list(letter.events.filter(kind=LetterEvent.Kind.RECOVERED).values_list("at", flat=True))
        if recovered and max(recovered) >= stalled_before:
            return None
        if len(recovered) >= MAX_RENDER_RECOVERIES:
            letter_render_failed(
                letter_id=letter.pk,
                error=f"The worker stopped {len(recovered) + 1} times while making this PDF; the watchdog gave up. "
                "Check the worker's log, then make the PDF again.",
            )
            return letter
        now = timezone.now()
        _event(
            letter,
            LetterEvent.Kind.RECOVERED,
            None,
            f"Recovered by the watchdog at {_at(now)} after the worker stopped: the PDF is being made again.",
        )
        _enqueue("render_letter", letter.pk)
    logger.warning("Letter %s: stuck issuing since %s; render queued again", letter.number, letter.issue_requested_at)
    return letter


def delivery_recover(*, delivery_id, stalled_before):
    """Queue an email stuck "sending" once more, on the same delivery row (never a second row).

    The worker may have died after the mail left and before it was marked sent, so it is retried only
    MAX_SEND_RECOVERIES times; after that it is marked failed for staff to check and send again by hand.
    """
    with transaction.atomic(), acting_as(system_user()):
        delivery = (
            LetterDelivery.objects.select_for_update()
            .select_related("letter")
            .annotate(claimed=Coalesce("claimed_at", "requested_at"))
            .filter(pk=delivery_id, status=LetterDelivery.Status.SENDING, claimed__lt=stalled_before)
            .first()
        )
        if delivery is None:
            return None
        now = timezone.now()
        letter = delivery.letter
        to = ", ".join(delivery.to)
        if delivery.recoveries >= MAX_SEND_RECOVERIES:
            delivery.status = LetterDelivery.Status.FAILED
            delivery.error = (
                "The worker stopped again while sending; the email may or may not have gone out. "
                "Check with the provider before emailing the letter again."
            )
            delivery.full_clean()
            delivery.save()
            _event(letter, LetterEvent.Kind.SEND_FAILED, None, f"To {to}: {delivery.error}")
            logger.error("Letter %s: email %s stuck sending after a retry; marked failed", letter.number, delivery.pk)
            return delivery
        delivery.status = LetterDelivery.Status.PENDING
        delivery.claimed_at = None
        delivery.recoveries += 1
        delivery.last_recovered_at = now
        delivery.full_clean()
        delivery.save()
        _event(
            letter,
            LetterEvent.Kind.RECOVERED,
            None,
            f"Recovered by the watchdog at {_at(now)} after the worker stopped while emailing it to {to}: "
            "sending once more.",
        )
        _enqueue("deliver_letter", delivery.pk)
    logger.warning("Letter %s: email %s stuck sending; queued once more", letter.number, delivery.pk)
    return delivery


def batch_recover(*, batch_id, stalled_before):
    """Resume a bulk job whose worker stopped reporting progress: queued again, it skips what is done."""
    with transaction.atomic(), acting_as(system_user()):
        batch = (
            LetterBatch.objects.select_for_update()
            .annotate(beat=Coalesce("heartbeat_at", "started_at", "created_at"))
            .filter(pk=batch_id, status=LetterBatch.Status.RUNNING, beat__lt=stalled_before)
            .first()
        )
        if batch is None:
            return None
        now = timezone.now()
        if batch.recoveries >= MAX_BATCH_RECOVERIES:
            batch.status = LetterBatch.Status.FAILED
            batch.error = (
                f"The worker stopped {batch.recoveries + 1} times; the watchdog gave up. "
                "The letters already issued are kept; start a new job for the records left."
            )
            batch.finished_at = now
            batch.save()
            logger.error("Letter batch %s: stalled after %s recoveries; marked failed", batch.pk, batch.recoveries)
            return batch
        batch.status = LetterBatch.Status.QUEUED
        batch.recoveries += 1
        batch.last_recovered_at = now
        batch.full_clean()
        batch.save()
        _enqueue("run_batch", batch.pk)
    logger.warning("Letter batch %s: no progress since %s; resumed", batch.pk, batch.beat)
    return batch
