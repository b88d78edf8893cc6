"""A database made under the old app layout keeps every row and history row when it is migrated to today's.

The apps are being reorganised: models move between apps with SeparateDatabaseAndState and keep their
tables (compliance.Letter becomes letters.Letter in the table compliance_letter, portal.QuarterlyReport
becomes franchise.QuarterlyReport in portal_quarterlyreport, and so on, with their Historical* models).
This test takes the test database back to the old layout's migrations, fills it with a copy of a real
database of that layout (the demo data), migrates it forward to the latest migrations and checks that

* every table of the copy still has its rows, and that a model of today reads each of those tables
  (its history rows too, through the tracked model's history manager);
* an issued letter still has its number, its PDF's SHA-256 and its exact wording;
* every generic link (a deadline's record, a letter's record and matter) names a content type of a model
  that exists today, and the record it names is there.

The fixture
-----------
migration_fixtures/old_layout_demo.json.gz, gzipped JSON with three keys:

* "leaves": the leaf migrations of the database it was dumped from (OLD_LAYOUT_LEAVES below);
* "content_types": that database's content types, {id: [app_label, model]}, so that a content type id in
  a row can be turned into the test database's id for the same model;
* "objects": `manage.py dumpdata --all` of every app except contenttypes, auth.permission, sessions,
  admin.logentry and django_q. Django makes content types and permissions itself; sessions, the admin log
  and the task queue hold nothing that moves. A row that points at a content type keeps the old id, read
  through "content_types".

Some rows are made by migrations, not by anyone: the four role groups (accounts 0002), the default
reminder rules (compliance 0003) and the first version of each letter's wording (compliance 0005). They are
in the fixture like any other row, as the dumped database held them (the demo may have changed them). The
loader empties each fixture table before it inserts, so these rows are replaced, never doubled, and every
table holds exactly the fixture's rows, as in the database it came from.

To make the fixture again you need the old layout: check out the commit that added it
(`git log --diff-filter=A --format=%h -- tests/migration_fixtures/old_layout_demo.json.gz`). Then, from the
repository root:

    export CONDUIT_VAR_DIR="$(mktemp -d)"   # a throw-away SQLite database and media folder
    unset DATABASE_URL
    bin/manage migrate
    bin/manage load_demo
    bin/manage shell -c "from tests.test_layout_migration import add_closure_days; add_closure_days()"
    bin/manage shell -c "from tests.test_layout_migration import write_fixture; write_fixture()"

add_closure_days() records three closure days (the demo has none) and removes one, so that closure days and
their history are in the fixture too. write_fixture() refuses a checkout whose leaf migrations are not
OLD_LAYOUT_LEAVES. Both import app code inside the function: they run at the old layout only. The demo is
dated from the day it is loaded, so a new fixture has new letters: write_fixture() prints the lines of
ISSUED_LETTERS for it, to copy into this file (in the new layout's checkout, with the new fixture).

Cleaning up
-----------
The test leaves issued letters behind, which their triggers (compliance 0006) never let anyone delete. On
SQLite the test's flush deletes row by row, so a copy of the test database made before the test is put back
after it (as tests/compliance/test_backup.py does). On PostgreSQL the flush truncates, which fires no row
trigger. In both cases serialized_rollback=True brings the rows that migrations make back for the tests
after this one.
"""

import gzip
import hashlib
import io
import json
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

FIXTURE = Path(__file__).parent / "migration_fixtures" / "old_layout_demo.json.gz"

