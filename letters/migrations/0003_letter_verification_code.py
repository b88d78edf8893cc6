"""Each issued letter gets a verification code, printed on it, frozen like its number.

The column is nullable with no default (letters issued before have none), so on SQLite Django adds it
with ALTER TABLE ... ADD COLUMN and does not remake the table: a remake would drop the triggers of
compliance 0006 and letters 0002 and copy the issued rows through INSERTs those triggers refuse. Its
uniqueness is a partial unique index (CREATE UNIQUE INDEX ... WHERE), for the same reason: SQLite cannot
add a UNIQUE column, and a plain unique constraint would remake the table too.

An issued letter already refuses every UPDATE (compliance 0006). A letter being issued refuses changes
to its frozen columns; the code joins them here, so the triggers that list them are made again with it:
on SQLite `compliance_letter_issuing_frozen`, on PostgreSQL the function `compliance_letter_guard()` (its
trigger stays). The code is set in the same UPDATE that moves the letter from approved to issuing.
"""

from django.db import migrations, models

# compliance 0006's frozen columns, as they stand there (a migration never changes).
FROZEN_BEFORE = (
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
FROZEN_AFTER = (*FROZEN_BEFORE, "verification_code")


def _sqlite(columns):
    return [
        "DROP TRIGGER IF EXISTS compliance_letter_issuing_frozen",
        """CREATE TRIGGER compliance_letter_issuing_frozen BEFORE UPDATE ON compliance_letter
           FOR EACH ROW WHEN OLD.status = 'issuing' AND ("""
        + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        + """)
           BEGIN SELECT RAISE(ABORT, 'An issued letter can never change.'); END""",
    ]


def _postgres(columns):
    return [
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
        + " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
        + """) THEN
        RAISE EXCEPTION 'An issued letter can never change (letter %).', OLD.number;
      END IF;
      RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    ]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)  # no interpolation: the SQL has literal %

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0002_database_enforced_immutability"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalletter",
            name="verification_code",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Printed on the letter next to its number.",
                max_length=14,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="verification_code",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Printed on the letter next to its number.",
                max_length=14,
                null=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.UniqueConstraint(
                condition=models.Q(("verification_code__isnull", False)),
                fields=("verification_code",),
                name="letter_unique_verification_code",
            ),
        ),
        migrations.RunPython(
            _run({"sqlite": _sqlite(FROZEN_AFTER), "postgresql": _postgres(FROZEN_AFTER)}),
            _run({"sqlite": _sqlite(FROZEN_BEFORE), "postgresql": _postgres(FROZEN_BEFORE)}),
        ),
    ]
