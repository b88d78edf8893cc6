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
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure, FailureGroup

from accounts.audit import system_user
from accounts.models import Provider
from core.pagination import API_BAD_CURSOR_MESSAGE
from franchise.filters import cable_providers
from franchise.models import Filing, License, Obligation, Payment, QuarterlyReport
from letters.models import Letter
from permits.filters import reviewers, wireless_providers
from permits.models import Permit, PermitApplication
from tests.factories import provider_user as make_provider_user

# The demo loaders, in the order staff/management/commands/load_demo.py runs them, and the quarterly report.
DEMO_APPS = ["accounts", "franchise", "franchise.quarterly", "permits", "letters"]

# Examples per operation and generation mode (valid, invalid): about 900 requests for the staff pass.
STAFF_EXAMPLES = 12
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


# Request fields and query parameters that name a record, and which records they may name (the querysets
# the API's own filters and serializers choose from). A provider is a cable operator on the franchise side.
FRANCHISE_PATHS = ("licenses", "obligations", "filings", "payments", "quarterly-reports")


def references_for(path):
    segment = path.removeprefix("/api/v1/").split("/")[0]
    providers = cable_providers() if segment in FRANCHISE_PATHS else Provider.objects.all()
    querysets = {
        "provider": providers,
        "applicant": wireless_providers(),
        "license": License.objects.filter(provider__in=cable_providers()),
        "obligation": Obligation.objects.all(),
        "filing": Filing.objects.all(),
        "application": PermitApplication.objects.all(),
        "owner": reviewers(),
        "assigned_reviewer": reviewers(),
    }
    return {name: sorted(queryset.values_list("pk", flat=True)) for name, queryset in querysets.items()}


def use_real_references(case, references):
    """Point a valid request's references at real records (OpenAPI cannot say "an id that exists", so an
    unknown one is a 400 the schema cannot promise away). The generated number picks which record, so
    the choice is as reproducible as the rest of the case; invalid requests keep what was generated."""

    def real(name, value):
        ids = references.get(name)
        if not ids or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return ids[value % len(ids)]
        if isinstance(value, list):
            return [real(name, item) for item in value]
        return value

    if isinstance(case.query, dict):
        for name, value in list(case.query.items()):
            case.query[name] = real(name, value)
    if isinstance(case.body, dict):
        for name, value in list(case.body.items()):
            case.body[name] = real(name, value)


def strategy_for(operation, mode):
    ids = path_ids(operation.path)
    branches = [operation.as_strategy(mode, path_parameters={"id": pk}) for pk in ids]
    return st.one_of(*branches, operation.as_strategy(mode))


def failures_of(exc):
    """(failure, report) for each schemathesis failure in what Hypothesis raised (one group per distinct bug);
    the report is the group's message: the request as curl and the response."""
    found = []
    stack = [(exc, str(exc))]
    while stack:
        item, text = stack.pop()
        if isinstance(item, BaseExceptionGroup):
            stack.extend((sub, str(item) if isinstance(item, FailureGroup) else str(sub)) for sub in item.exceptions)
        else:
            found.append((item, text))
    return found


# DRF's own messages for a value of the wrong type, format, length or choice, or a missing one: what the
# schema can say, so a 400 carrying one of these for a schema-valid request is a mismatch.
SCHEMA_LEVEL_MESSAGES = (
    "This field is required.",
    "This field may not be null.",
    "This field may not be blank.",
    "A valid integer is required.",
    "A valid number is required.",
    "Must be a valid boolean.",
    "Not a valid string.",
    "Enter a valid",
    "Ensure this field has",
    "Ensure this value",
    "Ensure that there are no more than",
    "is not a valid choice.",
    "Select a valid choice.",
    "has wrong format",
    "Invalid pk",
    "Incorrect type.",
    "Expected a list of items",
    "Invalid data. Expected a dictionary",
    "String value too large.",
    "Unsupported media type",
    "JSON parse error",
    "Null characters are not allowed.",
    "Surrogate characters are not allowed",
)


