"""factory-boy factories shared by every test module. Apps add theirs here."""

import factory
from django.contrib.auth.models import Group

from accounts.models import Provider, ProviderContact, User
from accounts.roles import PROVIDER


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"Provider {n}")
    short_name = factory.Sequence(lambda n: f"provider-{n}")
    kind = Provider.Kind.CABLE
    street_address = "1 Test Street"
    city = "Boston"
    state = "MA"
    postal_code = "02201"


class ProviderContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderContact

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@provider.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


def provider_user(provider, username, **kwargs):
    return UserFactory(username=username, provider=provider, role=PROVIDER, **kwargs)


# A fixed TOTP secret for test users (tests only; demo secrets are random per install).
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user, secret=TEST_TOTP_SECRET):
    """An allauth TOTP authenticator for `user` with a known secret (made once)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


def totp_code(secret=TEST_TOTP_SECRET, offset=0):
    """The current TOTP code for `secret` (allauth's own HOTP arithmetic)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD + offset))


def mark_signed_in_with_totp(client, user):
    """Record in `client`'s session a password and TOTP sign-in, the way allauth
    records a completed two-factor login (for force_login'ed test clients)."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    totp = give_totp(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "type": totp.type, "id": totp.pk},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
