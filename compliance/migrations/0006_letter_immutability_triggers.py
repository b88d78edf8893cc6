"""Database triggers: an issued letter can never change or be deleted, whatever writes to the table.

The model's save() and delete() and its queryset refuse first, with a clear
message; these triggers are the last line for raw SQL, a shell or a bug. While
a letter is "issuing" (its number, date, wording and data frozen, its PDF
being rendered) only the render fields may change; once "issued" nothing may.
"""

from django.db import migrations

# Frozen from the moment the letter is issued (status "issuing").
CONTENT_COLUMNS = (
    "kind",
    "template_version_id",
    "subject",
    "body",
    "closing",
    "data",
    "provider_id",
    "source_type_id",
    "source_id",
    "matter_type_id",
    "matter_id",
    "source_label",
    "supersedes_id",
    "batch_id",
    "is_illustrative",
    "created_by_id",
    "created_at",
    "approved_by_id",
    "approved_at",
    "number",
    "issued_on",
    "issued_by_id",
    "issue_requested_at",
    "send_on_issue",
    "rendered_data",
)

SQLITE_FORWARD = [
    """CREATE TRIGGER compliance_letter_issued_no_update BEFORE UPDATE ON compliance_letter
       FOR EACH ROW WHEN OLD.status = 'issued'
       BEGIN SELECT RAISE(ABORT, 'An issued letter can never change.'); END""",
    """CREATE TRIGGER compliance_letter_issuing_frozen BEFORE UPDATE ON compliance_letter
       FOR EACH ROW WHEN OLD.status = 'issuing' AND ("""
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT_COLUMNS)
    + """)
       BEGIN SELECT RAISE(ABORT, 'An issued letter can never change.'); END""",
    """CREATE TRIGGER compliance_letter_issued_no_delete BEFORE DELETE ON compliance_letter
       FOR EACH ROW WHEN OLD.status IN ('issuing', 'issued')
       BEGIN SELECT RAISE(ABORT, 'An issued letter can never be deleted.'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS compliance_letter_issued_no_update",
    "DROP TRIGGER IF EXISTS compliance_letter_issuing_frozen",
    "DROP TRIGGER IF EXISTS compliance_letter_issued_no_delete",
]

POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION compliance_letter_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status IN ('issuing', 'issued') THEN
          RAISE EXCEPTION 'An issued letter can never be deleted (letter %).', OLD.number;
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.status = 'issued' THEN
        RAISE EXCEPTION 'An issued letter can never change (letter %).', OLD.number;
      END IF;
      IF OLD.status = 'issuing' AND ("""
    + " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in CONTENT_COLUMNS)
    + """) THEN
        RAISE EXCEPTION 'An issued letter can never change (letter %).', OLD.number;
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER compliance_letter_guard BEFORE UPDATE OR DELETE ON compliance_letter
       FOR EACH ROW EXECUTE FUNCTION compliance_letter_guard()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS compliance_letter_guard ON compliance_letter",
    "DROP FUNCTION IF EXISTS compliance_letter_guard()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)  # no interpolation: the SQL has literal %

    return run


class Migration(migrations.Migration):
    dependencies = [("compliance", "0005_letter_template_first_versions")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
