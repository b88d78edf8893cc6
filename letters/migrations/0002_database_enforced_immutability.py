"""More database triggers for the letters (after compliance 0006), closing the ways round them.

- A letter cannot be inserted as "issuing" or "issued": it becomes issued only by an UPDATE from
  "approved" to "issuing" (number, date, wording frozen) and then to "issued" (the render path).
  A letter being issued cannot go back to an earlier status.
- SQLite: REPLACE (and INSERT OR REPLACE, UPDATE OR REPLACE) deletes the row it clashes with, and
  fires no delete trigger unless `PRAGMA recursive_triggers` is on. Conduit turns it on for every
  connection (config/settings.py), so the delete trigger of compliance 0006 refuses; these triggers
  also refuse a REPLACE that clashes with an issued letter (its id, number, or bulk-job record) for a
  connection that did not turn it on, such as the sqlite3 shell.
- The letters' history tables are append-only: a new history row may be added, none changed or
  deleted. That is the letters', their audit events', their deliveries', their wording versions'
  and their bulk jobs' history: together, the evidence of who drafted, approved, issued and sent what.

On PostgreSQL the application also connects as a role that may not TRUNCATE, own a table or turn
triggers off (docs/production.md, `manage.py grant_app_role`): the triggers here guard against the
application's own SQL, the role against anyone holding its credentials.
"""

from django.db import migrations

LOCKED = "('issuing', 'issued')"
HISTORY_TABLES = (
    "compliance_historicalletter",
    "compliance_historicalletterevent",
    "compliance_historicalletterdelivery",
    "compliance_historicallettertemplateversion",
    "compliance_historicalletterbatch",
)
INSERT_MESSAGE = "A letter is issued only from an approved letter: it cannot be inserted as issued."
PATH_MESSAGE = "A letter is issued only from approved, through issuing, and never goes back."
REPLACE_MESSAGE = "An issued letter can never be replaced."
HISTORY_MESSAGE = "Letter history is append-only: its rows never change and are never deleted."


def _clash(exclude_old):
    """SQL: an issued letter other than the row itself holds NEW's id, number or bulk-job record."""
    other = "kept.id <> OLD.id AND " if exclude_old else ""
    return f"""EXISTS (SELECT 1 FROM compliance_letter AS kept
         WHERE kept.status IN {LOCKED} AND {other}(kept.id = NEW.id OR kept.number = NEW.number
           OR (kept.batch_id = NEW.batch_id AND kept.source_type_id = NEW.source_type_id
               AND kept.source_id = NEW.source_id)))"""


SQLITE_FORWARD = [
    f"""CREATE TRIGGER compliance_letter_insert_not_issued BEFORE INSERT ON compliance_letter
       FOR EACH ROW WHEN NEW.status IN {LOCKED}
       BEGIN SELECT RAISE(ABORT, '{INSERT_MESSAGE}'); END""",
    f"""CREATE TRIGGER compliance_letter_insert_no_replace BEFORE INSERT ON compliance_letter
       FOR EACH ROW WHEN {_clash(exclude_old=False)}
       BEGIN SELECT RAISE(ABORT, '{REPLACE_MESSAGE}'); END""",
    f"""CREATE TRIGGER compliance_letter_update_no_replace BEFORE UPDATE ON compliance_letter
       FOR EACH ROW WHEN OLD.status NOT IN {LOCKED} AND {_clash(exclude_old=True)}
       BEGIN SELECT RAISE(ABORT, '{REPLACE_MESSAGE}'); END""",
    f"""CREATE TRIGGER compliance_letter_issue_path BEFORE UPDATE OF status ON compliance_letter
       FOR EACH ROW WHEN (NEW.status = 'issuing' AND OLD.status NOT IN ('approved', 'issuing'))
         OR (NEW.status = 'issued' AND OLD.status NOT IN {LOCKED})
         OR (OLD.status = 'issuing' AND NEW.status NOT IN {LOCKED})
       BEGIN SELECT RAISE(ABORT, '{PATH_MESSAGE}'); END""",
]
for _table in HISTORY_TABLES:
    SQLITE_FORWARD += [
        f"""CREATE TRIGGER {_table}_no_update BEFORE UPDATE ON {_table}
           BEGIN SELECT RAISE(ABORT, '{HISTORY_MESSAGE}'); END""",
        f"""CREATE TRIGGER {_table}_no_delete BEFORE DELETE ON {_table}
           BEGIN SELECT RAISE(ABORT, '{HISTORY_MESSAGE}'); END""",
    ]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS compliance_letter_insert_not_issued",
    "DROP TRIGGER IF EXISTS compliance_letter_insert_no_replace",
    "DROP TRIGGER IF EXISTS compliance_letter_update_no_replace",
    "DROP TRIGGER IF EXISTS compliance_letter_issue_path",
    *(f"DROP TRIGGER IF EXISTS {table}_{what}" for table in HISTORY_TABLES for what in ("no_update", "no_delete")),
]

POSTGRES_FORWARD = [
    f"""CREATE OR REPLACE FUNCTION compliance_letter_issue_path() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.status IN {LOCKED} THEN
          RAISE EXCEPTION '{INSERT_MESSAGE}';
        END IF;
      ELSIF (NEW.status = 'issuing' AND OLD.status NOT IN ('approved', 'issuing'))
         OR (NEW.status = 'issued' AND OLD.status NOT IN {LOCKED})
         OR (OLD.status = 'issuing' AND NEW.status NOT IN {LOCKED}) THEN
        RAISE EXCEPTION '{PATH_MESSAGE}';
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER compliance_letter_issue_path BEFORE INSERT OR UPDATE OF status ON compliance_letter
       FOR EACH ROW EXECUTE FUNCTION compliance_letter_issue_path()""",
    # The name ends in _append_only: `grant_app_role` also takes UPDATE and DELETE on these tables away.
    f"""CREATE OR REPLACE FUNCTION conduit_append_only() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION '{HISTORY_MESSAGE} (%)', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql""",
    *(
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
           FOR EACH ROW EXECUTE FUNCTION conduit_append_only()"""
        for table in HISTORY_TABLES
    ),
]
POSTGRES_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in HISTORY_TABLES),
    "DROP FUNCTION IF EXISTS conduit_append_only()",
    "DROP TRIGGER IF EXISTS compliance_letter_issue_path ON compliance_letter",
    "DROP FUNCTION IF EXISTS compliance_letter_issue_path()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)  # no interpolation: the SQL has literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_moved_from_compliance")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
