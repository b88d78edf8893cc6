"""The staff home dashboard: counts, at-risk clocks, renewal windows, charts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from core.charts import bar_chart
from franchise import services as franchise_services
from franchise.models import Payment
from staff.dashboard import home_dashboard
from tests.deadlines.factories import DeadlineFactory
from tests.permits.factories import PermitApplicationFactory

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-25 09:00:00-05:00", tick=False):
        yield


def test_bar_chart_scales_bars_to_a_round_maximum():
    chart = bar_chart(title="t", categories=["Q1", "Q2"], series=[("A", [50, 100]), ("B", [25, 0])])
    heights = [bar.height for bar in chart.bars]
    # Max 100 -> axis top 100; plot height 300-16-52 = 232: bars 116, 232, 58, 0.
    assert heights == [116.0, 232.0, 58.0, 0.0]
    assert chart.rows == [("Q1", [50, 25]), ("Q2", [100, 0])]
    assert [label for _, label in chart.ticks] == ["0", "25", "50", "75", "100"]


def test_an_empty_chart_says_so():
    assert bar_chart(title="t", categories=["Q1"], series=[("A", [0])]).is_empty


@pytest.fixture
def data(staff, comcast, verizon, crown_castle):
    DeadlineFactory(provider=comcast, due_date=TODAY - timedelta(days=2))
    DeadlineFactory(provider=comcast, due_date=TODAY + timedelta(days=3))
    DeadlineFactory(provider=verizon, due_date=TODAY + timedelta(days=30))
    PermitApplicationFactory(applicant=crown_castle, reference="SC-RISK", clock_deadline=TODAY + timedelta(days=4))
    PermitApplicationFactory(applicant=crown_castle, reference="SC-SAFE", clock_deadline=TODAY + timedelta(days=40))
    license = franchise_services.license_create(
        actor=staff,
        provider=comcast,
        title="Comcast license",
        grant_date=date(2017, 1, 10),
        effective_date=date(2017, 1, 10),
        expiration_date=date(2027, 1, 9),
    )
    renewing = franchise_services.license_create(
        actor=staff,
        provider=verizon,
        title="Verizon license",
        license_kind="initial",
        grant_date=date(2016, 12, 5),
        effective_date=date(2016, 12, 5),
        expiration_date=date(2030, 6, 30),
    )
    franchise_services.payment_record(
        actor=staff,
        license=license,
        kind=Payment.Kind.FRANCHISE_FEE,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        amount=Decimal("125000.00"),
        received_date=date(2026, 8, 14),
    )
    return {"renewing": renewing}


def test_the_dashboard_counts_and_lists_what_needs_attention(data, comcast):
    board = home_dashboard(TODAY)
    comcast_row = next(r for r in board["deadline_counts"] if r["provider_id"] == comcast.pk)
    assert (comcast_row["overdue"], comcast_row["this_week"]) == (1, 1)
    assert board["overdue_total"] == 1
    assert board["at_risk_count"] == 1
    assert [a.reference for a in board["at_risk"]] == ["SC-RISK"]
    assert (board["missed_count"], board["missed"]) == (0, [])
    # Verizon expires 2030-06-30: its window opens 2027-06-30, within 24 months of 2026-11-25.
    assert [(r["license"].title, r["opens"]) for r in board["renewal_windows"]] == [
        ("Verizon license", date(2027, 6, 30))
    ]
    fees = dict(board["fees_chart"].rows)
    assert fees["2026 Q3"] == [Decimal("125000.00")]


def test_the_home_page_costs_a_fixed_number_of_queries(
    staff_client, data, crown_castle, comcast, django_assert_max_num_queries
):
    with django_assert_max_num_queries(27) as small:  # the first view also computes and stores the charts
        page = staff_client.get(reverse("staff:home"))
    assert page.status_code == 200
    for n in range(30):
        DeadlineFactory(provider=comcast, due_date=TODAY - timedelta(days=n % 5))
        # n % 6 - 3 runs -3..2 days from Wed Nov 25: half missed (Nov 22-24), half at risk (Nov 25-27).
        PermitApplicationFactory(applicant=crown_castle, clock_deadline=TODAY + timedelta(days=n % 6 - 3))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = staff_client.get(reverse("staff:home"))
    # 15 missed; 15 at risk plus SC-RISK; each table lists the first 10.
    assert (page.context["missed_count"], page.context["at_risk_count"]) == (15, 16)
    assert (len(page.context["missed"]), len(page.context["at_risk"])) == (10, 10)


def test_a_missed_undecided_clock_is_on_the_home_page_and_not_counted_at_risk(staff_client, data, crown_castle):
    # Deadline Tue Nov 10, 15 days before Wed Nov 25, running and undecided: the old at-risk count
    # (0-7 days left) left it on no card and in no table.
    PermitApplicationFactory(applicant=crown_castle, reference="SC-OVERDUE", clock_deadline=date(2026, 11, 10))
    board = home_dashboard(TODAY)
    assert board["missed_count"] == 1 and board["at_risk_count"] == 1
    assert [(a.reference, a.days_since) for a in board["missed"]] == [("SC-OVERDUE", 15)]
    page = staff_client.get(reverse("staff:home")).content.decode()
    assert page.index("SC-OVERDUE") < page.index("SC-RISK")


def test_the_shot_clock_chart_shows_missed_undecided_clocks_by_the_quarter_of_their_deadline(data, crown_castle):
    PermitApplicationFactory(applicant=crown_castle, reference="SC-OVERDUE", clock_deadline=date(2026, 11, 10))
    rows = dict(home_dashboard(TODAY)["shot_clock_chart"].rows)
    # Nov 10 is in 2026 Q4: none decided within or past the clock, one missed with no decision.
    assert rows["2026 Q4"] == [0, 0, 1]


def test_every_chart_has_a_data_table(staff_client, data):
    html = staff_client.get(reverse("staff:home")).content.decode()
    assert html.count("<figure") == 3
    assert html.count("Show the data as a table") == 3
    assert "SC-RISK" in html


def test_the_chart_puts_each_day_in_its_quarter_at_the_boundaries(data, crown_castle):
    # Missed, undecided clocks on the last day of 2026 Q3 (Wed Sep 30) and the first of Q4 (Thu Oct 1),
    # and one on the first day of the chart's oldest quarter (2024 Q1, Mon Jan 1 2024).
    for n, deadline in enumerate([date(2026, 9, 30), date(2026, 10, 1), date(2024, 1, 1)]):
        PermitApplicationFactory(applicant=crown_castle, reference=f"SC-EDGE-{n}", clock_deadline=deadline)
    rows = dict(home_dashboard(TODAY)["shot_clock_chart"].rows)
    assert rows["2026 Q3"][2] == 1 and rows["2026 Q4"][2] == 1
    assert next(iter(rows)) == "2024 Q1" and rows["2024 Q1"][2] == 1


def _missed_in_q4(board):
    return dict(board["shot_clock_chart"].rows)["2026 Q4"][2]


def test_the_charts_come_from_stored_figures_that_the_worker_refreshes(data, crown_castle):
    from django.core.cache import cache

    from core.models import StoredFigures
    from staff import tasks

    assert _missed_in_q4(home_dashboard(TODAY)) == 0  # computed once and stored
    stored = StoredFigures.objects.get(key="staff-home-charts")
    assert stored.data["day"] == "2026-11-25"
    PermitApplicationFactory(applicant=crown_castle, reference="SC-LATER", clock_deadline=date(2026, 11, 10))
    cache.clear()  # a flushed cache: the page draws the stored figures, it does not count again
    board = home_dashboard(TODAY)
    assert _missed_in_q4(board) == 0 and board["charts_computed_at"] == stored.computed_at
    assert tasks.refresh_home_charts().startswith("charts for 2026-11-25")
    assert _missed_in_q4(home_dashboard(TODAY)) == 1  # the job also replaced the cached drawing


def test_a_cold_page_with_stored_figures_runs_none_of_the_chart_queries(
    staff_client, data, django_assert_max_num_queries
):
    from django.core.cache import cache

    from core.models import StoredFigures

    cache.clear()
    with django_assert_max_num_queries(40) as computing:
        staff_client.get(reverse("staff:home"))
    cache.clear()
    with django_assert_max_num_queries(40) as drawing:
        staff_client.get(reverse("staff:home"))
    # Computing: the fees, the two clock counts and the filings count, then the row is written.
    assert len(computing.captured_queries) - len(drawing.captured_queries) >= 4
    assert StoredFigures.objects.count() == 1


def test_stored_figures_from_another_day_or_over_an_hour_old_are_computed_again(data, crown_castle):
    from django.core.cache import cache

    from core.models import StoredFigures

    home_dashboard(TODAY)
    PermitApplicationFactory(applicant=crown_castle, reference="SC-LATER", clock_deadline=date(2026, 11, 10))
    cache.clear()
    with time_machine.travel("2026-11-25 10:01:00-05:00", tick=False):  # 61 minutes later: the worker is down
        assert _missed_in_q4(home_dashboard(TODAY)) == 1
    with time_machine.travel("2026-11-26 09:00:00-05:00", tick=False):
        cache.clear()
        board = home_dashboard(date(2026, 11, 26))
        assert StoredFigures.objects.get().data["day"] == "2026-11-26"
        assert _missed_in_q4(board) == 1
