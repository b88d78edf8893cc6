from django.core.management.base import BaseCommand

from accounts.audit import acting_as, system_user


class SystemCommand(BaseCommand):
    """A management command whose writes the audit trail credits to the
    named system user (there is no request to take a user from)."""

    def execute(self, *args, **options):
        with acting_as(system_user()):
            return super().execute(*args, **options)
