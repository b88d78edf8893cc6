"""A backup restores every record and every history row."""

import sqlite3

import psycopg
import pytest
from django.db import connection

from accounts import services
from accounts.models import Provider
from compliance.backup import backup, restore


@pytest.fixture
def records(staff):
    provider = services.provider_create(actor=staff, name="Backup Cable Co", short_name="backup-cable", kind="cable")
    services.provider_update(provider=provider, actor=staff, phone="617-555-0000")
    return provider


def counts_now():
    return Provider.objects.count(), Provider.history.count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_every_record_and_history_row(records, tmp_path):
    expected = counts_now()
    assert expected[1] >= 2
    path = backup(tmp_path / ("conduit.sqlite3" if connection.vendor == "sqlite" else "conduit.dump"))
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(path)
        found = (
            copy.execute("select count(*) from accounts_provider").fetchone()[0],
            copy.execute("select count(*) from accounts_historicalprovider").fetchone()[0],
        )
        assert found == expected
        # Restore over a changed database: the change is gone, the history is back.
        Provider.history.all().delete()
        Provider.objects.filter(pk=records.pk).update(name="Changed after backup")
        restore(path)
        assert counts_now() == expected
        assert Provider.objects.get(pk=records.pk).name == "Backup Cable Co"
    else:
        db = connection.settings_dict
        scratch = f"{db['NAME']}_restore"
        admin = {
            "host": db["HOST"],
            "port": db["PORT"] or 5432,
            "user": db["USER"],
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
