from datetime import timedelta

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from deadlines.models import Deadline
from tests.factories import ProviderFactory


class DeadlineFactory(factory.django.DjangoModelFactory):
    """A deadline attached to a provider record (any model would do as its source)."""

    class Meta:
        model = Deadline

    kind = Deadline.Kind.FILING
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    title = factory.Sequence(lambda n: f"Quarterly report {n}")
    provider = factory.SubFactory(ProviderFactory)
    provider_facing = True
    source_type = factory.LazyFunction(lambda: ContentType.objects.get(app_label="accounts", model="provider"))
    source_id = factory.SelfAttribute("provider.pk")
    source_key = factory.Sequence(lambda n: f"k{n}")
