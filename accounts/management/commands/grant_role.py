from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts import services
from accounts.audit import system_user
from accounts.management.base import SystemCommand
from accounts.models import Provider, User
from accounts.roles import ALL_ROLES


class Command(SystemCommand):
    help = "Give a user one role (Staff, Legal, Auditor or Provider). Recorded as the system user."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=ALL_ROLES)
        parser.add_argument("--provider", help="short name of the provider, for Provider users")

    def handle(self, *args, username, role, provider=None, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        organisation = None
        if provider:
            organisation = Provider.objects.filter(short_name=provider).first()
            if organisation is None:
                raise CommandError(f"No provider with short name {provider!r}.")
        try:
            services.user_set_role(user=user, role=role, provider=organisation, actor=system_user())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{username} is now {role}" + (f" of {organisation}" if organisation else "") + ".")
