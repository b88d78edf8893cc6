"""The obligation catalogue fixture is valid reference data."""

from datetime import date

from franchise import catalogue, recurrence
from franchise.models import Obligation

EXPECTED_KINDS = {
    "fee_report",
    "customer_service",
    "complaint_report",
    "financial_statements",
    "per_subscriber_fee",
    "insurance",
    "performance_bond",
    "peg_support",
    "build_out",
    "renewal",
}


def test_every_catalogue_entry_has_a_valid_rule_and_a_known_kind():
    entries = catalogue.entries()
    assert len({e.code for e in entries}) == len(entries), "codes are unique"
    kinds = {choice for choice, _ in Obligation.Kind.choices}
    for entry in entries:
        assert entry.kind in kinds, entry.code
        rule = entry.rule()
        if entry.needs_date:
            rule = recurrence.Rule(**{**rule.__dict__, "fixed_date": date(2027, 6, 30)})
        assert recurrence.rule_errors(rule) == {}, entry.code
        assert entry.clause, f"{entry.code} cites its source"


def test_catalogue_covers_what_a_massachusetts_license_typically_carries():
    assert {e.kind for e in catalogue.entries()} >= EXPECTED_KINDS


def test_catalogue_due_dates_match_the_domain_rules():
    fee = catalogue.entry("franchise-fee-quarterly").rule()
    # Q4 2025 fee: 15th of the second month after Dec 31 -> Feb 15 2026
    assert recurrence.nominal_due_date(
        fee, period_start=date(2025, 10, 1), period_end=date(2025, 12, 31), expiry=None
    ) == date(2026, 2, 15)
    subscribers = catalogue.entry("per-subscriber-fee-annual").rule()
    assert recurrence.nominal_due_date(
        subscribers, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), expiry=None
    ) == date(2026, 3, 15)
    statements = catalogue.entry("financial-statements-annual").rule()
    assert recurrence.nominal_due_date(
        statements, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), expiry=None
    ) == date(2026, 4, 30)
    window = catalogue.entry("renewal-window").rule()
    assert recurrence.nominal_due_date(window, period_start=None, period_end=None, expiry=date(2030, 10, 7)) == date(
        2028, 4, 7
    )
