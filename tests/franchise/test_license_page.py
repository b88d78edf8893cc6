"""The license page reads at a glance: what needs attention first, then the license; the business-day
rule said once; an "On this page" list of its sections."""

from django.urls import reverse

from franchise import services
from tests.letters import factories as letter_factories


def _page(client, license):
    return client.get(reverse("franchise:license-detail", args=[license.pk])).content.decode()


def test_what_needs_attention_comes_before_the_license_details(staff_client, license_, fee_obligation):
    page = _page(staff_client, license_)
    main = page.split("<main", 1)[1]
    assert main.index('id="attention-heading"') < main.index('id="details-heading"') < main.index("Issuing authority")
    assert main.index("Overdue or deficient") < main.index("Renewal calendar")
    for anchor in ("#attention-heading", "#details-heading", "#obligations-heading", "#fees-heading"):
        assert f'href="{anchor}"' in main
        assert f'id="{anchor[1:]}"' in main


def test_the_business_day_rule_is_explained_once_not_on_every_obligation(staff, staff_client, license_, fee_obligation):
    services.obligation_create(
        license=license_,
        actor=staff,
        kind="build_out",
        title="Annual service-area map",
        clause="Section 9.1",
        recurrence="annual",
        due_rule="days_after_period_end",
        due_offset_days=30,
        business_day="next",
    )
    page = _page(staff_client, license_)
    # Two obligations that both move to the next business day: the sentence appears once, under the table.
    assert page.count("moves it to the next business day") == 0
    assert page.count("moves to the next business day, for every obligation above") == 1


def test_the_business_day_note_names_the_obligations_that_differ(staff, staff_client, license_, fee_obligation):
    services.obligation_create(
        license=license_,
        actor=staff,
        kind="build_out",
        title="Annual service-area map",
        clause="Section 9.1",
        recurrence="annual",
        due_rule="days_after_period_end",
        due_offset_days=30,
        business_day="none",
    )
    page = _page(staff_client, license_)
    assert "to the next business day: Quarterly franchise fee" in page
    assert "not moved: Annual service-area map" in page


def test_a_letter_in_progress_is_listed_under_needs_attention(staff, legal, staff_client, license_):
    letter_factories.draft(actor=legal, kind="cs_enforcement", source=license_)
    page = _page(staff_client, license_)
    attention = page.split('id="attention-heading"', 1)[1].split('id="details-heading"', 1)[0]
    assert "Draft: " in attention and "1 letter in progress" in attention


def test_an_auditor_sees_the_page_without_its_write_buttons(auditor_client, license_, fee_obligation):
    page = _page(auditor_client, license_)
    assert "Needs attention" in page
    assert "Log a filing" not in page and "Edit license" not in page and "Bring filings up to date" not in page
