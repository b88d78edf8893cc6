"""Named role fixtures (healthchecks' alice/bob/charlie): staff, legal,
auditor, comcast_user, verizon_user, outsider."""

from pathlib import Path

import pytest
from django.test import Client
from hypothesis.configuration import set_hypothesis_home_dir

from accounts.models import Provider
from accounts.roles import AUDITOR, LEGAL, STAFF
from tests.factories import ProviderFactory, UserFactory, mark_signed_in_with_totp, provider_user

# Hypothesis (under schemathesis) keeps its caches under var/, not in a .hypothesis folder in the checkout.
set_hypothesis_home_dir(Path(__file__).resolve().parent.parent / "var" / "hypothesis")


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(request):
    """Client.force_login signs in as if through the whole two-factor sign-in:
    the user gets a TOTP authenticator and the session records the code step.
    Without this every force-logged-in user would be sent to enrol a second
    factor (accounts/middleware.py). Tests of that enforcement sign in through
    the real form, or mark themselves @pytest.mark.real_second_factor."""
    if request.node.get_closest_marker("real_second_factor"):
        yield
        return
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if user.is_active:
            mark_signed_in_with_totp(self, user)

    # Its own MonkeyPatch: a test's monkeypatch.undo() must not take this away.
    patch = pytest.MonkeyPatch()
    patch.setattr(Client, "force_login", force_login)
    yield
    patch.undo()


@pytest.fixture
def comcast(db):
    return ProviderFactory(name="Comcast Cable Communications", short_name="comcast", kind=Provider.Kind.CABLE)


@pytest.fixture
def verizon(db):
    return ProviderFactory(name="Verizon New England", short_name="verizon", kind=Provider.Kind.CABLE)


@pytest.fixture
def crown_castle(db):
    return ProviderFactory(name="Crown Castle Fiber", short_name="crown-castle", kind=Provider.Kind.WIRELESS)


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", role=STAFF)


@pytest.fixture
def legal(db):
    return UserFactory(username="legal", role=LEGAL)


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=AUDITOR)


@pytest.fixture
def comcast_user(comcast):
    return provider_user(comcast, "comcast-clerk", is_provider_admin=True)


@pytest.fixture
def verizon_user(verizon):
    return provider_user(verizon, "verizon-clerk")


@pytest.fixture
def outsider(db):
    """Signed in, but holds no role at all."""
    return UserFactory(username="outsider")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(staff):
    return _client_for(staff)


@pytest.fixture
def legal_client(legal):
    return _client_for(legal)


@pytest.fixture
def auditor_client(auditor):
    return _client_for(auditor)


@pytest.fixture
def comcast_client(comcast_user):
    return _client_for(comcast_user)


@pytest.fixture
def verizon_client(verizon_user):
    return _client_for(verizon_user)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def login_as():
    """login_as(user) -> a Client signed in as that user."""
    return _client_for


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the dashboard caches its charts)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _flush_lifts_sqlite_triggers():
    """A transactional test ends with a flush that empties every table. PostgreSQL's flush truncates, which
    fires no row trigger; SQLite's deletes row by row, and the triggers that keep issued letters and the
    letter history (compliance 0006, letters 0002) refuse. So in the test suite only, SQLite's flush
    lifts every trigger, empties the tables and puts the triggers back, in one transaction."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    from django.db.backends.sqlite3.base import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
        lift = [f'DROP TRIGGER "{name}"' for name, _ in triggers]
        original(self, [*lift, *sql_list, *(sql for _, sql in triggers)])

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


def pytest_collection_modifyitems(config, items):
    """Every test that commits (django_db(transaction=True)) also asks for serialized_rollback.

    Such a test ends with a flush. Without serialized_rollback, Django then re-creates the content types
    with new ids (post_migrate), and the next serialized test's set-up, which puts back the rows made at
    database creation with their old ids, fails on the content types' unique (app_label, model). With
    every committing test serialized, the flush skips post_migrate and the next set-up finds them gone, so
    the outcome no longer depends on the order the tests run in."""
    unserialized = [
        item.nodeid
        for item in items
        if (marker := item.get_closest_marker("django_db"))
        and marker.kwargs.get("transaction")
        and not marker.kwargs.get("serialized_rollback")
    ]
    if unserialized:
        raise pytest.UsageError(
            "these tests use django_db(transaction=True) without serialized_rollback=True: " + ", ".join(unserialized)
        )
