"""The watchdog takes back letter work a killed worker left behind, and never does any of it twice.

Times: the letters are issued Fri 2026-11-20 at 10:00 Eastern. With Q_CLUSTER timeout 300 s, retry 360 s and
the 60 s margin, work is stalled after 420 s = 7 minutes without news: at 10:06 nothing is stalled yet, at
10:08 it is.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.urls import reverse

from core.backup import dump_database, load_database
from letters import recovery, services
from letters.models import Letter, LetterBatch, LetterDelivery, LetterEvent
from staff.schedules import schedules
from tests.core.test_backup import clean_slate  # noqa: F401 - a fixture
from tests.factories import ProviderContactFactory
from tests.letters import factories
from tests.letters.test_bulk import late_for_last_quarter

EASTERN = ZoneInfo("America/New_York")
ISSUED_AT = datetime(2026, 11, 20, 10, 0, tzinfo=EASTERN)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(ISSUED_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fee_letter(staff, legal, comcast):
    ProviderContactFactory(provider=comcast, name="Dana Whitfield", email="gov@comcast.example")
    license = factories.make_license(actor=staff, provider=comcast)
    filing = factories.late_short_fee_filing(license=license, actor=staff)
    return factories.draft(actor=legal, kind="fee_interest", source=filing)


def issue_and_lose_the_render(letter, legal):
    """Issue the letter as the web request does, but the render task never runs (its worker was killed)."""
    letter = services.letter_approve(letter=letter, actor=factories.second_legal())  # four eyes: not the drafter
    return services.letter_issue(letter=letter, actor=legal, enqueue=False)


def watchdog():
    with TestCase.captureOnCommitCallbacks(execute=True):
        return recovery.recover_stalled()


def test_work_is_stalled_after_the_longest_a_task_may_live_plus_a_margin(settings):
    # The ORM broker hands a task out again after `retry` (360 s), later than the 300 s timeout: 360 + 60.
    assert recovery.stall_limit({"timeout": 300, "retry": 360}, 60) == timedelta(seconds=420)
    # Without a retry the timeout is the longest: 600 + 120.
    assert recovery.stall_limit({"timeout": 600}, 120) == timedelta(seconds=720)
    settings.WORKER_RECOVERY_MARGIN = 30
    assert recovery.stall_limit() == timedelta(seconds=max(settings.Q_CLUSTER["timeout"], 360) + 30)


def test_the_watchdog_is_scheduled_every_five_minutes():
    (entry,) = [entry for entry in schedules() if entry[1] == "letters.tasks.recover_jobs"]
    _name, _func, schedule_type, extra = entry
    assert (schedule_type, extra["minutes"], extra["repeats"]) == ("I", 5, -1)


def test_a_letter_stuck_issuing_is_rendered_again_by_the_watchdog(fee_letter, legal, frozen):
    letter = issue_and_lose_the_render(fee_letter, legal)
    frozen.move_to(ISSUED_AT + timedelta(minutes=6))
    assert watchdog().letters == 0  # 6 minutes: the worker may still be on it
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.ISSUING
    frozen.move_to(ISSUED_AT + timedelta(minutes=8, seconds=5))
    assert watchdog().letters == 1
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ISSUED
    assert letter.sha256 == services.rendering.sha256(services.stored_pdf(letter))
    event = letter.events.get(kind=LetterEvent.Kind.RECOVERED)
    assert event.detail.startswith("Recovered by the watchdog at 10:08 a.m. after the worker stopped")
    # The lost task turning up late, and the next watchdog run, change nothing.
    services.letter_render(letter_id=letter.pk)
    frozen.move_to(ISSUED_AT + timedelta(minutes=30))
    assert watchdog().total == 0
    assert letter.events.filter(kind=LetterEvent.Kind.ISSUED).count() == 1


def test_a_letter_whose_render_keeps_being_lost_is_queued_once_per_stall_then_handed_to_legal(
    fee_letter, legal, frozen
):
    letter = issue_and_lose_the_render(fee_letter, legal)
    with mock.patch.object(services, "async_task") as enqueue:
        for minutes in (8, 9, 16, 24, 32):
            frozen.move_to(ISSUED_AT + timedelta(minutes=minutes))
            watchdog()
    # 10:08 recovers; 10:09 is within 7 minutes of that; 10:16 and 10:24 recover again (3 in all);
    # at 10:32 the watchdog gives up and records why, for Legal's "Make the PDF again".
    assert enqueue.call_count == 3
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ISSUING
    assert "The worker stopped 4 times while making this PDF" in letter.render_error
    frozen.move_to(ISSUED_AT + timedelta(minutes=60))
    assert watchdog().total == 0


def stuck_sending(letter, legal, *, at):
    """A delivery a worker claimed at `at` and died with."""
    delivery = services.letter_send(letter=letter, actor=legal, enqueue=False)
    LetterDelivery.objects.filter(pk=delivery.pk).update(status=LetterDelivery.Status.SENDING, claimed_at=at)
    return delivery


def test_an_email_stuck_sending_is_sent_once_more_on_the_same_delivery_row(fee_letter, legal, frozen):
    letter = factories.issue(fee_letter, legal)
    delivery = stuck_sending(letter, legal, at=ISSUED_AT)
    frozen.move_to(ISSUED_AT + timedelta(minutes=8))
    assert watchdog().deliveries == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.recoveries) == (LetterDelivery.Status.SENT, 1)
    assert len(mail.outbox) == 1
    assert LetterDelivery.objects.filter(letter=letter).count() == 1
    assert letter.events.filter(kind=LetterEvent.Kind.RECOVERED).count() == 1
    # A second watchdog run, and the lost task turning up, send nothing more.
    frozen.move_to(ISSUED_AT + timedelta(minutes=30))
    assert watchdog().total == 0
    services.letter_deliver(delivery_id=delivery.pk)
    assert len(mail.outbox) == 1


def test_an_email_stuck_sending_again_after_its_retry_is_marked_failed_not_sent_a_third_time(fee_letter, legal, frozen):
    letter = factories.issue(fee_letter, legal)
    delivery = stuck_sending(letter, legal, at=ISSUED_AT)
    frozen.move_to(ISSUED_AT + timedelta(minutes=8))
    with mock.patch.object(services, "async_task"):  # the retry's worker dies too
        watchdog()
    LetterDelivery.objects.filter(pk=delivery.pk).update(
        status=LetterDelivery.Status.SENDING, claimed_at=ISSUED_AT + timedelta(minutes=8)
    )
    frozen.move_to(ISSUED_AT + timedelta(minutes=16))
    watchdog()
    delivery.refresh_from_db()
    assert delivery.status == LetterDelivery.Status.FAILED
    assert "may or may not have gone out" in delivery.error
    assert mail.outbox == []
    assert LetterDelivery.objects.filter(letter=letter).count() == 1


def test_an_email_being_sent_right_now_is_left_alone(fee_letter, legal, frozen):
    letter = factories.issue(fee_letter, legal)
    delivery = stuck_sending(letter, legal, at=ISSUED_AT + timedelta(minutes=3))
    frozen.move_to(ISSUED_AT + timedelta(minutes=8))
    assert watchdog().total == 0
    assert LetterDelivery.objects.get(pk=delivery.pk).status == LetterDelivery.Status.SENDING


def killed_batch(staff, legal, count, *, done, at):
    """A job `done` records into `count`, whose worker died at `at` (the letters it made are kept)."""
    filings = late_for_last_quarter(staff, count)
    batch = services.batch_start(actor=legal, kind="cure_notice", sources=[f"franchise.filing:{f.pk}" for f in filings])
    LetterBatch.objects.filter(pk=batch.pk).update(status="running", started_at=at, heartbeat_at=at)
    batch.refresh_from_db()
    for filing in filings[:done]:
        services._batch_one(batch, f"franchise.filing:{filing.pk}")
    LetterBatch.objects.filter(pk=batch.pk).update(done=done, heartbeat_at=at)
    return batch, filings


def test_a_bulk_job_whose_worker_died_resumes_and_issues_each_records_letter_once(staff, legal, frozen):
    batch, filings = killed_batch(staff, legal, 4, done=2, at=ISSUED_AT)
    frozen.move_to(ISSUED_AT + timedelta(minutes=5))
    assert watchdog().batches == 0  # a heartbeat 5 minutes old: still working, maybe slowly
    frozen.move_to(ISSUED_AT + timedelta(minutes=8))
    assert watchdog().batches == 1
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed, batch.recoveries) == ("done", 4, 0, 1)
    for filing in filings:
        assert Letter.objects.filter(batch=batch, source_id=filing.pk).count() == 1
    assert sorted(Letter.objects.values_list("number", flat=True)) == [f"CBO-2026-000{n}" for n in (1, 2, 3, 4)]
    assert [row["result"] for row in batch.summary] == ["issued"] * 4
    assert batch.heartbeat_at == ISSUED_AT + timedelta(minutes=8)


def test_a_second_letter_for_a_record_in_the_same_job_is_refused_by_the_model_and_the_database(staff, legal):
    batch, filings = killed_batch(staff, legal, 1, done=1, at=ISSUED_AT)
    with pytest.raises(ValidationError, match=r"This bulk job already has its letter for this record\."):
        services._batch_one(batch, f"franchise.filing:{filings[0].pk}")
    twin = Letter.objects.get(batch=batch)
    twin.pk, twin._state.adding = None, True
    twin.status, twin.number, twin.pdf, twin.sha256 = Letter.Status.DRAFT, None, "", ""
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    assert Letter.objects.filter(batch=batch).count() == 1


def test_recover_jobs_command_reports_what_it_took_back(fee_letter, legal, frozen, capsys):
    issue_and_lose_the_render(fee_letter, legal)
    frozen.move_to(ISSUED_AT + timedelta(minutes=8))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("recover_jobs")
    assert "Recovered 1 letter(s) stuck issuing, 0 email(s) stuck sending and 0 bulk job(s)" in capsys.readouterr().out


# The recovery notes on the pages, for the roles that read them ---------------------------------------------


@pytest.fixture
def recovered(staff, legal, fee_letter, frozen):
    letter = factories.issue(fee_letter, legal)
    stuck_sending(letter, legal, at=ISSUED_AT)
    batch, _filings = killed_batch(staff, legal, 1, done=0, at=ISSUED_AT)
    frozen.move_to(ISSUED_AT + timedelta(minutes=14, seconds=5))
    watchdog()
    return letter, batch


@pytest.mark.parametrize("client_name", ["staff_client", "legal_client", "auditor_client"])
def test_city_roles_see_the_recovery_on_the_letter_and_job_pages(recovered, client_name, request):
    client = request.getfixturevalue(client_name)
    letter, batch = recovered
    letter_page = client.get(letter.get_absolute_url()).content.decode()
    assert "Recovered by the watchdog at 10:14 a.m. after the worker stopped" in letter_page
    job_page = client.get(batch.get_absolute_url()).content.decode()
    assert "Recovered by the watchdog at 10:14 a.m. after the worker stopped" in job_page
    progress = client.get(reverse("letters:batch-progress", args=[batch.pk])).content.decode()
    assert "Recovered by the watchdog at 10:14 a.m." in progress


@pytest.mark.parametrize("client_name", ["comcast_client", "outsider_client", "client"])
def test_providers_outsiders_and_the_anonymous_see_no_recovery_note(recovered, client_name, request):
    client = request.getfixturevalue(client_name)
    letter, batch = recovered
    for url in (letter.get_absolute_url(), batch.get_absolute_url()):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert b"Recovered by the watchdog" not in response.content


# A real worker, killed with SIGKILL in the middle of a job ----------------------------------------------------

WORKER = """
import os, sys, time
import django
import time_machine
from datetime import datetime
from zoneinfo import ZoneInfo

