"""A backup is one archive: the database, every file under MEDIA_ROOT and a SHA-256 manifest. A restore
refuses an archive that does not match its manifest, and checks every issued letter's PDF afterwards."""

import hashlib
import io
import json
import re
import sqlite3
import tarfile
from datetime import datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from accounts import services
from accounts.models import Provider
from core.backup import BackupError, backup, dump_database, load_database, restore
from letters.backup import verify_letters
from letters.models import Letter
from tests.factories import ProviderContactFactory
from tests.letters import factories


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def clean_slate(tmp_path):
    """The database as the test found it, put back afterwards (SQLite): an issued letter can never be deleted,
    not even by the test teardown's flush (PostgreSQL's TRUNCATE fires no row triggers)."""
    if connection.vendor != "sqlite":
        yield None
        return
    snapshot = dump_database(tmp_path / "clean.sqlite3")
    yield snapshot
    load_database(snapshot)


@pytest.fixture
def records(staff):
    provider = services.provider_create(actor=staff, name="Backup Cable Co", short_name="backup-cable", kind="cable")
    services.provider_update(provider=provider, actor=staff, phone="617-555-0000")
    return provider


def counts_now():
    return Provider.objects.count(), Provider.history.count()


def members(path):
    with tarfile.open(path, "r:gz") as archive:
        return {member.name: archive.extractfile(member).read() for member in archive.getmembers()}


def write_archive(path, files, *, manifest=None, extra=()):
    """An archive holding `files` ({name: bytes}) with a manifest that matches them unless told otherwise."""
    if manifest is None:
        entries = [
            {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files.items()
        ]
        database = next(entry for entry in entries if not entry["path"].startswith("media/"))
        manifest = {
            "format": 1,
            "database": {**database, "vendor": connection.vendor},
            "files": [entry for entry in entries if entry is not database],
        }
    with tarfile.open(path, "w:gz") as archive:
        for name, data in [*files.items(), ("manifest.json", json.dumps(manifest).encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in extra:
            archive.addfile(info)
    return path


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_holds_the_database_every_media_file_and_a_manifest_of_their_hashes(records, media, tmp_path):
    report = media / "reports" / "2026" / "q3-comcast.xlsx"
    report.parent.mkdir(parents=True)
    report.write_bytes(b"quarterly report workbook")
    path = backup(tmp_path / "conduit.tar.gz")
    found = members(path)
    manifest = json.loads(found.pop("manifest.json"))
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"
    assert sorted(found) == [database, "media/reports/2026/q3-comcast.xlsx"]
    assert manifest["files"] == [
        {
            "path": "media/reports/2026/q3-comcast.xlsx",
            "size": 25,
            "sha256": hashlib.sha256(b"quarterly report workbook").hexdigest(),
        }
    ]
    assert manifest["database"]["sha256"] == hashlib.sha256(found[database]).hexdigest()
    assert manifest["database"]["vendor"] == connection.vendor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_brings_back_every_record_history_row_and_file(records, media, tmp_path):
    expected = counts_now()
    assert expected[1] >= 2
    report = media / "reports" / "q3.xlsx"
    report.parent.mkdir()
    report.write_bytes(b"workbook")
    path = backup(tmp_path / "conduit.tar.gz")
    if connection.vendor == "sqlite":
        # Restore over a changed database and a lost file: the change is gone, the history and the file are back.
        Provider.history.all().delete()
        Provider.objects.filter(pk=records.pk).update(name="Changed after backup")
        report.unlink()
        verified = restore(path)
        assert counts_now() == expected
        assert Provider.objects.get(pk=records.pk).name == "Backup Cable Co"
        assert report.read_bytes() == b"workbook"
        assert str(verified) == "Verified 0 issued letters: all match."
    else:
        db = connection.settings_dict
        scratch = f"{db['NAME']}_restore"
        admin = {
            "host": db["HOST"],
            "port": db["PORT"] or 5432,
            "user": db["USER"],
            "password": db["PASSWORD"],
            "dbname": "postgres",
            "autocommit": True,
        }
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            conn.execute(f'CREATE DATABASE "{scratch}"')
        try:
            restore(path, database=scratch)
            with psycopg.connect(**{**admin, "dbname": scratch}) as conn:
                found = (
                    conn.execute("select count(*) from accounts_provider").fetchone()[0],
                    conn.execute("select count(*) from accounts_historicalprovider").fetchone()[0],
                )
            assert found == expected
        finally:
            with psycopg.connect(**admin) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


@pytest.fixture
def two_issued_letters(media, staff, legal, comcast):
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("America/New_York")), tick=False):
        ProviderContactFactory(provider=comcast, name="Dana Whitfield", email="gov@comcast.example")
        license = factories.make_license(actor=staff, provider=comcast)
        letters = [
            factories.issue(factories.draft(actor=legal, kind=kind, source=source), legal)
            for kind, source in (
                ("fee_interest", factories.late_short_fee_filing(license=license, actor=staff)),
                ("cure_notice", factories.overdue_filing(license=license, actor=staff)),
            )
        ]
    return letters


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="restores into the test database; SQLite")
def test_a_restore_on_a_new_machine_brings_back_every_letter_pdf_and_verifies_it(
    clean_slate, two_issued_letters, media, settings, tmp_path, capsys
):
    path = backup(tmp_path / "conduit.tar.gz")
    # A new machine: an empty database (as the test found it) and an empty MEDIA_ROOT.
    load_database(clean_slate)
    assert not Letter.objects.exists()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    call_command("restore", str(path), "--yes")
    out = capsys.readouterr().out
    assert "Verified 2 issued letters: all match." in out
    for letter in Letter.objects.filter(status=Letter.Status.ISSUED):
        pdf = (settings.MEDIA_ROOT / letter.pdf.name).read_bytes()
        assert hashlib.sha256(pdf).hexdigest() == letter.sha256


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="restores into the test database; SQLite")
def test_a_restore_whose_letter_pdf_does_not_match_lists_it_and_fails(clean_slate, two_issued_letters, media, tmp_path):
    first = two_issued_letters[0]
    (media / first.pdf.name).write_bytes(b"%PDF-1.7 not the letter that was issued")
    path = backup(tmp_path / "conduit.tar.gz")  # the manifest matches the file, the letter's SHA-256 does not
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--yes")
    assert str(refused.value).startswith("Verified 2 issued letters: 1 do not match:")
    assert f"{first.number}: {first.pdf.name} does not match the SHA-256 recorded when it was issued" in str(
        refused.value
    )
    (media / first.pdf.name).unlink()
    assert verify_letters().problems == [f"{first.number}: the PDF {first.pdf.name} is missing"]


