"""Backups: SQLite's online backup API, or pg_dump / pg_restore for PostgreSQL.

A backup is one file. Restoring replaces the whole database (records and their
history alike). See docs/operations.md.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db, name=None):
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return [*args, "-d", name or db["NAME"]]


def backup(destination=None):
    """Write a consistent copy of the database to `destination` (a file path)."""
    db = connection.settings_dict
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if connection.vendor == "sqlite":
        destination = Path(destination or settings.VAR_DIR / "backups" / f"conduit-{stamp}.sqlite3")
        destination.parent.mkdir(parents=True, exist_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        with target:
            connection.connection.backup(target)  # consistent even while others write
        target.close()
        return destination
    if connection.vendor == "postgresql":
        destination = Path(destination or settings.VAR_DIR / "backups" / f"conduit-{stamp}.dump")
        destination.parent.mkdir(parents=True, exist_ok=True)
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


def restore(source, *, database=None):
    """Replace the database (or `database`, for PostgreSQL) with the backup."""
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(f"No backup at {source}.")
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
