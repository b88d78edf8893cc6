"""A clerk logs a filing by typing part of the provider's name into the "Log a filing" combo box."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _licensed(staff, provider, title):
    from datetime import date

    from franchise import services

    license = services.license_create(
        actor=staff,
        provider=provider,
        title=title,
        grant_date=date(2022, 9, 30),
        effective_date=date(2022, 10, 8),
        expiration_date=date(2032, 10, 7),
    )
    services.obligation_create(
        license=license,
        actor=staff,
        kind="fee_report",
        title="Quarterly franchise fee report",
        clause="Section 7.2",
        recurrence="quarterly",
        due_rule="day_of_month_after_period_end",
        due_offset_months=2,
        due_day=15,
        business_day="next",
    )
    return license


def test_a_clerk_types_the_providers_name_picks_the_filing_and_logs_it(
    page, sign_in, axe, screenshot, staff, comcast, verizon
):
    from accounts.models import Provider
    from franchise.models import Filing
    from tests.factories import ProviderFactory

    rcn = ProviderFactory(name="RCN Telecom", short_name="rcn", kind=Provider.Kind.CABLE)
    for provider, title in ((comcast, "Comcast license"), (verizon, "Verizon license"), (rcn, "RCN license")):
        _licensed(staff, provider, title)
    offered = Filing.objects.filter(status=Filing.Status.OPEN)
    assert offered.count() > 15  # a combo box, not a plain select
    target = offered.filter(license__provider=comcast).order_by("due_date").first()

    sign_in(page, "staff")
    page.goto(reverse("franchise:filing-log"))
    combo = page.get_by_role("combobox", name="Filing received")
    combo.wait_for()
    axe(page, "log a filing (combo box)")
    combo.fill("comca")
    options = page.locator(".usa-combo-box__list-option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert texts and all(text.startswith("Comcast Cable Communications:") for text in texts), texts
    page.get_by_role("option", name=f"{target.obligation.title}, {target.period_label}, due").first.wait_for()
    page.locator(".usa-combo-box__list-option", has_text=f"{target.period_label}, due").first.click()
    assert page.locator("select[name=filing]").input_value() == str(target.pk)
    screenshot(page, "log-a-filing-combo-box")
    with page.expect_navigation():
        page.get_by_role("button", name="Log it", exact=True).click()
    assert page.url.endswith(target.license.get_absolute_url())
    assert "Logged Quarterly franchise fee report" in page.get_by_role("status").first.inner_text()
    target.refresh_from_db()
    assert target.status in (Filing.Status.RECEIVED, Filing.Status.LATE)