def database_bytes():
    return b"SQLite format 3\x00 (not a real database)"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("tampered", "media/letters/CBO-2026-0001.pdf does not match the manifest"),
        ("unlisted", "The archive does not match its manifest: not listed: media/extra.txt."),
        ("missing", "The archive does not match its manifest: missing: media/letters/CBO-2026-0001.pdf."),
        ("no manifest", "The archive has no manifest.json"),
    ],
)
def test_an_archive_that_does_not_match_its_manifest_is_refused_and_nothing_is_restored(
    change, message, media, tmp_path, db
):
    files = {"database.sqlite3": database_bytes(), "media/letters/CBO-2026-0001.pdf": b"%PDF the letter"}
    path = tmp_path / "conduit.tar.gz"
    write_archive(path, files)
    manifest = json.loads(members(path)["manifest.json"])
    if change == "tampered":
        write_archive(path, {**files, "media/letters/CBO-2026-0001.pdf": b"%PDF another"}, manifest=manifest)
    elif change == "unlisted":
        write_archive(path, {**files, "media/extra.txt": b"x"}, manifest=manifest)
    elif change == "missing":
        write_archive(path, {"database.sqlite3": database_bytes()}, manifest=manifest)
    else:
        with tarfile.open(path, "w:gz") as archive:
            info = tarfile.TarInfo("database.sqlite3")
            info.size = len(database_bytes())
            archive.addfile(info, io.BytesIO(database_bytes()))
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--yes")
    assert message in str(refused.value)
    assert str(refused.value).endswith("Nothing was restored.")
    assert list(media.iterdir()) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_truncated_archive_is_refused(records, media, tmp_path):
    (media / "report.xlsx").write_bytes(bytes(range(256)) * 400)
    path = backup(tmp_path / "conduit.tar.gz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(BackupError, match="it may be truncated or damaged"):
        restore(path)
    assert Provider.objects.get(pk=records.pk).name == "Backup Cable Co"


def link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


@pytest.mark.parametrize(
    ("files", "extra", "refused"),
    [
        ({"media/../../outside.txt": b"x"}, (), "'media/../../outside.txt' points outside the backup"),
        ({"/outside.txt": b"x"}, (), "'/outside.txt' points outside the backup"),
        ({}, (link("media/passwd", "/etc/passwd"),), "'media/passwd' is not a plain file (a link?)"),
        ({}, (link("media/hard", "database.sqlite3", tarfile.LNKTYPE),), "'media/hard' is not a plain file"),
    ],
)
def test_an_archive_member_that_leaves_the_backup_or_is_a_link_is_refused(files, extra, refused, media, tmp_path, db):
    path = tmp_path / "archive" / "conduit.tar.gz"
    path.parent.mkdir()
    manifest = {"format": 1, "database": {"path": "database.sqlite3", "size": 1, "sha256": "0" * 64}, "files": []}
    write_archive(path, {"database.sqlite3": database_bytes(), **files}, manifest=manifest, extra=extra)
    with pytest.raises(BackupError, match=re.escape(refused)):
        restore(path)
    assert not (tmp_path / "outside.txt").exists()
    assert list(media.iterdir()) == []


def test_a_restore_without_yes_and_no_one_to_ask_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="Refusing to replace the database without --yes"):
        call_command("restore", str(tmp_path / "conduit.tar.gz"))


def test_a_restore_of_a_missing_file_says_so(tmp_path, db):
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "nothing.tar.gz"), "--yes")


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="reads the SQLite copy directly")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_backup_command_writes_one_archive_whose_database_is_a_working_copy(records, media, tmp_path):
    call_command("backup", "--output", str(tmp_path / "out.tar.gz"))
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(members(tmp_path / "out.tar.gz")["database.sqlite3"])
    with sqlite3.connect(copy) as db:
        assert db.execute("select count(*) from accounts_provider").fetchone()[0] == Provider.objects.count()


@pytest.mark.django_db
def test_the_checks_after_a_restore_are_those_the_apps_connected(media):
    from dataclasses import dataclass

    from core.backup import restored, run_checks

    @dataclass
    class Report:
        problems: list

        def __str__(self):
            return "Checked the planted files: " + ", ".join(self.problems)

    def planted(sender, **kwargs):
        return Report(["a.pdf is missing"])

    assert str(run_checks()) == "Verified 0 issued letters: all match."  # letters connects its check
    restored.connect(planted, dispatch_uid="test-planted")
    try:
        checks = run_checks()
    finally:
        restored.disconnect(dispatch_uid="test-planted")
    assert checks.problems == ["a.pdf is missing"]
    assert str(checks) == "Verified 0 issued letters: all match.\nChecked the planted files: a.pdf is missing"
