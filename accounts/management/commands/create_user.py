from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.urls import reverse

from accounts import services
from accounts.audit import system_user
from accounts.management.base import SystemCommand
from accounts.models import Provider, User
from accounts.roles import ALL_ROLES, PROVIDER


class Command(SystemCommand):
    help = (
        "Create a person's account with one role (Staff, Legal, Auditor or Provider), through the accounts "
        "service, recorded as the system user. No password is set: the person chooses one on the "
        "password-reset page, so none is ever typed on a command line."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument("role", choices=ALL_ROLES)
        parser.add_argument("--provider", help="short name of the provider, for Provider users")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, email, role, provider=None, first_name="", last_name="", **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists; use grant_role to change the role.")
        organisation = None
        if provider:
            organisation = Provider.objects.filter(short_name=provider).first()
            if organisation is None:
                raise CommandError(f"No provider with short name {provider!r}.")
        elif role == PROVIDER:
            raise CommandError("A Provider user belongs to one provider organisation: give --provider SHORT_NAME.")
        try:
            services.user_create(
                actor=system_user(),
                username=username,
                email=email,
                role=role,
                provider=organisation,
                first_name=first_name,
                last_name=last_name,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Created {username} ({role}" + (f" of {organisation}" if organisation else "") + "). "
            f"They set a password at {reverse('auth:password_reset')}."
        )
