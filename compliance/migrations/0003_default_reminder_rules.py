from django.db import migrations

# Offsets in days before the due date (0 = the due day). Shot clocks are
# tighter: a missed one lets the applicant sue (47 U.S.C. 332(c)(7)(B)(v)).
DEFAULTS = {
    "filing": ([30, 14, 7, 1, 0], 7, True, False, False, True),
    "payment": ([30, 14, 7, 1, 0], 7, True, False, False, True),
    "insurance": ([30, 14, 7, 1, 0], 7, True, False, False, True),
    "bond": ([30, 14, 7, 1, 0], 7, True, False, False, True),
    "build_out": ([30, 14, 7, 1, 0], 7, True, False, False, True),
    "renewal": ([90, 30, 14, 7, 1, 0], 7, True, False, True, False),
    "shot_clock": ([10, 5, 3, 1, 0], 1, True, False, True, False),
    "permit_build_by": ([30, 14, 7, 1, 0], 7, True, False, False, True),
    "permit_expiry": ([60, 30, 14, 7, 1, 0], 7, True, False, False, True),
    "other": ([30, 14, 7, 1, 0], 7, True, False, False, False),
}


def create_rules(apps, schema_editor):
    ReminderRule = apps.get_model("compliance", "ReminderRule")
    for kind, (offsets, every, owner, staff, legal, provider) in DEFAULTS.items():
        ReminderRule.objects.get_or_create(
            kind=kind,
            defaults={
                "offsets": offsets, "overdue_every_days": every, "notify_owner": owner,
                "notify_staff": staff, "notify_legal": legal, "notify_provider": provider,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("compliance", "0002_reminderrule_deadline_historicaldeadline_and_more")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