# The leaf migration of every app at the old layout, as `manage.py showmigrations` listed them when the
# fixture was made. An app that is not here did not exist then: the test unapplies all of its migrations.
OLD_LAYOUT_LEAVES = [
    ("accounts", "0004_invitation"),
    ("compliance", "0011_weekly_rollup"),
    ("franchise", "0003_final_decision_received_date"),
    ("permits", "0003_clockevent_letter"),
    ("portal", "0002_failed_standards_as_text"),
    # Django's and third-party apps, as they were then.
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("authtoken", "0004_alter_tokenproxy_options"),
    ("axes", "0010_accessattemptexpiration"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ("sessions", "0001_initial"),
]

# The fixture's issued letters: {pk: (number, SHA-256 of the PDF as recorded, SHA-256 of the body text)}.
ISSUED_LETTERS = {
    1: (
        "CBO-2026-0001",
        "1627b191864cc1766fb75e021d71c42638b5aba7309558c55c58e1503d24aac7",
        "462971dd7ca99cf5394cf9b882ba41aa5887ba90301b0e19b0d72b5445e86588",
    ),
    2: (
        "CBO-2026-0002",
        "0a4978f2276b6f3b4742e1140360754fce86221e5508c2c4a1a32c86af5f867f",
        "8d058fe129c7849ea6802886db199e324ff83987bd8dbe0ac7d033d2cc778250",
    ),
}

# Left out of the fixture: made by Django after migrate, or nothing that moves (see the module docstring).
NOT_DUMPED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "django_q"]


# Making the fixture (at the old layout only; see the module docstring).


def add_closure_days():
    """Record a legal holiday and two office closures as the system user, then remove one closure."""
    from datetime import date
    from importlib import import_module

    from accounts.audit import system_user

    # Modules of the old layout: they exist only in a checkout from before the split.
    services = import_module("compliance.services")
    ClosureDay = import_module("compliance.models").ClosureDay

    actor = system_user()
    services.closure_day_add(
        actor=actor,
        date=date(2026, 3, 17),
        reason="Evacuation Day (Suffolk County), illustrative",
        kind=ClosureDay.Kind.LEGAL_HOLIDAY,
    )
    services.closure_day_add(actor=actor, date=date(2026, 2, 23), reason="Snow emergency, illustrative")
    removed = services.closure_day_add(actor=actor, date=date(2026, 1, 26), reason="Recorded by mistake")
    services.closure_day_remove(actor=actor, closure=removed)


def write_fixture(path=FIXTURE):
    """Dump the database (at the old layout, demo data loaded) into the fixture, gzipped, byte for byte
    the same for the same data."""
    executor = MigrationExecutor(connection)
    leaves = sorted(executor.loader.graph.leaf_nodes())
    if leaves != sorted(OLD_LAYOUT_LEAVES):
        raise RuntimeError(f"This checkout is not at the old layout: its leaf migrations are {leaves}.")
    if executor.migration_plan(leaves):
        raise RuntimeError("The database has migrations to apply: run `bin/manage migrate` first.")
    out = io.StringIO()
    call_command("dumpdata", exclude=NOT_DUMPED, use_base_manager=True, stdout=out)
    data = {
        "leaves": [list(leaf) for leaf in leaves],
        "content_types": {str(ct.pk): [ct.app_label, ct.model] for ct in ContentType.objects.order_by("pk")},
        "objects": json.loads(out.getvalue()),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps(data, sort_keys=True).encode(), mtime=0))
    print(f"Wrote {path.name}, {path.stat().st_size} bytes. ISSUED_LETTERS for it:")
    for entry in data["objects"]:
        fields = entry["fields"]
        if entry["model"] == "compliance.letter" and fields["status"] == "issued":
            body = hashlib.sha256(fields["body"].encode()).hexdigest()
            print(f'    {entry["pk"]}: ("{fields["number"]}", "{fields["sha256"]}", "{body}"),')


# Loading it with the models of the old layout.


def read_fixture():
    return json.loads(gzip.decompress(FIXTURE.read_bytes()))


def old_layout_targets(loader):
    """The old leaves, and (app, None) for each app that did not exist then: all its migrations unapplied."""
    then = {app for app, _name in OLD_LAYOUT_LEAVES}
    missing = [leaf for leaf in OLD_LAYOUT_LEAVES if leaf not in loader.graph.nodes]
    assert not missing, f"old-layout migrations no longer in the graph (squashed or removed?): {missing}"
    return [*OLD_LAYOUT_LEAVES, *((app, None) for app in sorted(loader.migrated_apps - then))]


