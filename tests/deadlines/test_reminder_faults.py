"""Fault test: a real `manage.py send_reminders` process, SIGKILLed while the
mail server holds its third digest; then the next hourly run recovers.

On SQLite the test database is in memory, which another process cannot
open, so the test copies it to a file with SQLite's online backup, runs the
command against the file, and copies the file back before the recovery run.
On PostgreSQL the command runs against the test database itself.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.roles import STAFF
from deadlines import reminders
from deadlines.models import Deadline, ReminderDelivery
from deadlines.sync import deadline_close, deadline_sync
from tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)
RECIPIENTS = 5
PER_RECIPIENT = 2
BLOCK_AT = 3  # the server accepts digest 3, then the worker dies before marking it sent


def copy_database(source, target):
    source.backup(target)


def seed(comcast):
    """Five staff members, two deadlines each, all with the 7-day reminder due today."""
    today = timezone.localdate()
    owners = []
    for n in range(RECIPIENTS):
        owner = UserFactory(username=f"owner{n}", email=f"owner{n}@city.example", role=STAFF)
        owners.append(owner)
        for m in range(PER_RECIPIENT):
            deadline_sync(
                source=comcast,
                key=f"r{n}-{m}",
                kind=Deadline.Kind.FILING,
                title=f"Report {n}-{m}",
                due_date=today + timedelta(days=7),
                provider=comcast,
                owner=owner,
            )
    return owners


def database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_sweep_until_blocked(url, outbox):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.deadlines.fault_settings",
        "DEBUG": "1",
        "REMINDER_TEST_OUTBOX": str(outbox),
        "REMINDER_TEST_BLOCK_AT": str(BLOCK_AT),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("EMAIL_HOST", None)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    blocked = Path(f"{outbox}.blocked")
    deadline = time.monotonic() + 90
    while not blocked.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the sweep ended before the mail server blocked: {out.decode()} {err.decode()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the sweep never reached the blocking message")
        time.sleep(0.1)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sweep_killed_mid_send_is_finished_by_the_next_hourly_run_once_per_reminder(comcast, tmp_path):
    ContentType.objects.clear_cache()  # an earlier transactional test's flush renumbered them
    owners = seed(comcast)
    outbox = tmp_path / "outbox.jsonl"
    started = timezone.now()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        db_file = tmp_path / "sweep.sqlite3"
        with sqlite3.connect(db_file) as target:
            copy_database(connection.connection, target)
        run_sweep_until_blocked(f"sqlite:///{db_file}", outbox)
        with sqlite3.connect(db_file) as source:
            copy_database(source, connection.connection)
    else:
        run_sweep_until_blocked(database_url(), outbox)
    accepted = [json.loads(line) for line in outbox.read_text().splitlines()]
    assert [line["to"] for line in accepted] == [[owners[n].email] for n in range(BLOCK_AT)]
    by_status = dict.fromkeys(ReminderDelivery.Status.values, 0)
    for status in ReminderDelivery.objects.values_list("status", flat=True):
        by_status[status] += 1
    # Two digests marked sent; the accepted third and the two never sent are still claimed.
    assert by_status["sent"] == 2 * PER_RECIPIENT
    assert by_status["sending"] == (RECIPIENTS - 2) * PER_RECIPIENT

    # Meanwhile the last owner's reports arrive: those deadlines close.
    for m in range(PER_RECIPIENT):
        deadline_close(source=comcast, key=f"r{RECIPIENTS - 1}-{m}")

    # The next hourly run, an hour later: past the claim timeout (300 s + 5 min).
    mail.outbox.clear()
    with time_machine.travel(started + timedelta(hours=1), tick=False):
        reminders.scheduled_sweep()

    # Every due reminder delivered exactly once in the database, none for the closed deadlines.
    rows = ReminderDelivery.objects.all()
    assert rows.count() == RECIPIENTS * PER_RECIPIENT
    for delivery in rows:
        closed = delivery.recipient_email == owners[-1].email
        assert delivery.status == ("cancelled" if closed else "sent"), delivery
        assert delivery.attempts == (0 if closed else 1)
    assert [m.to for m in mail.outbox] == [[owners[2].email], [owners[3].email]]
    # Digest 3 reached the server twice, and says so: the same Message-ID both times.
    resent = mail.outbox[0].extra_headers["Message-ID"]
    assert resent == accepted[BLOCK_AT - 1]["message_id"]
    assert set(rows.filter(recipient_email=owners[2].email).values_list("message_id", flat=True)) == {resent}
    # A further run sends nothing.
    mail.outbox.clear()
    with time_machine.travel(started + timedelta(hours=2), tick=False):
        reminders.scheduled_sweep()
    assert mail.outbox == []
