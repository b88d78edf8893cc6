"""The illustrative demo data loads through the services, idempotently, with
every clock state a reviewer should see."""

from django.utils import timezone

from accounts.audit import system_user
from accounts.models import Provider
from permits import demo, selectors, shotclock
from permits.models import Permit, PermitApplication
from staff.dashboard import home_dashboard
from tests.factories import ProviderFactory

WIRELESS = ["verizon-wireless", "att", "t-mobile", "crown-castle", "extenet"]


def test_the_demo_loads_every_clock_state_once(frozen, staff):
    for short_name in WIRELESS:
        ProviderFactory(short_name=short_name, name=short_name.title(), kind=Provider.Kind.WIRELESS)
    actor = system_user()
    demo.load(actor)
    counts = (PermitApplication.objects.count(), Permit.objects.count())
    demo.load(actor)
    assert (PermitApplication.objects.count(), Permit.objects.count()) == counts
    assert counts[0] >= 40 and counts[1] >= 6

    today = timezone.localdate()
    applications = list(PermitApplication.objects.all())
    states = {application.live_state(today) for application in applications}
    assert {"running", "tolled", "met", "missed", "withdrawn"} <= states
    assert sum(application.at_risk(today) for application in applications) >= 2
    assert sum(application.live_state(today) == "missed" for application in applications) == 1
    # The missed, undecided demo clock leads the staff home, which used to show it nowhere.
    missed = PermitApplication.objects.filter(selectors.attention_filter(shotclock.ATTENTION_MISSED, today))
    assert missed.count() == 1
    assert [a.pk for a in home_dashboard(today)["missed"]] == [missed.get().pk]
    assert {application.applicant.short_name for application in applications} == set(WIRELESS)
    assert all(application.is_illustrative for application in applications)
    assert all(permit.is_illustrative for permit in Permit.objects.all())
    assert any(permit.expiring_soon(today) for permit in Permit.objects.all())
    assert PermitApplication.objects.filter(status="denied").exclude(events__reasons="").exists()