def table_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def content_types_as_then(recorded, old_apps):
    """Make the content types those of a database at the old layout: one per model of that layout and
    none for a model that did not exist then (a model's content type here is made under today's label).
    Return {fixture content type id: id here}."""
    Then = old_apps.get_model("contenttypes", "ContentType")
    labels = {(model._meta.app_label, model._meta.model_name) for model in old_apps.get_models()}
    labels |= {tuple(label) for label in recorded.values()}
    stale = [ct.pk for ct in Then.objects.all() if (ct.app_label, ct.model) not in labels]
    Then.objects.filter(pk__in=stale).delete()  # with their permissions, as the old database never had them
    here = {label: Then.objects.get_or_create(app_label=label[0], model=label[1])[0].pk for label in sorted(labels)}
    return {int(old_id): here[tuple(label)] for old_id, label in recorded.items()}


def load(fixture, old_apps):
    """Insert the fixture's rows with the models of the old layout (loaddata would use today's models).

    Plain fields go through field.to_python, foreign keys by attname (a content type's id turned into
    the id here), many-to-many links after every row. Return {db_table: rows} for every fixture model and
    its many-to-many tables, history tables included."""
    content_type_ids = content_types_as_then(fixture["content_types"], old_apps)
    ContentTypeThen = old_apps.get_model("contenttypes", "ContentType")
    rows = defaultdict(list)  # model -> instances, in the fixture's order
    links = defaultdict(list)  # many-to-many field -> (row's pk, [linked pks])
    for entry in fixture["objects"]:
        model = old_apps.get_model(entry["model"])
        assert not model._meta.parents, f"{entry['model']}: bulk_create cannot insert an inherited model"
        values = {model._meta.pk.attname: model._meta.pk.to_python(entry["pk"])}
        for name, value in entry["fields"].items():
            field = model._meta.get_field(name)
            if field.many_to_many:
                links[field].append((values[model._meta.pk.attname], value))
            elif field.is_relation:
                if field.related_model is ContentTypeThen and value is not None:
                    value = content_type_ids[value]
                values[field.attname] = value
            else:
                values[field.attname] = field.to_python(value)
        rows[model].append(model(**values))
    counts = {model._meta.db_table: len(instances) for model, instances in rows.items()}
    for model in rows:
        for field in model._meta.many_to_many:
            if field.remote_field.through._meta.auto_created:
                counts.setdefault(field.remote_field.through._meta.db_table, 0)
    with transaction.atomic():  # foreign keys are checked at commit (Django makes them deferrable)
        with connection.cursor() as cursor:
            for table in counts:  # only rows that migrations made are there: replaced, never doubled
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        for model, instances in rows.items():
            model._base_manager.bulk_create(instances)
        for field, pairs in links.items():
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            made = [through(**{source: pk, target: linked}) for pk, linked_pks in pairs for linked in linked_pks]
            through._base_manager.bulk_create(made)
            counts[through._meta.db_table] += len(made)
        # As a real database's would be: the next id after the highest (PostgreSQL; SQLite keeps them itself).
        statements = connection.ops.sequence_reset_sql(no_style(), list(rows))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
    return counts


# The test.


@pytest.fixture
def database_put_back():
    """SQLite: a copy of the test database, put back after the test, since the flush that ends it would
    delete the issued letters row by row and their triggers refuse. PostgreSQL's flush truncates (no row
    trigger fires); if the test stopped half way, the database is at least migrated to the latest again."""
    copy = None
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:")
        connection.connection.backup(copy)
    yield
    if copy is not None:
        connection.ensure_connection()
        copy.backup(connection.connection)
        copy.close()
    else:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()  # the ids changed under it


def models_of_today(tables):
    """{db_table: today's concrete model reading it} for the given tables."""
    found = defaultdict(list)
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in tables and not model._meta.proxy:
            found[model._meta.db_table].append(model)
    shared = {table: [m._meta.label for m in models] for table, models in found.items() if len(models) > 1}
    assert not shared, f"tables read by more than one model of today: {shared}"
    return {table: models[0] for table, models in found.items()}


