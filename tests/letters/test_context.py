"""Letters prefilled from records: the shot-clock effect (permits/shotclock.py), fees (franchise/fees.py),
cure notices from filings, and the notes Legal sees. Hand-worked dates in the comments."""

from datetime import date

import pytest

from businessdays.selectors import business_calendar
from franchise import services as franchise_services
from letters import sources
from permits import services as permits_services
from tests.letters import factories
from tests.letters.conftest import TODAY


def prefill(kind, source, actor):
    return sources.prefill(kind, source, actor=actor, today=TODAY, calendar=business_calendar())


def test_an_swf_notice_within_ten_days_resets_the_clock(staff, legal, crown_castle):
    # Submitted Mon 2026-11-16; the notice of Fri 2026-11-20 is day 4.
    app = factories.application(actor=staff, applicant=crown_castle, reference="SC-1", submitted_on=date(2026, 11, 16))
    factories.notice(application=app, actor=staff, on=TODAY)
    data, notes = prefill("smallcell_incomplete", app, legal)
    assert "is reset: a new 60-day period will begin on the day you resubmit" in data["clock_effect"]
    assert data["notice_date"] == "2026-11-20"
    assert data["missing_items"] == [[m["item"], m["rule"]] for m in factories.MISSING]
    assert notes == []


def test_a_non_swf_notice_within_thirty_days_tolls_the_clock(staff, legal, crown_castle):
    # New structure (150 days) submitted Mon 2026-10-26: last day 2027-03-25. Notice Fri 2026-11-20 (day 25):
    # tolled from 2026-11-21; 2027-03-25 - 2026-11-20 = 125 days remain.
    app = factories.application(
        actor=staff, applicant=crown_castle, reference="SC-2", category="new_structure", submitted_on=date(2026, 10, 26)
    )
    factories.notice(application=app, actor=staff, on=TODAY)
    data, _ = prefill("smallcell_incomplete", app, legal)
    assert "within 30 days of submission, so the shot clock is tolled from November 21, 2026" in data["clock_effect"]
    assert "125 days will remain" in data["clock_effect"]
    assert "(47 CFR 1.6003(d)(2))" in data["clock_effect"]


def test_a_late_notice_has_no_effect_and_the_letter_says_the_date_stands(staff, legal, crown_castle):
    # SWF submitted Thu 2026-10-01: 60 days -> Mon 2026-11-30. The notice of 2026-11-20 is day 50: no effect.
    app = factories.application(actor=staff, applicant=crown_castle, reference="SC-3", submitted_on=date(2026, 10, 1))
    factories.notice(application=app, actor=staff, on=TODAY)
    data, _ = prefill("smallcell_incomplete", app, legal)
    assert "does not reset or toll the clock" in data["clock_effect"]
    assert "The shot-clock date remains November 30, 2026." in data["clock_effect"]


def test_a_further_notice_after_a_resubmission_tolls_again(staff, legal, crown_castle):
    # Collocation, not SWF (90 days), submitted Thu 2026-10-01. Notice 10-10 tolls; resubmitted 11-12 (33 days
    # tolled): last day 2026-10-01 + 123 = 2027-02-01. Further notice 11-20, 8 days after: tolled again,
    # 2027-02-01 - 2026-11-20 = 73 days remain.
    app = factories.application(
        actor=staff, applicant=crown_castle, reference="SC-4", category="collocation", submitted_on=date(2026, 10, 1)
    )
    factories.notice(application=app, actor=staff, on=date(2026, 10, 10))
    permits_services.clock_event_record(application=app, actor=staff, kind="resubmitted", date=date(2026, 11, 12))
    # A further notice may only name items of the first notice (47 CFR 1.6003(d)(3)(i)): the RF report again.
    factories.notice(application=app, actor=staff, on=TODAY, items=factories.MISSING[1:])
    data, _ = prefill("smallcell_incomplete", app, legal)
    assert "within 10 days of your resubmission of November 12, 2026" in data["clock_effect"]
    assert "tolled again from November 21, 2026" in data["clock_effect"]
    assert "73 days will remain" in data["clock_effect"]
    assert data["missing_items"] == [[factories.MISSING[1]["item"], factories.MISSING[1]["rule"]]]


