"""Who the audit trail names when there is no request: tasks and commands."""

from contextlib import contextmanager, suppress
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from simple_history.models import HistoricalRecords


def system_user():
    """The named, non-login user that scheduled jobs and commands act as."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=settings.SYSTEM_USERNAME,
        defaults={"first_name": "Conduit", "last_name": "system", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@contextmanager
def acting_as(user):
    """Record `user` as the history user of every save inside the block.

    simple-history reads the user from HistoricalRecords.context.request (set
    by its middleware for web requests); outside a request we set a stand-in.
    Nested use restores the outer actor on exit.
    """
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield user
    finally:
        if previous is None:
            with suppress(AttributeError):
                del context.request
        else:
            context.request = previous
