"""One write path: every write to a Conduit record goes through a service.

A service (`<app>/services.py`) takes an `actor`, runs in
`transaction.atomic()` and inside `acting_as(actor)`, so the history row names
who did it. This test reads every Python file of Conduit's apps (with `ast`,
never importing them) and fails, listing file:line, on a write call made
anywhere else.

The heuristic, per method name (`receiver.method(...)`):

- `.save(...)` and `.delete(...)` with no positional argument. Model.save(),
  Model.delete() and QuerySet.delete() take none; `workbook.save(buffer)`,
  `cache.delete(key)` or `storage.delete(name)` take one and are not flagged.
  `form.save(commit=False)` writes nothing and is not flagged.
- `.create(`, `.bulk_create(`, `.bulk_update(`, `.get_or_create(` and
  `.update_or_create(`: always. These are manager and queryset methods.
- `.update(...)` only when the receiver is a queryset: its chain contains
  `objects` or `_default_manager`, or a queryset method call (`filter(`,
  `exclude(`, `all(`, ...), or a call of a `selectors.` function, or it is a
  name assigned from such an expression in the same function. So
  `dict.update`, `context.update`, `set.update` and `hashlib ... .update` are
  not flagged.
- `super().save(...)` and the like are not flagged: that is a model's own
  override calling Django's; its callers are what is checked.

Allowed places: `services.py`, `services_*.py` (franchise/quarterly/services.py
included), `tasks.py`, `demo.py`, `seed.py` and migrations, plus the short
ALLOWED_MODULES list below, each with the reason it is itself the write path.
An allow-list entry that no longer has a write fails too, so the list stays short.

Known gaps: a write through a related manager (`provider.contacts.update(...)`)
or through a queryset passed in as an argument is not seen.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "businessdays",
    "compliance",
    "config",
    "core",
    "deadlines",
    "franchise",
    "letters",
    "permits",
    "portal",
    "staff",
]

ALLOWED_NAMES = {"services.py", "tasks.py", "demo.py", "seed.py"}

ALLOWED_MODULES = {
    "accounts/invitations.py": "the invitation services: each takes an actor and runs atomic inside acting_as",
    "accounts/audit.py": "system_user() creates the named system actor, the one write that has no actor yet",
    "deadlines/sync.py": "called only by services, inside their transactions, to keep the deadline list in step",
    "deadlines/reminders.py": "the reminder sweep (a task): delivery and roll-up rows, which keep no history",
    "permits/letter_clock.py": "hook called by letters.services when a letter is issued, inside its transaction",
    "staff/management/commands/setup_schedules.py": "writes django-q2's own Schedule rows, not Conduit records",
}

ALWAYS = {"create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
NO_POSITIONAL = {"save", "delete"}
QUERYSET_METHODS = {
    "all",
    "filter",
    "exclude",
    "select_related",
    "prefetch_related",
    "select_for_update",
    "order_by",
    "annotate",
    "alias",
    "distinct",
    "only",
    "defer",
    "using",
    "none",
}


def _is_super(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"


def _chain(node):
    """The receiver chain from the outside in: attributes, calls and the root."""
    while True:
        yield node
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return


def _is_queryset(node, queryset_names):
    for part in _chain(node):
        if isinstance(part, ast.Attribute) and part.attr in {"objects", "_default_manager"}:
            return True
        if isinstance(part, ast.Call) and isinstance(part.func, ast.Attribute):
            if part.func.attr in QUERYSET_METHODS:
                return True
            if isinstance(part.func.value, ast.Name) and part.func.value.id == "selectors":
                return True
        if isinstance(part, ast.Name) and part.id in queryset_names:
            return True
    return False


def _queryset_names(scope):
    """Names assigned a queryset expression anywhere in `scope`."""
    names = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign) and _is_queryset(node.value, set()):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _is_write(call, queryset_names):
    func = call.func
    if not isinstance(func, ast.Attribute) or _is_super(func.value):
        return False
    if func.attr in ALWAYS:
        return True
    if func.attr in NO_POSITIONAL:
        if call.args:
            return False
        commit = next((k.value for k in call.keywords if k.arg == "commit"), None)
        return not (isinstance(commit, ast.Constant) and commit.value is False)
    if func.attr == "update":
        return _is_queryset(func.value, queryset_names)
    return False


def stray_writes(source, filename="<source>"):
    """Line numbers and text of the write calls in `source`."""
    tree = ast.parse(source, filename)
    scopes = [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]
    found = {}
    for scope in scopes:  # innermost scope wins: functions come after the module
        names = _queryset_names(scope)
        for node in ast.walk(scope):
            if isinstance(node, ast.Call) and _is_write(node, names):
                found[(node.lineno, node.col_offset)] = ast.get_source_segment(source, node).splitlines()[0]
    return [(line, text) for (line, _col), text in sorted(found.items())]


def _allowed(relative):
    path = Path(relative)
    return (
        "migrations" in path.parts
        or path.name in ALLOWED_NAMES
        or (path.name.startswith("services_") and path.suffix == ".py")
        or relative in ALLOWED_MODULES
    )


def app_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path


def test_every_write_goes_through_a_service():
    strays = []
    for relative, path in app_files():
        if _allowed(relative):
            continue
        for line, text in stray_writes(path.read_text(), relative):
            strays.append(f"{relative}:{line}: {text}")
    assert not strays, (
        "Writes outside a service (move them into <app>/services.py with an actor, "
        "or add the module to ALLOWED_MODULES with its reason):\n" + "\n".join(strays)
    )


@pytest.mark.parametrize("relative", sorted(ALLOWED_MODULES))
def test_each_allow_listed_module_still_writes(relative):
    assert (ROOT / relative).exists(), f"{relative} is gone; drop it from ALLOWED_MODULES"
    assert stray_writes((ROOT / relative).read_text(), relative), f"{relative} writes nothing; drop it"


def test_the_scan_reads_every_app():
    scanned = {relative.split("/")[0] for relative, _path in app_files()}
    assert scanned == set(APPS)
    assert sum(1 for _ in app_files()) > 100


PLANTED = """
from accounts.models import Provider


