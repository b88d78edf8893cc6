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
