"""A City closure day added, moved or removed can move a shot-clock deadline
(47 CFR 1.6003(e); 47 CFR 1.4(j)), so the stored clocks near it are
recomputed. Receivers rather than a call in the closure service so that every
path (staff page, admin, shell) is covered."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from accounts.audit import system_user
from compliance.models import ClosureDay
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
        instance._permits_old_date = ClosureDay.objects.filter(pk=instance.pk).values_list("date", flat=True).first()


@receiver(post_save, sender=ClosureDay)
def closure_saved(sender, instance, **kwargs):
    actor = _actor()
    old = getattr(instance, "_permits_old_date", None)
    if old and old != instance.date:
        services.application_clocks_refresh_around(day=old, actor=actor)
    services.application_clocks_refresh_around(day=instance.date, actor=actor)


@receiver(post_delete, sender=ClosureDay)
def closure_deleted(sender, instance, **kwargs):
    services.application_clocks_refresh_around(day=instance.date, actor=_actor())
