"""The quarterly-report models left this app for franchise (franchise 0004): Django's state
forgets them here; the tables stay, now owned by franchise."""

from django.db import migrations


MOVED = {
    "franchise": [
        "quarterlyreport", "historicalquarterlyreport", "quarterlyreportline", "historicalquarterlyreportline",
        "uploadattempt", "historicaluploadattempt",
    ],
}


def content_types_follow(moved, old_label, back=False):
    """Rename each moved model's content type in place (same id), so permissions and
    generic links keep pointing at it. A database made after the move has none yet."""

    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for new_label, models in moved.items():
            src, dst = (new_label, old_label) if back else (old_label, new_label)
            for model in models:
                if not ContentType.objects.filter(app_label=dst, model=model).exists():
                    ContentType.objects.filter(app_label=src, model=model).update(app_label=dst)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("franchise", "0004_quarterly_reports_moved_from_portal"),
        ('portal', '0002_failed_standards_as_text'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under these names: only Django's state moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalquarterlyreportline',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalquarterlyreportline',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='historicaluploadattempt',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaluploadattempt',
                    name='license',
                ),
                migrations.RemoveField(
                    model_name='historicaluploadattempt',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='historicaluploadattempt',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='historicaluploadattempt',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='attachment',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='customer_service_filing',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='customer_service_report',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='filing',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='license',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='replaces',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='reviewed_by',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreport',
                    name='uploaded_by',
                ),
                migrations.RemoveField(
                    model_name='quarterlyreportline',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='uploadattempt',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='uploadattempt',
                    name='license',
                ),
                migrations.RemoveField(
                    model_name='uploadattempt',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='uploadattempt',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='HistoricalQuarterlyReport',
                ),
                migrations.DeleteModel(
                    name='HistoricalQuarterlyReportLine',
                ),
                migrations.DeleteModel(
                    name='HistoricalUploadAttempt',
                ),
                migrations.DeleteModel(
                    name='QuarterlyReportLine',
                ),
                migrations.DeleteModel(
                    name='QuarterlyReport',
                ),
                migrations.DeleteModel(
                    name='UploadAttempt',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow(MOVED, "portal"), content_types_follow(MOVED, "portal", back=True)),
    ]
