"""Every model left this app (businessdays, deadlines and letters 0001): Django's state
forgets them here; the tables stay, now owned by those apps.

Two rows outside the tables named the old places, and follow the models:
- content types (and so permissions, admin log entries, a letter's generic
  links): renamed in place, keeping their ids;
- the django-q2 schedules name their task by dotted path. A task already
  queued under an old path when this runs fails once; the letter watchdog
  (letters.tasks.recover_jobs) queues stalled letter work again."""

from django.db import migrations


MOVED = {
    "businessdays": ["closureday", "historicalclosureday"],
    "deadlines": [
        "deadline", "historicaldeadline", "reminderrule", "historicalreminderrule", "reminderdelivery", "reminderrollup",
    ],
    "letters": [
        "letter", "historicalletter", "lettertemplateversion", "historicallettertemplateversion", "letterevent",
        "historicalletterevent", "letterdelivery", "historicalletterdelivery", "lettersequence", "letterbatch",
        "historicalletterbatch",
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


TASKS = {
    "compliance.reminders.scheduled_sweep": "deadlines.reminders.scheduled_sweep",
    "compliance.letters.tasks.recover_jobs": "letters.tasks.recover_jobs",
}


def schedules_follow(tasks, back=False):
    def run(apps, schema_editor):
        Schedule = apps.get_model("django_q", "Schedule")
        for old, new in tasks.items():
            src, dst = (new, old) if back else (old, new)
            Schedule.objects.filter(func=src).update(func=dst)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("django_q", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("permits", "0004_letter_moved_to_letters_app"),
        ("letters", "0001_moved_from_compliance"),
        ("deadlines", "0001_moved_from_compliance"),
        ("businessdays", "0001_moved_from_compliance"),
        ('compliance', '0011_weekly_rollup'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables already exist under these names: only Django's state moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='closureday',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='deadline',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='deadline',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='deadline',
                    name='source_type',
                ),
                migrations.RemoveField(
                    model_name='reminderdelivery',
                    name='deadline',
                ),
                migrations.RemoveField(
                    model_name='historicalclosureday',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalclosureday',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaldeadline',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaldeadline',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='historicaldeadline',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='historicaldeadline',
                    name='source_type',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='batch',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='issued_by',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='matter_type',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='source_type',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='supersedes',
                ),
                migrations.RemoveField(
                    model_name='historicalletter',
                    name='template_version',
                ),
                migrations.RemoveField(
                    model_name='historicalletterbatch',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicalletterbatch',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalletterbatch',
                    name='template_version',
                ),
                migrations.RemoveField(
                    model_name='historicalletterdelivery',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalletterdelivery',
                    name='letter',
                ),
                migrations.RemoveField(
                    model_name='historicalletterdelivery',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='historicalletterevent',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='historicalletterevent',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalletterevent',
                    name='letter',
                ),
                migrations.RemoveField(
                    model_name='historicallettertemplateversion',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='historicallettertemplateversion',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalreminderrule',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='approved_by',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='batch',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='issued_by',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='matter_type',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='source_type',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='supersedes',
                ),
                migrations.RemoveField(
                    model_name='letter',
                    name='template_version',
                ),
                migrations.RemoveField(
                    model_name='letterevent',
                    name='letter',
                ),
                migrations.RemoveField(
                    model_name='letterdelivery',
                    name='letter',
                ),
                migrations.RemoveField(
                    model_name='letterbatch',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='letterbatch',
                    name='template_version',
                ),
                migrations.RemoveField(
                    model_name='letterdelivery',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='letterevent',
                    name='actor',
                ),
                migrations.DeleteModel(
                    name='LetterSequence',
                ),
                migrations.RemoveField(
                    model_name='lettertemplateversion',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='reminderdelivery',
                    name='recipient_provider',
                ),
                migrations.RemoveField(
                    model_name='reminderdelivery',
                    name='recipient_user',
                ),
                migrations.RemoveField(
                    model_name='reminderrollup',
                    name='recipient_provider',
                ),
                migrations.RemoveField(
                    model_name='reminderrollup',
                    name='recipient_user',
                ),
                migrations.DeleteModel(
                    name='ReminderRule',
                ),
                migrations.DeleteModel(
                    name='ClosureDay',
                ),
                migrations.DeleteModel(
                    name='Deadline',
                ),
                migrations.DeleteModel(
                    name='HistoricalClosureDay',
                ),
                migrations.DeleteModel(
                    name='HistoricalDeadline',
                ),
                migrations.DeleteModel(
                    name='HistoricalLetter',
                ),
                migrations.DeleteModel(
                    name='HistoricalLetterBatch',
                ),
                migrations.DeleteModel(
                    name='HistoricalLetterDelivery',
                ),
                migrations.DeleteModel(
                    name='HistoricalLetterEvent',
                ),
                migrations.DeleteModel(
                    name='HistoricalLetterTemplateVersion',
                ),
                migrations.DeleteModel(
                    name='HistoricalReminderRule',
                ),
                migrations.DeleteModel(
                    name='Letter',
                ),
                migrations.DeleteModel(
                    name='LetterBatch',
                ),
                migrations.DeleteModel(
                    name='LetterDelivery',
                ),
                migrations.DeleteModel(
                    name='LetterEvent',
                ),
                migrations.DeleteModel(
                    name='LetterTemplateVersion',
                ),
                migrations.DeleteModel(
                    name='ReminderDelivery',
                ),
                migrations.DeleteModel(
                    name='ReminderRollup',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow(MOVED, "compliance"), content_types_follow(MOVED, "compliance", back=True)),
        migrations.RunPython(schedules_follow(TASKS), schedules_follow(TASKS, back=True)),
    ]