# The job runs at 10:01 Eastern on 2026-11-20, when the Q3 fee reports are four days late.
traveller = time_machine.travel(datetime(2026, 11, 20, 10, 1, tzinfo=ZoneInfo("America/New_York")), tick=True)
traveller.start()
django.setup()
from letters import pdf, services

render = pdf.render_pdf


def slow_render(html, **options):
    time.sleep(float(os.environ["SLOW_RENDER_SECONDS"]))  # so the kill lands mid-job
    return render(html, **options)


pdf.render_pdf = slow_render
services.batch_run(batch_id=int(sys.argv[1]))
"""


def _worker_env(tmp_path, database_file):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "test-only-worker-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "CONDUIT_VAR_DIR": str(tmp_path / "var"),
        "SLOW_RENDER_SECONDS": "0.4",
        "LOG_LEVEL": "WARNING",
    }
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{database_file}"
    else:
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return env


def _progress(database_file, batch_id):
    if connection.vendor == "sqlite":
        with sqlite3.connect(database_file, timeout=5) as reader:
            return reader.execute("select done from compliance_letterbatch where id = ?", [batch_id]).fetchone()[0]
    return LetterBatch.objects.get(pk=batch_id).done


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_job_is_resumed_by_the_watchdog_with_no_letter_doubled(
    staff,
    legal,
    tmp_path,
    clean_slate,  # noqa: F811
):
    filings = late_for_last_quarter(staff, 6)
    with mock.patch.object(services, "async_task"):  # queued for the real worker below, not run inline
        batch = services.batch_start(
            actor=legal, kind="cure_notice", sources=[f"franchise.filing:{f.pk}" for f in filings]
        )
    # The worker reads a database file: on SQLite, a copy of the test database; on PostgreSQL, the test database.
    database_file = tmp_path / "worker.sqlite3"
    if connection.vendor == "sqlite":
        dump_database(database_file)
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(batch.pk)],
        cwd=django_settings.BASE_DIR,
        env=_worker_env(tmp_path, database_file),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while _progress(database_file, batch.pk) < 2:
            assert worker.poll() is None, worker.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, "the worker made no progress"
            time.sleep(0.1)
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    if connection.vendor == "sqlite":
        load_database(database_file)  # what the worker left behind, back in the test database

    killed = LetterBatch.objects.get(pk=batch.pk)
    assert killed.status == LetterBatch.Status.RUNNING and 2 <= killed.done < 6
    issued_before = set(Letter.objects.filter(batch=batch).values_list("pk", flat=True))
    # Stalled: the last heartbeat was at about 10:01; at 10:30 the watchdog resumes the job in this process
    # (the task queue runs tasks inline under pytest).
    with time_machine.travel(ISSUED_AT + timedelta(minutes=30), tick=False):
        assert recovery.recover_stalled().batches == 1
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.failed, batch.recoveries) == ("done", 6, 0, 1)
    letters = Letter.objects.filter(batch=batch)
    assert sorted(letters.values_list("source_id", flat=True)) == sorted(f.pk for f in filings)
    assert issued_before <= set(letters.values_list("pk", flat=True))
    assert sorted(letters.values_list("number", flat=True)) == [f"CBO-2026-{n:04d}" for n in range(1, 7)]
    for letter in letters:
        assert services.stored_pdf(letter)  # every PDF is there and matches its SHA-256