def rename():
    Provider.objects.filter(pk=1).update(name="x")
"""

FAKE_VIEW = """
class ProviderEditView(FormView):
    def form_valid(self, form):
        provider = form.save()
        provider.name = provider.name.strip()
        provider.save()
        return redirect(provider)
"""


def test_the_checker_flags_a_planted_queryset_update():
    assert stray_writes(PLANTED) == [(6, 'Provider.objects.filter(pk=1).update(name="x")')]


def test_the_checker_flags_saves_in_a_fake_view():
    assert not _allowed("accounts/views.py")
    assert [line for line, _text in stray_writes(FAKE_VIEW, "accounts/views.py")] == [4, 6]


@pytest.mark.parametrize(
    "source",
    [
        "context.update(selectors.home(provider, today))",
        "context.update(filter=f, today=today)",
        "digest.update(chunk)",
        "seen = set()\nseen.update(ids)",
        "workbook.save(buffer)",
        "form.save(commit=False)",
        "response.delete_cookie('sessionid')",
        "cache.delete('key')",
        "class M(Model):\n    def save(self, *args, **kwargs):\n        super().save(*args, **kwargs)",
    ],
)
def test_the_checker_leaves_non_writes_alone(source):
    assert stray_writes(source) == []


@pytest.mark.parametrize(
    "source",
    [
        "Token.objects.create(user=user)",
        "provider.contacts.get_or_create(email=e)",
        "letter.delete()",
        "User.objects.filter(pk=1).delete()",
        "selectors.unread_reminders(user).update(read_at=now)",
        "def f():\n    rows = Deadline.objects.filter(state='open')\n    rows.update(state='met')",
        "ReminderDelivery.objects.bulk_create(rows)",
    ],
)
def test_the_checker_flags_writes(source):
    assert len(stray_writes(source)) == 1
