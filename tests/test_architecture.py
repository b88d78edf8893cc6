"""Dependencies between Conduit's apps flow one way: an app imports only apps below it.

    core < accounts < businessdays < deadlines < letters < franchise, permits < portal, public < staff

franchise and permits are siblings: neither imports the other; so are portal and public. `config` is the
project package and composes every app; `compliance` holds migrations only. An
app that needs something from an app above it offers a hook instead (a
registry or a signal, as letters/sources.py and core.backup.restored do).

The check reads every .py file of every app with `ast` (migrations aside), so
an import inside a function counts as much as one at the top of a module.
Django and third-party packages are always allowed.
"""

import ast
import itertools
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# Lowest layer first; the apps of one layer never import each other.
LAYERS = (
    ("core",),
    ("accounts",),
    ("businessdays",),
    ("deadlines",),
    ("letters",),
    ("franchise", "permits"),
    ("portal", "public"),
    ("staff",),
)
PROJECT = "config"  # composes every app; no app imports it
NO_CODE = "compliance"  # migrations only; no app imports it
COMPLIANCE_FILES = {"__init__.py", "apps.py"}

RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
RANK[PROJECT] = len(LAYERS)
APPS = (*RANK, NO_CODE)


def python_files(root, app):
    return sorted(path for path in (root / app).rglob("*.py") if "migrations" not in path.relative_to(root).parts)


def imports_of(path):
    """(line, module) of every absolute import in the file, at any depth (inside functions and classes too)."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def app_edges(root):
    """{(importer, imported): ["file:line", ...]} for every import of one app by another."""
    edges = {}
    for app in APPS:
        for path in python_files(root, app):
            for line, module in imports_of(path):
                imported = module.split(".")[0]
                if imported in APPS and imported != app:
                    edges.setdefault((app, imported), []).append(f"{path.relative_to(root)}:{line}")
    return edges


def allowed(importer, imported):
    if imported in (PROJECT, NO_CODE) or importer == NO_CODE:
        return False
    return RANK[imported] < RANK[importer]


def layer_violations(edges):
    return sorted(
        f"{where}: {importer} imports {imported}, which is not below it"
        for (importer, imported), places in edges.items()
        if not allowed(importer, imported)
        for where in places
    )


def find_cycle(edges):
    """A list of apps [a, b, ..., a] going round a cycle of imports, or None."""
    graph = {}
    for importer, imported in edges:
        graph.setdefault(importer, set()).add(imported)
    done, path = set(), []

    def visit(app):
        if app in path:
            return [*path[path.index(app) :], app]
        if app in done:
            return None
        path.append(app)
        for imported in sorted(graph.get(app, ())):
            cycle = visit(imported)
            if cycle:
                return cycle
        path.pop()
        done.add(app)
        return None

    for app in sorted(graph):
        cycle = visit(app)
        if cycle:
            return cycle
    return None


def cycle_report(edges):
    cycle = find_cycle(edges)
    if cycle is None:
        return []
    steps = [f"{a} -> {b} ({', '.join(edges[(a, b)])})" for a, b in itertools.pairwise(cycle)]
    return [" -> ".join(cycle), *steps]


def compliance_code(root):
    return [str(path.relative_to(root)) for path in python_files(root, NO_CODE) if path.name not in COMPLIANCE_FILES]


def portal_models(root):
    """file:line of each class defined in portal's models (portal shows other apps' records, it owns none)."""
    paths = [root / "portal" / "models.py", *sorted((root / "portal" / "models").rglob("*.py"))]
    return [
        f"{path.relative_to(root)}:{node.lineno}: portal defines {node.name}"
        for path in paths
        if path.is_file()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef)
    ]


# The checks, on the repository -----------------------------------------------------


def test_the_layers_are_the_apps_of_the_settings_lowest_first():
    conduit = [app for app in settings.INSTALLED_APPS if app in APPS]
    assert conduit == [app for layer in LAYERS for app in layer] + [NO_CODE]
    apps_on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps_on_disk == set(APPS) - {PROJECT}, "an app missing from LAYERS would escape the check"


def test_every_import_goes_down_the_layers():
    violations = layer_violations(app_edges(ROOT))
    assert not violations, "Imports against the layers:\n" + "\n".join(violations)


def test_no_two_apps_depend_on_each_other_through_any_path():
    cycle = cycle_report(app_edges(ROOT))
    assert not cycle, "A cycle of imports between apps:\n" + "\n".join(cycle)


def test_compliance_holds_migrations_only():
    assert compliance_code(ROOT) == []


def test_portal_defines_no_models():
    assert portal_models(ROOT) == []


# The checker catches what it is there to catch ------------------------------------------


def plant(root, name, text):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_checker_finds_planted_violations(tmp_path):
    for app in APPS:
        plant(tmp_path, f"{app}/__init__.py", "")
    plant(tmp_path, "letters/ok.py", "from accounts import roles\nimport deadlines.sync\n")
    plant(tmp_path, "core/late.py", "def restore():\n    from letters.models import Letter\n    return Letter\n")
    plant(tmp_path, "franchise/a.py", "import permits.models\n")
    plant(tmp_path, "permits/b.py", "\n\nfrom franchise import fees\n")
    plant(tmp_path, "staff/c.py", "from config import settings\nfrom compliance import models\n")
    plant(tmp_path, "letters/migrations/0001_x.py", "from permits import models\n")  # migrations are not read
    plant(tmp_path, "compliance/apps.py", "")
    plant(tmp_path, "compliance/services.py", "")
    plant(tmp_path, "portal/models.py", "from django.db import models\n\n\nclass Page(models.Model):\n    pass\n")

    edges = app_edges(tmp_path)
    assert layer_violations(edges) == [
        "core/late.py:2: core imports letters, which is not below it",
        "franchise/a.py:1: franchise imports permits, which is not below it",
        "permits/b.py:3: permits imports franchise, which is not below it",
        "staff/c.py:1: staff imports config, which is not below it",
        "staff/c.py:2: staff imports compliance, which is not below it",
    ]
    assert cycle_report(edges) == [
        "franchise -> permits -> franchise",
        "franchise -> permits (franchise/a.py:1)",
        "permits -> franchise (permits/b.py:3)",
    ]
    assert compliance_code(tmp_path) == ["compliance/services.py"]
    assert portal_models(tmp_path) == ["portal/models.py:4: portal defines Page"]


def test_a_cycle_through_three_apps_is_found_and_a_chain_is_not():
    chain = {("staff", "portal"): ["s"], ("portal", "letters"): ["p"], ("letters", "core"): ["l"]}
    assert find_cycle(chain) is None
    assert find_cycle({**chain, ("core", "staff"): ["c"]}) == ["core", "staff", "portal", "letters", "core"]
