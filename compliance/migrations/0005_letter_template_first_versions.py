from django.db import migrations

from letters import kinds


def first_versions(apps, schema_editor):
    """Version 1 of each letter kind's wording, shipped with Conduit; Legal edits it in the app from then on."""
    Version = apps.get_model("compliance", "LetterTemplateVersion")
    for kind in kinds.KINDS.values():
        if not Version.objects.filter(kind=kind.code).exists():
            Version.objects.create(
                kind=kind.code,
                number=1,
                subject=kind.subject,
                body=kind.body,
                closing=kind.closing,
                note="First version, shipped with Conduit.",
            )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0004_letters")]

    operations = [migrations.RunPython(first_versions, migrations.RunPython.noop)]
