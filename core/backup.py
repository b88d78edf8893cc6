"""Backups: one tar.gz holding the database, every file under MEDIA_ROOT and a manifest.

The database is copied with SQLite's online backup API or pg_dump (custom
format) for PostgreSQL. The files are the issued letters' PDFs, bulk-job ZIPs
and uploaded quarterly reports: without them a restored letter would point at a
PDF that is not there. `manifest.json`, written last, lists every member with
its size and SHA-256, so a restore can refuse an archive that was truncated or
changed. Restoring replaces the whole database (records and their history
alike) and writes the files back, then runs the checks the apps connected to
`restored`: letters checks every issued letter's PDF against the SHA-256
stored when it was issued (letters/backup.py). See docs/operations.md.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.dispatch import Signal
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_PREFIX = "media"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be restored; nothing was changed."""


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db, name=None):
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return [*args, "-d", name or db["NAME"]]


def database_member():
    """The database's name inside the archive (its format depends on the database)."""
    if connection.vendor == "sqlite":
        return "database.sqlite3"
    if connection.vendor == "postgresql":
        return "database.dump"
    raise NotImplementedError(f"No backup method for {connection.vendor}.")


def dump_database(destination):
    """Write a consistent copy of the database to `destination` (a file path)."""
    db = connection.settings_dict
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        with target:
            connection.connection.backup(target)  # consistent even while others write
        target.close()
        return destination
    if connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603 - fixed argument list, no shell; paths come from settings
            [
                shutil.which("pg_dump") or "pg_dump",
                "--format=custom",
                "--no-owner",
                "-f",
                str(destination),
                *_pg_args(db),
            ],
            check=True,
            env=_pg_env(db),
            capture_output=True,
        )
        return destination
    raise NotImplementedError(f"No backup method for {connection.vendor}.")


def load_database(source, *, database=None):
    """Replace the database (or `database`, for PostgreSQL) with a dump made by dump_database()."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        backup_db = sqlite3.connect(source)
        connection.ensure_connection()
        with backup_db:
            backup_db.backup(connection.connection)
        backup_db.close()
        return
    if connection.vendor == "postgresql":
        subprocess.run(  # noqa: S603 - fixed argument list, no shell; paths come from settings
            [
                shutil.which("pg_restore") or "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                *_pg_args(db, database),
                str(source),
            ],
            check=True,
            env=_pg_env(db),
            capture_output=True,
        )
        return
    raise NotImplementedError(f"No restore method for {connection.vendor}.")


class _Hashing(io.RawIOBase):
    """Reads a file and hashes exactly the bytes handed to the archive."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add(archive, path, name):
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as handle:
        reader = _Hashing(handle)
        archive.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def media_files(root=None):
    """Every regular file under MEDIA_ROOT, as (path, name relative to the root), in a stable order."""
    root = Path(root or settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path, path.relative_to(root).as_posix()))
    return found


def backup(destination=None):
    """Write the archive to `destination` (default var/backups/conduit-<time>.tar.gz); returns its path."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    destination = Path(destination or settings.VAR_DIR / "backups" / f"conduit-{stamp}.tar.gz")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory(dir=destination.parent) as scratch:
        dump = dump_database(Path(scratch) / database_member())
        with tarfile.open(partial, "w:gz") as archive:
            entry = _add(archive, dump, database_member())
            files = [_add(archive, path, f"{MEDIA_PREFIX}/{name}") for path, name in media_files()]
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": {**entry, "vendor": connection.vendor},
                "files": files,
            }
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
            archive.addfile(info, io.BytesIO(data))
    partial.replace(destination)  # never a half-written archive under the final name
    return destination


def _safe_name(name):
    """The member's path if it stays inside the archive's folder; None for "../x", "/x" and the like."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or "\\" in name or any(part in ("..", ".", "") for part in name.split("/")):
        return None
    if path.parts and ":" in path.parts[0]:
        return None
    return path


@dataclass
class Checked:
    """An archive whose members all match its manifest, unpacked in a scratch folder."""

    folder: Path
    manifest: dict
    database: Path
    files: list = field(default_factory=list)


