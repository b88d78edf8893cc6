"""The OpenAPI schema builds without warnings (CI's check --deploy also fails on them)."""

from io import StringIO

from django.core.management import call_command


def test_openapi_schema_generates_cleanly(db, tmp_path):
    out = tmp_path / "schema.yml"
    call_command(
        "spectacular", "--file", str(out), "--validate", "--fail-on-warn", stdout=StringIO(), stderr=StringIO()
    )
    text = out.read_text()
    for path in ("/api/v1/licenses/", "/api/v1/permit-applications/", "/api/v1/providers/"):
        assert path in text
