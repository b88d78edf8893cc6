"""The search index table, and each database's search structures beside it.

PostgreSQL: a generated column `vector` = to_tsvector('simple', text) with a GIN index, and a
trigram GIN index over `text` (pg_trgm, a trusted extension the database owner may create) for
parts of words and misspellings. SQLite: an FTS5 table over `text` (external content), which
three triggers keep in step with core_searchentry."""

import django.db.models.deletion
from django.db import migrations, models

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE core_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX core_searchentry_vector ON core_searchentry USING gin (vector)",
    "CREATE INDEX core_searchentry_text_trgm ON core_searchentry USING gin (text gin_trgm_ops)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchentry_text_trgm",
    "DROP INDEX IF EXISTS core_searchentry_vector",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS vector",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE core_searchentry_fts USING fts5("
    "text, content='core_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER core_searchentry_fts_insert AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER core_searchentry_fts_delete AFTER DELETE ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER core_searchentry_fts_update AFTER UPDATE OF text ON core_searchentry BEGIN "
    "INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO core_searchentry_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_insert",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.PositiveBigIntegerField()),
                ("kind", models.CharField(max_length=60)),
                ("title", models.CharField(max_length=300)),
                ("summary", models.CharField(blank=True, max_length=300)),
                ("url", models.CharField(max_length=300)),
                ("portal_url", models.CharField(blank=True, max_length=300)),
                ("provider_id", models.PositiveBigIntegerField(blank=True, db_index=True, null=True)),
                ("dates", models.JSONField(blank=True, default=list)),
                ("text", models.TextField()),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={"verbose_name_plural": "search entries"},
        ),
        migrations.AddConstraint(
            model_name="searchentry",
            constraint=models.UniqueConstraint(fields=("content_type", "object_id"), name="one_search_entry_per_record"),
        ),
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