def labels_by_table(fixture, old_apps):
    """{db_table: (app_label, model_name)} of each fixture model at the old layout."""
    models = {old_apps.get_model(entry["model"]) for entry in fixture["objects"]}
    return {model._meta.db_table: (model._meta.app_label, model._meta.model_name) for model in models}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_at_the_old_layout_keeps_every_row_and_history_row_after_migrating(database_put_back):
    fixture = read_fixture()
    assert sorted(map(tuple, fixture["leaves"])) == sorted(OLD_LAYOUT_LEAVES)

    executor = MigrationExecutor(connection)
    executor.migrate(old_layout_targets(executor.loader))
    executor = MigrationExecutor(connection)  # reads the migrations applied now
    assert not executor.migration_plan(OLD_LAYOUT_LEAVES), "the database did not go back to the old layout"
    old_apps = executor.loader.project_state(OLD_LAYOUT_LEAVES).apps
    counts = load(fixture, old_apps)
    assert {table: table_rows(table) for table in counts} == counts
    then_labels = labels_by_table(fixture, old_apps)
    ContentTypeThen = old_apps.get_model("contenttypes", "ContentType")
    then_content_types = {
        table: ContentTypeThen.objects.get(app_label=app_label, model=name).pk
        for table, (app_label, name) in then_labels.items()
    }

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    # Every row of every table is still there, and a model of today reads each table.
    assert {table: table_rows(table) for table in counts} == counts
    today = models_of_today(counts)
    assert sorted(set(counts) - set(today)) == [], "fixture tables that no model of today reads"
    assert {table: model._base_manager.count() for table, model in today.items()} == counts
    pks = defaultdict(set)
    for entry in fixture["objects"]:
        pks[old_apps.get_model(entry["model"])._meta.db_table].add(entry["pk"])
    for table, expected in pks.items():
        model = today[table]
        found = set(model._base_manager.values_list("pk", flat=True))
        assert found == {model._meta.pk.to_python(pk) for pk in expected}, table

    # History rows are reached through the tracked model's history manager too.
    for table, model in today.items():
        tracked = getattr(model, "instance_type", None)
        manager = getattr(getattr(tracked, "_meta", None), "simple_history_manager_attribute", None)
        if manager:
            assert getattr(tracked, manager).count() == counts[table], f"{tracked._meta.label}.{manager}"

    # Each model has its content type; one the migrations renamed now names the model's new label.
    for table, model in today.items():
        if model._meta.auto_created:
            continue  # a many-to-many table has no content type
        content_type = ContentType.objects.get_for_model(model)
        assert content_type.model_class() is model
        row = ContentType.objects.filter(pk=then_content_types[table]).first()
        if row is not None and (row.app_label, row.model) != then_labels[table]:
            assert row.pk == content_type.pk, f"{then_labels[table]} renamed to {row.app_label}.{row.model}"

    # Every generic link names a model of today, and the record it names is there.
    for model in today.values():
        for link in (f for f in model._meta.private_fields if isinstance(f, GenericForeignKey)):
            targets = defaultdict(set)
            for type_id, object_id in model._base_manager.values_list(link.ct_field, link.fk_field):
                if type_id is not None:
                    targets[type_id].add(object_id)
            for type_id, object_ids in targets.items():
                target = ContentType.objects.get_for_id(type_id).model_class()
                assert target is not None, f"{model._meta.label}.{link.name}: content type {type_id} names no model"
                assert target._base_manager.filter(pk__in=object_ids).count() == len(object_ids), (
                    f"{model._meta.label}.{link.name}: records of {target._meta.label} missing"
                )

    # The issued letters: the same number, PDF hash and wording, their history, and the record each is about.
    Letter = today["compliance_letter"]
    history = Counter(e["fields"]["id"] for e in fixture["objects"] if e["model"] == "compliance.historicalletter")
    for pk, (number, pdf_sha256, body_sha256) in ISSUED_LETTERS.items():
        letter = Letter._base_manager.get(pk=pk)
        assert (letter.status, letter.number, letter.sha256) == ("issued", number, pdf_sha256)
        assert hashlib.sha256(letter.body.encode()).hexdigest() == body_sha256
        assert letter.history.count() == history[pk] > 0
        source = ContentType.objects.get_for_id(letter.source_type_id).model_class()
        assert source._base_manager.filter(pk=letter.source_id).exists()
