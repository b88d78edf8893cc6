"""The one date format for people: "Tue, Dec 7, 2026" (core.dates and the template filters)."""

from datetime import UTC, date, datetime

from django.template import Context, Template

from core import dates


def test_a_day_reads_weekday_month_day_year():
    assert dates.day(date(2026, 12, 7)) == "Mon, Dec 7, 2026"
    assert dates.day(date(2027, 1, 1)) == "Fri, Jan 1, 2027"
    assert dates.day(None) == "" and dates.day("") == ""


def test_a_moment_is_shown_in_the_city_time_zone():
    # 03:30 UTC on Dec 8 is 10:30 p.m. on Dec 7 in Boston (EST, UTC-5).
    late = datetime(2026, 12, 8, 3, 30, tzinfo=UTC)
    assert dates.moment(late) == "Mon, Dec 7, 2026, 10:30 p.m."
    assert dates.day(late) == "Mon, Dec 7, 2026"  # the local day, not the UTC one
    assert dates.moment(date(2026, 12, 7)) == "Mon, Dec 7, 2026"


def test_relative_days_in_words():
    today = date(2026, 12, 1)
    assert dates.relative(date(2026, 12, 7), today) == "in 6 days"
    assert dates.relative(date(2026, 11, 28), today) == "3 days ago"
    assert dates.relative(today, today) == "today"
    assert dates.relative(date(2026, 12, 2), today) == "tomorrow"
    assert dates.relative(date(2026, 11, 30), today) == "yesterday"


def test_every_template_has_the_filters_and_a_bare_date_looks_the_same():
    html = Template("{{ d|day }}|{{ d }}|{{ d|date }}|{{ d|due:today }}").render(
        Context({"d": date(2026, 12, 7), "today": date(2026, 12, 1)})
    )
    day_, bare, default, due = html.split("|")
    assert day_ == bare == default == "Mon, Dec 7, 2026"
    assert due == (
        '<time datetime="2026-12-07">Mon, Dec 7, 2026</time> <span class="conduit-relative">(in 6 days)</span>'
    )
