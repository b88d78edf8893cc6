import secrets

from django.db import migrations, models

import accounts.models


def give_each_provider_its_own_token(apps, schema_editor):
    Provider = apps.get_model("accounts", "Provider")
    for provider in Provider.objects.all():
        provider.calendar_token = secrets.token_urlsafe(32)
        provider.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles")]

    operations = [
        migrations.RemoveField(model_name="historicaluser", name="calendar_token"),
        migrations.AddField(
            model_name="provider",
            name="calendar_token",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(give_each_provider_its_own_token, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="provider",
            name="calendar_token",
            field=models.CharField(
                default=accounts.models.new_calendar_token,
                help_text="Secret in the provider's calendar feed URL.",
                max_length=64,
                unique=True,
            ),
        ),
    ]
