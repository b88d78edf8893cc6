"""A City legal holiday added, moved or removed can move a shot-clock deadline
(47 CFR 1.6003(e) with 47 CFR 1.4(e)(1) and 1.4(j)), so the stored clocks near
it are recomputed. An office closure (a snow emergency) never moves a shot
clock, so adding or removing one recomputes nothing; changing a day's kind
counts as removing the old kind and adding the new. Receivers rather than a
call in the closure service so that every path (staff page, admin, shell) is
covered.

Migration compliance 0008 made every closure day recorded before kinds existed
an office closure; clocks stored before it may still count those days, so the
`migrate` run that applies it recomputes the clocks near each of them."""

from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from accounts.audit import system_user
from businessdays.models import ClosureDay
from permits import services


def _actor():
    """Whoever the history rows of the closure change name: the request's user, or the system user."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    return system_user()


@receiver(pre_save, sender=ClosureDay)
def remember_old_date(sender, instance, **kwargs):
    if instance.pk:
        instance._permits_old = ClosureDay.objects.filter(pk=instance.pk).values_list("date", "kind").first()


@receiver(post_save, sender=ClosureDay)
def closure_saved(sender, instance, **kwargs):
    days = set()
    old_date, old_kind = getattr(instance, "_permits_old", None) or (None, None)
    if (
        old_date
        and old_kind == ClosureDay.Kind.LEGAL_HOLIDAY
        and (old_date, old_kind) != (instance.date, instance.kind)
    ):
        days.add(old_date)
    if instance.moves_shot_clock:
        days.add(instance.date)
    actor = _actor() if days else None
    for day in sorted(days):
        services.application_clocks_refresh_around(day=day, actor=actor)


@receiver(post_delete, sender=ClosureDay)
def closure_deleted(sender, instance, **kwargs):
    if instance.moves_shot_clock:
        services.application_clocks_refresh_around(day=instance.date, actor=_actor())


KINDS_MIGRATION = ("compliance", "0008_closureday_kind")


@receiver(post_migrate)
def clocks_after_closure_kinds(sender, plan=None, using="default", **kwargs):
    """After the migrate run that applied KINDS_MIGRATION, recompute the clocks near every existing closure day."""
    if sender.name != "permits" or not plan:
        return
    if not any((migration.app_label, migration.name) == KINDS_MIGRATION and not back for migration, back in plan):
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return  # migrated to a point short of the latest models: the services cannot run yet
    days = list(ClosureDay.objects.using(using).values_list("date", flat=True))
    if days:
        actor = system_user()
        for day in days:
            services.application_clocks_refresh_around(day=day, actor=actor)
