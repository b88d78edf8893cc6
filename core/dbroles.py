"""PostgreSQL roles: the application connects as a role that owns nothing (docs/production.md).

The owner role runs the migrations and owns every table. The application role may read and write
rows, and nothing more: no TRUNCATE, no REFERENCES or TRIGGER privilege, no CREATE in the schema, no
ownership (so no ALTER TABLE ... DISABLE TRIGGER and no DROP), no superuser (so no
`session_replication_role = replica`). A table whose trigger makes it append-only (the trigger's name
ends in `_append_only`, e.g. the letter history, letters migration 0002) gives it only SELECT and INSERT.
"""

from django.db import connection

APPEND_ONLY_SUFFIX = "_append_only"
ROW_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


class RoleError(Exception):
    """The role cannot be the application's role as it stands; nothing was granted."""


def _one(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchone()


def append_only_tables(cursor, schema):
    cursor.execute(
        """SELECT c.relname, t.tgname FROM pg_trigger t
           JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = %s AND NOT t.tgisinternal""",
        [schema],
    )
    return sorted({table for table, trigger in cursor.fetchall() if trigger.endswith(APPEND_ONLY_SUFFIX)})


def problems(role, cursor):
    """Why `role` must not be the application's role (an empty list when it may)."""
    found = []
    row = _one(
        cursor, "SELECT rolsuper, rolbypassrls, rolcreaterole, rolreplication FROM pg_roles WHERE rolname = %s", [role]
    )
    if row is None:
        return [f"there is no role {role}"]
    superuser, bypassrls, createrole, replication = row
    if superuser:
        found.append(f"{role} is a superuser (it could turn triggers off with session_replication_role)")
    if bypassrls:
        found.append(f"{role} bypasses row-level security")
    if createrole:
        found.append(f"{role} may create roles")
    if replication:
        found.append(f"{role} is a replication role")
    (owned,) = _one(
        cursor,
        """SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE pg_has_role(%s, c.relowner, 'USAGE') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND n.nspname NOT LIKE 'pg_toast%%'""",
        [role],
    )
    if owned:
        found.append(
            f"{role} owns (or inherits the owner of) {owned} tables, sequences or indexes: an owner may TRUNCATE, "
            "ALTER TABLE ... DISABLE TRIGGER and DROP"
        )
    return found


def grant_app_role(role, *, create=False):
    """Give `role` row access to every table of the current schema, and no more; returns the statements run.

    Run as the owner of the tables. Safe to run again: it first takes back whatever the role had."""
    if connection.vendor != "postgresql":
        raise RoleError("Database roles are a PostgreSQL matter; SQLite has none.")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        current, schema, database = _one(cursor, "SELECT current_user, current_schema(), current_database()")
        if role == current:
            raise RoleError(f"Connected as {role}: run this as the role that owns the tables, not as the app role.")
        exists = _one(cursor, "SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        statements = []
        if not exists:
            if not create:
                raise RoleError(f"There is no role {role}: create it, or pass --create.")
            statements.append(
                f"CREATE ROLE {quote(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION"
            )
        else:
            refused = problems(role, cursor)
            if refused:
                raise RoleError("; ".join(refused) + ". Nothing was granted.")
        append_only = append_only_tables(cursor, schema)
        r, s = quote(role), quote(schema)
        statements += [
            f"GRANT CONNECT ON DATABASE {quote(database)} TO {r}",
            f"REVOKE ALL ON SCHEMA {s} FROM {r}",
            f"GRANT USAGE ON SCHEMA {s} TO {r}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
            f"GRANT {ROW_PRIVILEGES} ON ALL TABLES IN SCHEMA {s} TO {r}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
            *(f"REVOKE UPDATE, DELETE ON {quote(table)} FROM {r}" for table in append_only),
            # Tables and sequences the owner makes later (new migrations) are covered too.
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT {ROW_PRIVILEGES} ON TABLES TO {r}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE, SELECT ON SEQUENCES TO {r}",
        ]
        for statement in statements:
            cursor.execute(statement)
        if _one(cursor, "SELECT has_schema_privilege(%s, %s, 'CREATE')", [role, schema])[0]:
            raise RoleError(
                f"{role} may still create tables in schema {schema} (through PUBLIC): run "
                f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC as the schema's owner, then this again."
            )
    return statements


def connected_role_problems(using="default"):
    """Why the role this connection uses must not run the application (PostgreSQL; an empty list when fine)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "postgresql":
        return []
    with conn.cursor() as cursor:
        current, schema = _one(cursor, "SELECT current_user, current_schema()")
        found = problems(current, cursor)
        cursor.execute(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = %s AND c.relkind IN ('r', 'p')
                 AND has_table_privilege(c.oid, 'TRUNCATE') ORDER BY c.relname""",
            [schema],
        )
        truncatable = [name for (name,) in cursor.fetchall()]
        if truncatable and not found:
            found.append(f"{current} may TRUNCATE {len(truncatable)} tables (e.g. {truncatable[0]})")
        for table in append_only_tables(cursor, schema):
            cursor.execute("SELECT has_table_privilege(%s, 'UPDATE') OR has_table_privilege(%s, 'DELETE')", [table] * 2)
            if cursor.fetchone()[0] and not found:
                found.append(f"{current} may UPDATE or DELETE rows of the append-only table {table}")
    return found