def test_with_no_notice_logged_the_letter_is_the_notice_and_legal_is_told_to_log_it(staff, legal, crown_castle):
    app = factories.application(actor=staff, applicant=crown_castle, reference="SC-5", submitted_on=date(2026, 11, 16))
    data, notes = prefill("smallcell_incomplete", app, legal)
    assert "is reset" in data["clock_effect"]
    assert data["missing_items"] == []
    assert any("No incompleteness notice is logged" in note for note in notes)


def test_a_fee_letter_from_the_payment_shows_the_same_figures_as_from_the_report(fee_filing, legal):
    payment = fee_filing.payments.get()
    from_payment, _ = prefill("fee_interest", payment, legal)
    from_report, _ = prefill("fee_interest", fee_filing, legal)
    assert from_payment == from_report
    assert from_payment["interest"] == "600.00"


def test_interest_already_paid_is_not_demanded_again(fee_filing, license_, staff, legal):
    franchise_services.payment_record(
        actor=staff,
        license=license_,
        kind="interest",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        amount="250.00",
        received_date=date(2026, 11, 2),
    )
    data, _ = prefill("fee_interest", fee_filing, legal)
    assert data["interest_paid"] == "250.00"
    assert data["total_due"] == "5350.00"  # 5,000.00 unpaid fee + (600.00 - 250.00) interest


def test_a_fee_letter_without_a_revenue_report_is_refused_with_the_reason(license_, staff, legal):
    filing = factories.fee_obligation(license=license_, actor=staff).filings.get(period_start=date(2026, 7, 1))
    with pytest.raises(Exception, match="No gross-revenue report is logged for Q3 2026"):
        prefill("fee_interest", filing, legal)


def test_a_cure_notice_from_a_deficient_report_quotes_the_review(fee_filing, staff, legal):
    franchise_services.filing_review(
        filing=fee_filing, actor=staff, status="deficient", notes="Revenue by category is missing."
    )
    data, _ = prefill("cure_notice", fee_filing, legal)
    assert data["requirement"] == (
        "the License's requirement “Quarterly franchise fee and gross-revenue report” (Section 7.2)"
    )
    assert "received on August 10, 2026, was found deficient on review" in data["violation"]
    assert "Revenue by category is missing." in data["violation"]
    assert data["cure_by"] == "2026-12-21"


def test_a_denial_dated_before_the_letter_warns_that_reasons_go_with_the_decision(staff, legal, crown_castle):
    app = factories.application(actor=staff, applicant=crown_castle, reference="SC-6", submitted_on=date(2026, 10, 1))
    factories.decide(application=app, actor=staff, on=date(2026, 11, 18), outcome="denied", reasons="Too tall.")
    data, notes = prefill("denial_reasons", app, legal)
    assert data["reasons"] == ["Too tall."]
    assert any("must be given at the same time as the decision" in note for note in notes)


def test_only_an_eligible_facilities_request_can_be_deemed_granted(staff, legal, crown_castle):
    app = factories.application(actor=staff, applicant=crown_castle, reference="SC-7", submitted_on=date(2026, 10, 1))
    with pytest.raises(Exception, match="Only an eligible facilities request"):
        prefill("deemed_granted", app, legal)


def test_candidates_for_last_quarter_are_the_late_reports_of_that_quarter(license_, fee_filing, staff):
    # Last quarter on 2026-11-20 is Q3 2026 (July-September); its fee report was due 2026-11-16 and is open.
    assert sources.last_quarter(TODAY) == (date(2026, 7, 1), date(2026, 9, 30))
    refs = [c.ref for c in sources.candidates("cure_notice", today=TODAY, period="last_quarter")]
    assert refs == [sources.ref_for(factories.overdue_filing(license=license_, actor=staff))]
    fee_refs = [c.ref for c in sources.candidates("fee_interest", today=TODAY, period="all")]
    assert fee_refs == [sources.ref_for(fee_filing)]