def messages_of(value):
    if isinstance(value, dict):
        return [message for item in value.values() for message in messages_of(item)]
    if isinstance(value, list):
        return [message for item in value for message in messages_of(item)]
    return [str(value)]


def is_rule_refusal(case, response):
    """A write refused by a rule of the domain, which OpenAPI cannot express: a filing period inside
    the license term, a state transition (only an open filing can be waived), a unique name, a decision
    needing an outcome. Only for those is a 400 to a schema-valid request not a mismatch, so
    positive_data_acceptance is narrowed for that one response; a 400 with any of DRF's type, format,
    length, choice or required messages still fails it."""
    if case.method.upper() not in {"POST", "PUT", "PATCH"} or response.status_code != 400:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    messages = messages_of(body)
    return bool(messages) and not any(fragment in message for message in messages for fragment in SCHEMA_LEVEL_MESSAGES)


def is_cursor_refusal(case, response):
    """A list's ?cursor= is an opaque signed token (core.pagination): any string fits the schema, but only the
    ones the API gave out in its links are cursors. Only for that 400 is positive_data_acceptance narrowed."""
    if case.method.upper() != "GET" or response.status_code != 400:
        return False
    try:
        return response.json() == {"cursor": [API_BAD_CURSOR_MESSAGE]}
    except ValueError:
        return False


def text_properties(operation):
    """The request body's plain text properties (no format, enum or pattern beyond the NUL/blank ones)."""
    schema = operation.definition.raw.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = schema.get("schema", {}).get("$ref", "")
    component = operation.schema.raw_schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    return {
        name
        for name, prop in component.get("properties", {}).items()
        if prop.get("type") == "string" and not ({"format", "enum"} & set(prop))
    }


def is_number_for_text(case, response, texts):
    """DRF's CharField reads a number as its text (`"name": 5` saves "5"): lenient, and what existing clients
    may rely on, so a request whose only invalid part is a number where a text goes is not data the API
    must refuse. Only for those is negative_data_rejection narrowed; every other invalid request is checked."""
    mutations = getattr(getattr(case.meta, "phase", None), "data", None)
    mutations = getattr(mutations, "mutations", None)
    if not mutations or not response.status_code < 300:
        return False
    return all(
        mutation.parameter_location.value == "body"
        and mutation.path
        and mutation.path[-1] in texts
        and "type" in mutation.keywords
        and isinstance(mutation.new_value, int | float)
        and not isinstance(mutation.new_value, bool)
        for mutation in mutations
    )


def run_operation(operation, mode, headers, *, max_examples, examples, failures):
    texts = text_properties(operation)
    references = references_for(operation.path)

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
        if mode is GenerationMode.POSITIVE:
            use_real_references(case, references)
        response = case.call(headers=headers)
        excluded = []
        if is_rule_refusal(case, response) or is_cursor_refusal(case, response):
            excluded.append(positive_data_acceptance)
        if is_number_for_text(case, response, texts):
            excluded.append(negative_data_rejection)
        case.validate_response(
            response, headers=headers, transport_kwargs={"headers": headers}, excluded_checks=excluded
        )

    try:
        check()
    except Unsatisfiable:
        # Nothing to negate: an operation without parameters or body has no invalid request.
        assert mode is GenerationMode.NEGATIVE, operation.label
    except (Exception, BaseExceptionGroup) as exc:  # a FailureGroup is a BaseExceptionGroup
        found = failures_of(exc)
        if not all(isinstance(failure, Failure) for failure, _ in found):
            raise
        for failure, text in found:
            failures.setdefault((operation.label, mode.value, failure.title), text)


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
        lines.append(f"\n--- {label} [{mode}] {title}\n{text[:2500]}")
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
    reads = {result.ok().label for result in schema.get_all_operations() if result.ok().method.upper() == "GET"}
    print(f"\nprovider pass: {len(examples)} operations, {sum(examples.values())} examples")
    assert not failures, report(failures)
    assert set(examples) == reads, "a read ran no example"