def _read_manifest(archive):
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(
            "The archive has no manifest.json: it is not a Conduit backup, or it was cut short."
        ) from None
    try:
        manifest = json.loads(archive.extractfile(member).read())
        entries = [manifest["database"], *manifest["files"]]
        well_formed = all(
            isinstance(entry["path"], str) and isinstance(entry["size"], int) and isinstance(entry["sha256"], str)
            for entry in entries
        )
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The archive's manifest.json cannot be read ({error}).") from None
    if not well_formed:
        raise BackupError("The archive's manifest.json lists a file without its path, size and SHA-256.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"The archive is in backup format {manifest.get('format')}; this Conduit reads {FORMAT}.")
    return manifest


def unpack(source, folder):
    """Unpack `source` into `folder`, refusing it unless every member is a plain file listed in the manifest
    with the same size and SHA-256, and every file the manifest lists is there."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"No backup at {source}.")
    folder = Path(folder)
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                if _safe_name(member.name) is None:
                    raise BackupError(f"The archive member {member.name!r} points outside the backup; refused.")
                if not member.isfile():
                    raise BackupError(f"The archive member {member.name!r} is not a plain file (a link?); refused.")
            manifest = _read_manifest(archive)
            expected = {entry["path"]: entry for entry in [manifest["database"], *manifest["files"]]}
            present = [member.name for member in members if member.name != MANIFEST]
            extra = sorted(set(present) - set(expected))
            missing = sorted(set(expected) - set(present))
            if len(present) != len(set(present)):
                raise BackupError("The archive holds the same file twice; refused.")
            if extra or missing:
                raise BackupError(
                    "The archive does not match its manifest: "
                    + "; ".join(
                        part
                        for part in (
                            f"not listed: {', '.join(extra)}" if extra else "",
                            f"missing: {', '.join(missing)}" if missing else "",
                        )
                        if part
                    )
                    + "."
                )
            for member in members:
                if member.name == MANIFEST:
                    continue
                if not (member.name == manifest["database"]["path"] or member.name.startswith(f"{MEDIA_PREFIX}/")):
                    raise BackupError(f"The archive member {member.name!r} is neither the database nor a media file.")
                _extract_checked(archive, member, expected[member.name], folder)
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(f"The archive cannot be read ({error}): it may be truncated or damaged.") from None
    files = [(folder / entry["path"], entry["path"].removeprefix(f"{MEDIA_PREFIX}/")) for entry in manifest["files"]]
    return Checked(folder=folder, manifest=manifest, database=folder / manifest["database"]["path"], files=files)


def _extract_checked(archive, member, entry, folder):
    target = folder / member.name
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with archive.extractfile(member) as handle, open(target, "wb") as out:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise BackupError(
            f"{member.name} does not match the manifest (size {size:,} for {entry['size']:,}, or a different "
            "SHA-256): the archive was changed or damaged."
        )


def _restore_media(files, root=None):
    root = Path(root or settings.MEDIA_ROOT)
    for path, name in files:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(path, partial)
        partial.replace(target)
    return len(files)


# Checks after a restore. core knows no app: each app that keeps files the database
# points to connects a receiver here (letters: letters/backup.py, connected in
# LettersConfig.ready()). A receiver is called as receiver(sender=restore) after
# the database and the files are back, and returns a report with a `problems`
# list and a str() for the operator.
restored = Signal()


@dataclass
class Checks:
    """The reports of every check run after a restore."""

    reports: list

    @property
    def problems(self):
        return [problem for report in self.reports for problem in report.problems]

    def __str__(self):
        return "\n".join(str(report) for report in self.reports) or "No app registered a check after a restore."


def run_checks():
    """Run the checks the apps connected to `restored` (the restored database, MEDIA_ROOT)."""
    return Checks(reports=[report for _receiver, report in restored.send(sender=restore) if report is not None])


def restore(source, *, database=None):
    """Check the whole archive, then replace the database (or `database`, for PostgreSQL) and write the files
    back under MEDIA_ROOT (files there that the backup does not hold are left alone). Returns the apps' checks
    (`run_checks`: every issued letter's PDF), made against the restored database unless `database` names
    another one."""
    with tempfile.TemporaryDirectory(dir=settings.VAR_DIR, prefix="restore-") as scratch:
        checked = unpack(source, scratch)
        vendor = checked.manifest["database"].get("vendor")
        if vendor != connection.vendor:
            raise BackupError(f"The archive holds a {vendor} database; this Conduit runs on {connection.vendor}.")
        load_database(checked.database, database=database)
        _restore_media(checked.files)
    return None if database else run_checks()
