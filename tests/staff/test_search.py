"""Site-wide search (core/search): what it finds, for whom, kept current by the services.

The same tests run on SQLite (FTS5) and PostgreSQL (full text + trigram)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts import services as accounts_services
from core.models import SearchEntry
from core.search import selectors
from permits import services as permits_services
from tests.letters import factories

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")
PORTAL_SEARCH = reverse("portal:search")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("America/New_York")), tick=False):
        yield


@pytest.fixture
def records(staff, legal, comcast, verizon, crown_castle):
    comcast_license = factories.make_license(actor=staff, provider=comcast, title="Comcast renewal license 2020-2030")
    verizon_license = factories.make_license(actor=staff, provider=verizon, title="Verizon FiOS license 2018-2028")
    filing = factories.late_short_fee_filing(license=comcast_license, actor=staff)
    application = factories.application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2026-0042",
        submitted_on=date(2026, 11, 2),
        sites=[{"address": "1200 Tremont Street, Roxbury", "structure_id": "BPL-77813"}],
    )
    draft = factories.draft(actor=legal, kind="fee_interest", source=filing)
    issued = factories.issue(factories.draft(actor=legal, kind="fee_interest", source=filing), legal)
    return {
        "comcast_license": comcast_license,
        "verizon_license": verizon_license,
        "filing": filing,
        "application": application,
        "draft": draft,
        "issued": issued,
    }


def titles(results):
    return [result.title for result in results]


def test_parts_of_words_find_an_application_by_address_reference_and_pole_id(records):
    application = records["application"]
    for query in ["1200 trem", "tremont roxbury", "SC-2026-0042", "sc 2026 0042", "BPL-77813", "bpl 778"]:
        results = selectors.search(query)
        assert "SC-2026-0042" in titles(results), query
        assert titles(results)[0] in ("SC-2026-0042", "1200 Tremont Street, Roxbury"), query
    found = next(r for r in selectors.search("1200 trem") if r.title == "SC-2026-0042")
    assert found.kind == "Small-cell application" and found.url == application.get_absolute_url()
    assert ("Submitted", date(2026, 11, 2)) in found.dates
    assert selectors.search("1200 elm") == []  # every word must match


def test_every_record_type_is_found(records, comcast):
    kinds = {r.kind for r in selectors.search("comcast")}
    assert {"Provider", "Cable license", "License obligation", "Filing", "Letter"} <= kinds
    assert {r.kind for r in selectors.search("tremont")} == {"Small-cell application", "Small-cell site"}
    letter = records["issued"]
    assert titles(selectors.search(letter.number))[0].startswith(letter.number)


def test_the_index_follows_every_change_made_through_the_services(records, staff):
    application = records["application"]
    assert selectors.search("blue hill") == []
    permits_services.site_add(application=application, actor=staff, address="77 Blue Hill Avenue, Dorchester")
    # The new site is found, and so is its application (whose entry lists its sites' addresses).
    assert set(titles(selectors.search("blue hill"))) == {"SC-2026-0042", "77 Blue Hill Avenue, Dorchester"}
    from franchise import services as franchise_services

    license = records["verizon_license"]
    franchise_services.license_update(license=license, actor=staff, title="Verizon New England license 2018-2028")
    assert titles(selectors.search("fios")) == []
    assert "Verizon New England license 2018-2028" in titles(selectors.search("verizon new england"))
    # A provider renamed: its records' entries show the new name.
    accounts_services.provider_update(provider=license.provider, actor=staff, name="Verizon Massachusetts")
    result = next(r for r in selectors.search("massachusetts") if r.kind == "Cable license")
    assert result.summary.startswith("Verizon Massachusetts")


def test_a_renamed_license_rewrites_the_entries_of_its_obligations_and_filings(records, staff):
    from franchise import services as franchise_services

    license = records["comcast_license"]
    assert selectors.search("zephyr") == []
    franchise_services.license_update(license=license, actor=staff, title="Comcast Zephyr license 2020-2030")
    kinds = {r.kind for r in selectors.search("zephyr")}
    assert {"Cable license", "License obligation", "Filing"} <= kinds


def test_a_provider_searches_only_its_own_records_that_its_portal_shows(records, comcast_user, verizon_user, login_as):
    comcast_client = login_as(comcast_user)
    page = comcast_client.get(PORTAL_SEARCH, {"q": "license"})
    assert page.status_code == 200
    found = titles(page.context["results"])
    assert "Comcast renewal license 2020-2030" in found
    assert "Verizon FiOS license 2018-2028" not in found
    # Letters: only the issued one, linked to its PDF in the portal; never the draft.
    letters = [r for r in comcast_client.get(PORTAL_SEARCH, {"q": "fee"}).context["results"] if r.kind == "Letter"]
    assert [r.url for r in letters] == [reverse("portal:letter-download", args=[records["issued"].pk])]
    # Another provider finds nothing of Comcast's, even by exact number.
    other = login_as(verizon_user).get(PORTAL_SEARCH, {"q": records["issued"].number})
    assert other.context["results"] == []
    # No staff link leaks into portal results.
    assert all(r.url.startswith("/portal/") for r in page.context["results"])


def test_who_may_search(records, client, staff, auditor, comcast_user, login_as):
    response = client.get(SEARCH, {"q": "comcast"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(PORTAL_SEARCH, {"q": "comcast"}).status_code == 302
    assert login_as(comcast_user).get(SEARCH, {"q": "comcast"}).status_code == 403
    assert login_as(auditor).get(SEARCH, {"q": "comcast"}).status_code == 200
    assert login_as(staff).get(PORTAL_SEARCH, {"q": "comcast"}).status_code in (403, 404)


@pytest.mark.parametrize(
    "query",
    ['"', "AND OR NOT", "NEAR(a b)", "*", "comcast*", "a:*", "'; DROP TABLE x; --", "x" * 5000, "\x00", "ﾃｽﾄ", "   "],
)
def test_any_query_answers_a_page_never_an_error(records, staff, login_as, query):
    response = login_as(staff).get(SEARCH, {"q": query})
    assert response.status_code == 200


def test_the_search_page_shows_type_title_and_dates_and_costs_the_same_queries_for_more_results(
    records, staff, login_as, django_assert_max_num_queries
):
    client = login_as(staff)
    page = client.get(SEARCH, {"q": "tremont"})
    html = page.content.decode()
    assert "Small-cell application" in html and "SC-2026-0042" in html and "Mon, Nov 2, 2026" in html
    with django_assert_max_num_queries(30) as few:
        client.get(SEARCH, {"q": "comcast"})
    for n in range(20):
        factories.make_license(
            actor=records["issued"].created_by,
            provider=records["comcast_license"].provider,
            title=f"Comcast license {n}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(SEARCH, {"q": "comcast"})


def test_rebuild_writes_the_same_index_the_services_kept(records):
    before = sorted(SearchEntry.objects.values_list("content_type_id", "object_id", "title", "text"))
    SearchEntry.objects.all().delete()
    assert selectors.search("tremont") == []
    call_command("rebuild_search_index", verbosity=0)
    assert sorted(SearchEntry.objects.values_list("content_type_id", "object_id", "title", "text")) == before
    assert "SC-2026-0042" in titles(selectors.search("tremont"))
