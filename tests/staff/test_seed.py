"""`manage.py seed` builds a consistent, idempotent data set with history."""

from io import StringIO

from django.core.management import call_command

from deadlines.models import Deadline
from franchise.models import License
from permits.models import ClockEvent, PermitApplication


def test_seed_builds_applications_with_history_deadlines_and_licenses(db):
    call_command("seed", "--scale", "300", stdout=StringIO())
    apps = PermitApplication.objects.filter(reference__startswith="SEED-")
    assert apps.count() == 300
    assert PermitApplication.history.filter(reference__startswith="SEED-").count() == 300
    assert Deadline.objects.filter(kind="shot_clock", source_key="shot_clock").count() == 300
    assert ClockEvent.objects.exists()
    assert License.objects.filter(provider__short_name__startswith="seed-cable-").count() == 3
    # Every open shot-clock deadline matches its application's stored clock.
    for deadline in Deadline.objects.filter(kind="shot_clock", state="open")[:50]:
        app = apps.get(pk=deadline.source_id)
        assert deadline.due_date == app.clock_deadline
    # Idempotent: a rerun at the same scale adds nothing.
    call_command("seed", "--scale", "300", stdout=StringIO())
    assert apps.count() == 300


def test_seeded_applications_are_in_the_queue_only_while_undecided(db):
    call_command("seed", "--scale", "200", stdout=StringIO())
    apps = PermitApplication.objects.filter(reference__startswith="SEED-")
    assert apps.filter(in_queue=True).exclude(status__in=PermitApplication.OPEN_STATUSES).count() == 0
    assert apps.filter(in_queue=False, status__in=PermitApplication.OPEN_STATUSES).count() == 0
