"""Factories for small-cell records. Applications made through the service
(`make_application`) get their stored clock; the bare factory is for bulk
rows in query-count tests."""

from datetime import date

import factory

from accounts.models import Provider
from permits import services
from permits.models import PermitApplication
from tests.factories import ProviderFactory


class WirelessProviderFactory(ProviderFactory):
    kind = Provider.Kind.WIRELESS


class PermitApplicationFactory(factory.django.DjangoModelFactory):
    """A bare row (no service, no history): for bulk query-count tests only."""

    class Meta:
        model = PermitApplication

    reference = factory.Sequence(lambda n: f"SC-T-{n:06d}")
    applicant = factory.SubFactory(WirelessProviderFactory)
    category = "swf_collocation"
    submitted_on = date(2026, 1, 5)
    clock_days = 60
    clock_deadline = date(2026, 3, 6)


def make_application(
    *,
    actor,
    applicant,
    reference="SC-2026-0001",
    category="swf_collocation",
    submitted_on=date(2026, 1, 5),
    sites=None,
    **kwargs,
):
    if sites is None:
        sites = [{"address": "1 City Hall Sq, Boston, MA"}]
    return services.application_create(
        actor=actor,
        reference=reference,
        applicant=applicant,
        category=category,
        submitted_on=submitted_on,
        sites=sites,
        **kwargs,
    )
