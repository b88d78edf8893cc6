"""The API answers what its OpenAPI schema says, for every operation (schemathesis, in-process).

The schema is the one drf-spectacular serves at /api/schema/, loaded through the WSGI app; every
operation is then called with generated requests, valid ones (positive) and invalid ones (negative),
and every response goes through all of schemathesis's checks: no 5xx, a documented status code,
content type, headers and body shape, valid data accepted, invalid data rejected with a 4xx, and an
unauthenticated request refused. Any failure fails the test, with every failing operation listed.

The data is the demo data set (licenses, obligations, filings in every state, payments, quarterly
reports, permit applications with clock events, permits, letters), so path parameters mostly hit real
records; one branch in four draws any id, for the 404s. The budget is small and derandomized, so CI
sees the same requests every run.
"""

from collections import Counter
from importlib import import_module

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure

from accounts.audit import system_user
from accounts.models import Provider
from franchise.models import Filing, License, Obligation, Payment, QuarterlyReport
from letters.models import Letter
from permits.models import Permit, PermitApplication
from tests.factories import provider_user as make_provider_user

# The demo loaders, in the order staff/management/commands/load_demo.py runs them, and the quarterly report.
DEMO_APPS = ["accounts", "franchise", "franchise.quarterly", "permits", "letters"]

# Examples per operation and generation mode: about 1,000 requests for the staff pass.
STAFF_EXAMPLES = 15
PROVIDER_EXAMPLES = 5

# The first path segment under /api/v1/ names the model behind `{id}`.
PATH_MODELS = {
    "providers": Provider,
    "licenses": License,
    "obligations": Obligation,
    "filings": Filing,
    "payments": Payment,
    "permit-applications": PermitApplication,
    "permits": Permit,
    "quarterly-reports": QuarterlyReport,
    "letters": Letter,
}


@pytest.fixture
def wsgi_app(settings, tmp_path):
    """The project's WSGI app, called in-process inside the test's transaction.

    Django closes the database connection around each request (close_old_connections); in a test that
    would drop the transaction holding the data, so, as Django's test client does, those two signal
    handlers are off while the app runs here."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def demo_data(db):
    actor = system_user()
    for app in DEMO_APPS:
        import_module(f"{app}.demo").load(actor)


def token_headers(user):
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


def load_schema(app, staff):
    """The schema as /api/schema/ serves it (to City roles only), with no schemathesis.toml discovered."""
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", app, headers=token_headers(staff), config=SchemathesisConfig()
    )


def path_ids(path):
    """A few real ids for the model behind `{id}` in this path: first, middle and last."""
    if "{id}" not in path:
        return []
    segment = path.removeprefix("/api/v1/").split("/")[0]
    ids = list(PATH_MODELS[segment].objects.order_by("pk").values_list("pk", flat=True))
    assert ids, f"the demo data has no {PATH_MODELS[segment].__name__} for {path}"
    return sorted({ids[0], ids[len(ids) // 2], ids[-1]})


def strategy_for(operation, mode):
    ids = path_ids(operation.path)
    branches = [operation.as_strategy(mode, path_parameters={"id": pk}) for pk in ids]
    return st.one_of(*branches, operation.as_strategy(mode))


def failures_of(exc):
    """The schemathesis failures inside what Hypothesis raised (one per distinct bug)."""
    leaves = []
    stack = [exc]
    while stack:
        item = stack.pop()
        if isinstance(item, BaseExceptionGroup):
            stack.extend(item.exceptions)
        else:
            leaves.append(item)
    return leaves


def run_operation(operation, mode, headers, *, max_examples, examples, failures):
    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        # The data set is fixed and the strategies are schemathesis's: no health check applies.
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        report_multiple_bugs=True,
    )
    @given(case=strategy_for(operation, mode))
    def check(case):
        examples[operation.label] += 1
        case.call_and_validate(headers=headers)

    try:
        check()
    except Unsatisfiable:
        # Nothing to negate: an operation without parameters or body has no invalid request.
        assert mode is GenerationMode.NEGATIVE, operation.label
    except (Exception, BaseExceptionGroup) as exc:  # a FailureGroup is a BaseExceptionGroup
        leaves = failures_of(exc)
        if not all(isinstance(leaf, Failure) for leaf in leaves):
            raise
        for failure in leaves:
            failures.setdefault((operation.label, mode.value, failure.title), str(failure))


def run_operations(schema, headers, *, max_examples, methods=None):
    """Run every operation (or those with one of `methods`); return (examples run, failures)."""
    examples = Counter()
    failures = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if methods and operation.method.upper() not in methods:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run_operation(operation, mode, headers, max_examples=max_examples, examples=examples, failures=failures)
    return examples, failures


def report(failures):
    kinds = Counter(title for _, _, title in failures)
    lines = [f"{len(failures)} schema mismatches: " + ", ".join(f"{n} {k}" for k, n in kinds.most_common())]
    for (label, mode, title), text in sorted(failures.items()):
        lines.append(f"\n--- {label} [{mode}] {title}\n{text[:1500]}")
    return "\n".join(lines)


def test_every_operation_conforms_to_the_schema_as_staff(demo_data, staff, wsgi_app):
    schema = load_schema(wsgi_app, staff)
    examples, failures = run_operations(schema, token_headers(staff), max_examples=STAFF_EXAMPLES)
    operations = [result.ok().label for result in schema.get_all_operations()]
    print(f"\nstaff pass: {len(operations)} operations, {sum(examples.values())} examples")
    assert not failures, report(failures)
    assert set(examples) == set(operations), "an operation ran no example"


def test_every_read_conforms_to_the_schema_as_a_provider_user(demo_data, staff, wsgi_app):
    """A provider user is refused the staff API (403) but may ask who it is (/me/)."""
    provider_user = make_provider_user(Provider.objects.order_by("pk").first(), "conformance-clerk")
    schema = load_schema(wsgi_app, staff)
    headers = token_headers(provider_user)
    examples, failures = run_operations(schema, headers, max_examples=PROVIDER_EXAMPLES, methods={"GET"})
    print(f"\nprovider pass: {len(examples)} operations, {sum(examples.values())} examples")
    assert not failures, report(failures)
