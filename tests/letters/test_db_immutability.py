"""The database itself keeps issued letters and the letters' history as they are, whatever SQL reaches it.

SQLite: triggers refuse an INSERT of an issued row, a REPLACE that would delete an issued letter (every
connection turns recursive_triggers on, and insert triggers refuse the conflict for connections that do
not), a status that skips the render path, and any UPDATE or DELETE of a letters' history row.

PostgreSQL: the application connects as a role that owns nothing (docs/production.md). As that role,
TRUNCATE, `session_replication_role = replica`, ALTER TABLE ... DISABLE TRIGGER and edits of the history
tables all fail. The tests run the project's grant_app_role command for a new role, then connect as it.
"""

import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from letters.models import Letter, LetterBatch, LetterDelivery, LetterTemplateVersion

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite triggers")
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL roles")

HISTORY_TABLES = (
    "compliance_historicalletter",
    "compliance_historicalletterevent",
    "compliance_historicalletterdelivery",
    "compliance_historicallettertemplateversion",
    "compliance_historicalletterbatch",
)


def refused(sql, params=None):
    """Run `sql` in its own savepoint and return the database's refusal (the test fails if there is none)."""
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


def row_of(letter_pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM compliance_letter WHERE id = %s", [letter_pk])
        columns = [column[0] for column in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def insert_sql(row, verb="INSERT"):
    columns = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    return f"{verb} INTO compliance_letter ({columns}) VALUES ({marks})", list(row.values())


# SQLite ------------------------------------------------------------------------------------


@sqlite_only
@pytest.mark.parametrize("verb", ["REPLACE", "INSERT OR REPLACE"])
def test_sqlite_replace_into_an_issued_letter_is_refused(issued_letter, verb):
    stored = row_of(issued_letter.pk)
    forged = {**stored, "body": "Forged.", "sha256": "0" * 64, "issued_on": "2026-01-01"}
    assert "issued letter" in refused(*insert_sql(forged, verb))
    assert row_of(issued_letter.pk) == stored


@sqlite_only
def test_sqlite_replace_under_another_id_with_the_issued_number_is_refused(issued_letter):
    """REPLACE resolves a clash on the unique number too: it would delete the issued letter."""
    stored = row_of(issued_letter.pk)
    forged = {**stored, "id": stored["id"] + 1000, "status": "draft", "body": "Forged."}
    assert "issued letter" in refused(*insert_sql(forged, "REPLACE"))
    assert row_of(issued_letter.pk) == stored


@sqlite_only
def test_sqlite_update_or_replace_onto_the_issued_number_is_refused(issued_letter, fee_filing, legal):
    from tests.letters import factories

    draft = factories.draft(actor=legal, kind="cure_notice", source=fee_filing)
    stored = row_of(issued_letter.pk)
    sql = "UPDATE OR REPLACE compliance_letter SET number = %s WHERE id = %s"
    assert "issued letter" in refused(sql, [stored["number"], draft.pk])
    assert row_of(issued_letter.pk) == stored


@sqlite_only
def test_every_sqlite_connection_turns_recursive_triggers_on(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers")
        assert cursor.fetchone()[0] == 1


@sqlite_only
def test_sqlite_replace_is_refused_even_with_recursive_triggers_off(issued_letter):
    """A connection Conduit did not open (the sqlite3 shell) has recursive_triggers off."""
    stored = row_of(issued_letter.pk)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA recursive_triggers = OFF")
    try:
        assert "issued letter" in refused(*insert_sql({**stored, "body": "Forged."}, "REPLACE"))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA recursive_triggers = ON")
    assert row_of(issued_letter.pk) == stored


@pytest.mark.parametrize("status", ["issued", "issuing"])
def test_an_issued_row_cannot_be_inserted(issued_letter, status):
    """A letter becomes issued only by an UPDATE from approved, through issuing (the render path)."""
    row = row_of(issued_letter.pk)
    forged = {**row, "id": row["id"] + 1000, "number": "CBO-2026-9999", "status": status}
    assert "issued" in refused(*insert_sql(forged))
    assert not Letter.objects.filter(number="CBO-2026-9999").exists()


@pytest.mark.parametrize(("start", "to"), [("draft", "issuing"), ("draft", "issued"), ("approved", "issued")])
def test_a_letter_reaches_issued_only_through_the_render_path(fee_letter, start, to):
    Letter.objects.filter(pk=fee_letter.pk).update(status=start)
    assert "issued" in refused("UPDATE compliance_letter SET status = %s WHERE id = %s", [to, fee_letter.pk])
    assert Letter.objects.get(pk=fee_letter.pk).status == start


def test_a_letter_being_issued_cannot_go_back(fee_letter):
    Letter.objects.filter(pk=fee_letter.pk).update(status="approved")
    with connection.cursor() as cursor:  # approved -> issuing, as the render path does
        cursor.execute(
            "UPDATE compliance_letter SET status = 'issuing', number = 'CBO-2026-0777' WHERE id = %s", [fee_letter.pk]
        )
    assert "issued" in refused("UPDATE compliance_letter SET status = 'draft' WHERE id = %s", [fee_letter.pk])
    assert Letter.objects.get(pk=fee_letter.pk).status == "issuing"


@pytest.fixture
def every_history(issued_letter, legal):
    """A row in each letter history table: a letter, its events, a delivery, a wording version, a bulk job."""
    version = issued_letter.template_version
    LetterDelivery.objects.create(letter=issued_letter, requested_by=legal, to=["clerk@example.com"])
    LetterTemplateVersion.objects.create(
        kind=version.kind, number=version.number + 1, subject=version.subject, body=version.body, created_by=legal
    )
    LetterBatch.objects.create(kind=version.kind, template_version=version, created_by=legal)


def count(table, where="1 = 1"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {where}")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_the_letters_history_refuses_update_and_delete(every_history, table):
    before = count(table)
    assert before > 0
    assert "append-only" in refused(f"UPDATE {table} SET history_change_reason = 'edited'")
    assert "append-only" in refused(f"DELETE FROM {table}")
    assert count(table, "history_change_reason = 'edited'") == 0
    assert count(table) == before


def test_history_rows_are_still_added(fee_letter, legal2):
    from letters import services

    count = fee_letter.history.count()
    services.letter_approve(letter=fee_letter, actor=legal2)
    assert fee_letter.history.count() == count + 1


# PostgreSQL --------------------------------------------------------------------------------


def _connect_as(role):
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        dbname=db["NAME"],
        user=role,
        autocommit=True,
    )


@pytest.fixture
def app_role(transactional_db):
    """A new login role with the grants `grant_app_role` gives; dropped afterwards."""
    role = f"conduit_app_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS")
    try:
        call_command("grant_app_role", role)
        yield role
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"REVOKE ALL ON DATABASE {connection.settings_dict['NAME']} FROM {role}")
            cursor.execute(f"DROP ROLE {role}")


@pytest.fixture
def as_app(app_role):
    with _connect_as(app_role) as conn:
        yield conn


def app_refused(conn, sql):
    with pytest.raises(psycopg.Error) as caught:
        conn.execute(sql)
    return str(caught.value)


def pg_roles(test):
    """PostgreSQL only, and transactional: the new role must see the grants, so they are committed."""
    return postgres_only(pytest.mark.django_db(transaction=True, serialized_rollback=True)(test))


@pytest.mark.parametrize(
    "sql",
    ["TRUNCATE compliance_letter", "TRUNCATE compliance_letter CASCADE", "TRUNCATE compliance_historicalletter"],
)
@pg_roles
def test_postgres_app_role_cannot_truncate(as_app, sql):
    assert "permission denied" in app_refused(as_app, sql)


@pg_roles
def test_postgres_app_role_cannot_turn_triggers_off(as_app):
    assert "permission denied" in app_refused(as_app, "SET session_replication_role = replica")
    for table in ("compliance_letter", *HISTORY_TABLES):
        message = app_refused(as_app, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        assert "must be owner" in message
    assert "must be owner" in app_refused(as_app, "DROP TRIGGER compliance_letter_guard ON compliance_letter")


@pytest.mark.parametrize("table", HISTORY_TABLES)
@pg_roles
def test_postgres_app_role_cannot_edit_the_letters_history(as_app, table):
    assert "permission denied" in app_refused(as_app, f"UPDATE {table} SET history_change_reason = 'edited'")
    assert "permission denied" in app_refused(as_app, f"DELETE FROM {table}")
    as_app.execute(f"SELECT count(*) FROM {table}")  # reading stays possible


@pg_roles
def test_postgres_app_role_does_the_applications_work(as_app):
    """Reads, writes and sequences: what the application needs, and no more."""
    as_app.execute("SELECT count(*) FROM compliance_letter")
    as_app.execute("UPDATE compliance_letter SET render_error = render_error WHERE status = 'draft'")
    as_app.execute("DELETE FROM compliance_letter WHERE status = 'draft' AND id < 0")
    as_app.execute("SELECT nextval(pg_get_serial_sequence('compliance_historicalletter', 'history_id'))")
    assert as_app.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").fetchone() == (
        False,
        False,
    )
    owned = as_app.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user"
    ).fetchone()[0]
    assert owned == 0


@pg_roles
def test_postgres_app_role_cannot_create_tables(as_app):
    assert "permission denied" in app_refused(as_app, "CREATE TABLE sneaky (id int)")


@pg_roles
def test_grant_app_role_refuses_a_superuser_or_an_owner():
    role = f"conduit_su_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN SUPERUSER")
    try:
        with pytest.raises(CommandError, match="is a superuser"):
            call_command("grant_app_role", role)
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER ROLE {role} NOSUPERUSER")
            cursor.execute(f"GRANT {connection.settings_dict['USER'] or 'postgres'} TO {role}")
        with pytest.raises(CommandError, match="owns"):
            call_command("grant_app_role", role)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP ROLE {role}")


def test_grant_app_role_is_for_postgresql_only(db):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite has no roles")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("grant_app_role", "conduit_app")


def test_the_deploy_check_reports_a_database_role_with_more_than_row_access(db):
    from core.checks import database_role

    errors = database_role(None, databases=["default"])
    if connection.vendor == "sqlite":
        assert errors == []
    else:  # the test suite connects as a superuser
        assert {error.id for error in errors} == {"core.E001"}
        assert any("is a superuser" in error.msg for error in errors)
