""" "Log a filing": only loggable filings are offered (franchise.selectors.loggable), in a combo box,
labelled provider first; a filing that was resubmitted or settled is explained with a link. Time is frozen
at Wed 2026-07-01 (tests/franchise/conftest.py)."""

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from franchise import services
from franchise.models import Filing

D = date
LOG = reverse("franchise:filing-log")


@pytest.fixture
def filings(fee_obligation, staff):
    """Q1 2026 open; Q4 2025 accepted; Q3 2025 deficient and resubmitted; Q2 2025 deficient, not yet."""
    by_start = {f.period_start: f for f in fee_obligation.filings.all()}
    accepted, resubmitted, deficient = by_start[D(2025, 10, 1)], by_start[D(2025, 7, 1)], by_start[D(2025, 4, 1)]
    services.filing_record(filing=accepted, actor=staff, received_date=D(2026, 2, 10))
    services.filing_review(filing=accepted, actor=staff, status="accepted")
    for filing in (resubmitted, deficient):
        services.filing_record(filing=filing, actor=staff, received_date=D(2025, 11, 10))
        services.filing_review(filing=filing, actor=staff, status="deficient", notes="Unsigned.")
    resubmission = services.filing_resubmit(filing=resubmitted, actor=staff, received_date=D(2026, 6, 20))
    return {
        "open": by_start[D(2026, 1, 1)],
        "accepted": accepted,
        "resubmitted": resubmitted,
        "resubmission": resubmission,
        "deficient": deficient,
    }


def _offered(response):
    return set(response.context["form"].fields["filing"].queryset)


def test_only_open_filings_and_deficient_ones_awaiting_resubmission_are_offered(staff_client, filings):
    offered = _offered(staff_client.get(LOG))
    assert {filings["open"], filings["deficient"]} <= offered
    # The resubmission itself is received, awaiting review: not loggable either.
    assert not offered & {filings["accepted"], filings["resubmitted"], filings["resubmission"]}
    assert all(f.status == Filing.Status.OPEN or f.status == Filing.Status.DEFICIENT for f in offered)


def test_a_filing_is_labelled_provider_obligation_period_and_due_date(staff_client, filings):
    page = html.unescape(staff_client.get(LOG).content.decode())
    # Q1 2026 ends Mar 31; due two months later on the 15th: Fri May 15, 2026, a business day.
    assert (
        "Comcast Cable Communications: Quarterly franchise fee and gross-revenue report, Q1 2026, due Fri, May 15, 2026"
        in page
    )
    assert "Q2 2025, deficient: log its resubmission" in page
    assert 'class="usa-combo-box conduit-combo-box" data-placeholder="Choose a filing"' in page
    assert "---------" not in page


def test_logging_a_resubmitted_filing_is_refused_with_a_link_to_the_resubmission(staff_client, filings):
    before = Filing.objects.count()
    response = staff_client.post(LOG, {"filing": filings["resubmitted"].pk, "received_date": "2026-06-30"})
    assert response.status_code == 200
    page = response.content.decode()
    assert services.ALREADY_RESUBMITTED in html.unescape(page)
    assert f'href="{filings["resubmission"].get_absolute_url()}"' in page
    assert Filing.objects.count() == before


def test_logging_an_accepted_filing_is_refused_with_a_link_to_it(staff_client, filings):
    response = staff_client.post(LOG, {"filing": filings["accepted"].pk, "received_date": "2026-06-30"})
    page = response.content.decode()
    assert "This filing is already accepted; there is nothing to log." in page
    assert f'href="{filings["accepted"].get_absolute_url()}"' in page
    filings["accepted"].refresh_from_db()
    assert filings["accepted"].received_date == D(2026, 2, 10)


def test_an_unknown_filing_is_a_plain_error_not_a_500(staff_client, filings):
    for value in ("999999", "abc"):
        response = staff_client.post(LOG, {"filing": value, "received_date": "2026-06-30"})
        assert response.status_code == 200
        assert "Choose a filing from the list." in response.content.decode()


def test_a_link_to_a_resubmitted_filing_explains_and_the_page_lists_recent_resubmissions(staff_client, filings):
    response = staff_client.get(LOG + f"?filing={filings['resubmitted'].pk}")
    page = response.content.decode()
    assert services.ALREADY_RESUBMITTED in html.unescape(page)
    assert "Recently resubmitted" in page
    assert page.count(f'href="{filings["resubmission"].get_absolute_url()}"') == 2  # the warning and the list
    assert [f.pk for f in response.context["recently_resubmitted"]] == [filings["resubmitted"].pk]


def test_a_received_filing_named_in_the_link_can_still_have_its_date_corrected(staff_client, staff, filings):
    services.filing_record(filing=filings["open"], actor=staff, received_date=D(2026, 5, 1))
    response = staff_client.get(LOG + f"?filing={filings['open'].pk}")
    assert filings["open"] in _offered(response) and response.context.get("requested_refusal") is None
    response = staff_client.post(
        LOG + f"?filing={filings['open'].pk}", {"filing": filings["open"].pk, "received_date": "2026-05-04"}
    )
    assert response.status_code == 302
    filings["open"].refresh_from_db()
    assert filings["open"].received_date == D(2026, 5, 4)


def test_the_service_refuses_a_second_resubmission_with_the_same_rule(filings, staff):
    with pytest.raises(ValidationError, match="already been resubmitted"):
        services.filing_resubmit(filing=filings["resubmitted"], actor=staff, received_date=D(2026, 6, 30))


def test_the_page_costs_the_same_queries_with_a_few_filings_or_many(staff_client, staff, license_, fee_obligation):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(LOG).status_code == 200
        return len(captured)

    small = count()
    services.obligation_create(
        license=license_,
        actor=staff,
        kind="other",
        title="Monthly outage log",
        recurrence="monthly",
        due_rule="days_after_period_end",
        due_offset_days=10,
        business_day="next",
    )
    assert Filing.objects.filter(status="open").count() > 60
    assert count() == small
