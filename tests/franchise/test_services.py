"""Writes: validation that saves nothing, occurrence generation (idempotent,
rule edits touch future open filings only), recording, review, resubmission."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from franchise import services
from franchise.models import CustomerServiceReport, Filing, License, Obligation, Payment

from .conftest import QUARTERLY_FEE_RULE

D = date


def _messages(error):
    return " ".join(error.value.messages)


# Bad input: a clear message, nothing saved ------------------------------------


def test_a_fee_rate_above_the_federal_cap_is_refused_and_nothing_saved(staff, comcast):
    with pytest.raises(ValidationError) as error:
        services.license_create(
            actor=staff,
            provider=comcast,
            title="Too greedy",
            grant_date=D(2020, 1, 1),
            effective_date=D(2020, 1, 1),
            expiration_date=D(2030, 1, 1),
            fee_rate_percent=Decimal("5.001"),
        )
    assert (
        "cannot be more than the federal cap of 5 percent (47 U.S.C. 542(b))"
        in error.value.message_dict["fee_rate_percent"][0]
    )
    assert License.objects.count() == 0


def test_an_expiry_before_the_grant_date_is_refused_and_nothing_saved(staff, comcast):
    with pytest.raises(ValidationError) as error:
        services.license_create(
            actor=staff,
            provider=comcast,
            title="Backwards",
            grant_date=D(2020, 10, 8),
            effective_date=D(2020, 10, 8),
            expiration_date=D(2020, 10, 1),
        )
    assert error.value.message_dict["expiration_date"] == ["The expiration date must be after the grant date."]
    assert License.objects.count() == 0


def test_a_negative_payment_is_refused_and_nothing_saved(staff, license_):
    with pytest.raises(ValidationError) as error:
        services.payment_record(
            actor=staff,
            license=license_,
            kind=Payment.Kind.FRANCHISE_FEE,
            period_start=D(2026, 1, 1),
            period_end=D(2026, 3, 31),
            amount=Decimal("-100.00"),
            received_date=D(2026, 5, 14),
        )
    assert "cannot be negative" in error.value.message_dict["amount"][0]
    assert Payment.objects.count() == 0


def test_a_filing_for_a_period_outside_the_license_term_is_refused(staff, fee_obligation):
    before = Filing.objects.count()
    with pytest.raises(ValidationError) as error:
        services.filing_create(
            obligation=fee_obligation, actor=staff, period_start=D(2030, 10, 1), period_end=D(2030, 12, 31)
        )
    assert "outside the license term (2020-10-08 to 2030-10-07)" in error.value.message_dict["period_start"][0]
    assert Filing.objects.count() == before


def test_a_payment_for_a_period_outside_the_term_is_refused(staff, license_):
    with pytest.raises(ValidationError) as error:
        services.payment_record(
            actor=staff,
            license=license_,
            period_start=D(2019, 1, 1),
            period_end=D(2019, 3, 31),
            amount=Decimal("10"),
            received_date=D(2026, 5, 1),
        )
    assert "outside the license term" in error.value.message_dict["period_start"][0]


def test_a_received_date_in_the_future_is_refused(staff, fee_obligation):
    filing = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.filing_record(filing=filing, actor=staff, received_date=D(2026, 7, 2))
    assert "cannot be in the future" in _messages(error)
    filing.refresh_from_db()
    assert filing.status == Filing.Status.OPEN


def test_an_invalid_rule_is_refused_and_nothing_saved(staff, license_):
    with pytest.raises(ValidationError) as error:
        services.obligation_create(
            license=license_, actor=staff, **{**QUARTERLY_FEE_RULE, "due_rule": "fixed_date", "due_fixed_date": None}
        )
    assert "one-time obligation" in error.value.message_dict["due_rule"][0]
    assert Obligation.objects.count() == 0 and Filing.objects.count() == 0


def test_customer_service_counts_cannot_exceed_their_totals(staff, license_):
    with pytest.raises(ValidationError) as error:
        services.customer_service_report_save(
            actor=staff,
            license=license_,
            period_start=D(2026, 1, 1),
            period_end=D(2026, 3, 31),
            calls_total=100,
            calls_answered_30s=120,
        )
    assert "cannot be more than calls received" in error.value.message_dict["calls_answered_30s"][0]
    assert CustomerServiceReport.objects.count() == 0


# Occurrence generation -----------------------------------------------------------


def test_filings_are_generated_from_the_effective_date_to_eighteen_months_ahead(fee_obligation):
    filings = list(fee_obligation.filings.order_by("period_start"))
    # Today 2026-07-01; horizon 2028-01-01. Short Q4 2020 (from Oct 8), 2021-2027 (28 quarters), Q1 2028 = 30.
    assert len(filings) == 30
    first, last = filings[0], filings[-1]
    assert (first.period_start, first.period_end, first.due_date) == (D(2020, 10, 8), D(2020, 12, 31), D(2021, 2, 16))
    # Feb 15 2021 was Presidents' Day (3rd Monday): the next business day is Tue Feb 16.
    assert (last.period_start, last.due_date) == (D(2028, 1, 1), D(2028, 5, 15))


def test_generation_is_idempotent(staff, fee_obligation):
    count = fee_obligation.filings.count()
    result = services.filings_generate(obligation=fee_obligation, actor=staff)
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert fee_obligation.filings.count() == count


def test_the_database_refuses_a_second_occurrence_for_the_same_period(fee_obligation):
    filing = fee_obligation.filings.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Filing.objects.create(
            obligation=fee_obligation,
            license=filing.license,
            period_start=filing.period_start,
            period_end=filing.period_end,
            due_date=filing.due_date,
            grace_ends=filing.grace_ends,
        )


def test_a_rule_edited_mid_year_moves_only_future_open_filings(staff, fee_obligation):
    q4_2025 = fee_obligation.filings.get(period_start=D(2025, 10, 1))  # due Feb 17 2026, left open: overdue
    q1_2026 = fee_obligation.filings.get(period_start=D(2026, 1, 1))  # due May 15 2026, received
    services.filing_record(filing=q1_2026, actor=staff, received_date=D(2026, 5, 14))
    q2_2026 = fee_obligation.filings.get(period_start=D(2026, 4, 1))  # due Aug 17 2026 (Aug 15 is a Saturday)
    assert q2_2026.due_date == D(2026, 8, 17)

    # The license is amended on July 1: "30 days after the end of each quarter".
    _obligation, result = services.obligation_update(
        obligation=fee_obligation,
        actor=staff,
        due_rule="days_after_period_end",
        due_offset_days=30,
        due_day=None,
        due_offset_months=0,
    )

    # Future open: Q2 2026 .. Q1 2028 = 3 + 4 + 1 = 8 quarters moved.
    assert (result.created, result.updated, result.removed) == (0, 8, 0)
    q2_2026.refresh_from_db()
    assert q2_2026.due_date == D(2026, 7, 30)  # Jun 30 + 30 = Jul 30, a Thursday
    assert fee_obligation.filings.get(period_start=D(2026, 7, 1)).due_date == D(2026, 10, 30)  # Sep 30 + 30, Friday
    assert fee_obligation.filings.get(period_start=D(2026, 10, 1)).due_date == D(2027, 2, 1)  # Jan 30 2027 is Sat
    q1_2026.refresh_from_db()
    q4_2025.refresh_from_db()
    assert (q1_2026.status, q1_2026.due_date) == (Filing.Status.RECEIVED, D(2026, 5, 15))  # untouched
    assert (q4_2025.status, q4_2025.due_date) == (Filing.Status.OPEN, D(2026, 2, 17))  # past due: untouched


def test_a_change_from_quarterly_to_monthly_never_doubles_filed_periods(staff, fee_obligation):
    q1_2026 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    services.filing_record(filing=q1_2026, actor=staff, received_date=D(2026, 5, 14))
    early_q3 = fee_obligation.filings.get(period_start=D(2026, 7, 1))
    services.filing_record(filing=early_q3, actor=staff, received_date=D(2026, 7, 1))  # filed early, kept

    _, result = services.obligation_update(obligation=fee_obligation, actor=staff, recurrence="monthly")

    starts = set(fee_obligation.filings.values_list("period_start", flat=True))
    assert D(2026, 1, 1) in starts and D(2026, 2, 1) not in starts  # Q1 was filed: no months over it
    assert D(2026, 8, 1) not in starts  # Q3 was filed early: no months over it either
    assert {D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1), D(2026, 10, 1), D(2026, 11, 1)} <= starts
    q1_2026.refresh_from_db()
    assert q1_2026.period_end == D(2026, 3, 31)
    # Each future open quarter starts on the first of a month, so it becomes that month's filing:
    # Q2 2026 (April), Q4 2026 (October), Q1-Q4 2027, Q1 2028 -> 7 updated. Months Apr 2026 - Jan 2028
    # are 22; Jul-Sep 2026 are covered by the early Q3 filing, 7 are the moved quarters: 22 - 3 - 7 = 12 new.
    assert (result.created, result.updated, result.removed) == (12, 7, 0)
    april = fee_obligation.filings.get(period_start=D(2026, 4, 1))
    assert (april.period_end, april.due_date) == (D(2026, 4, 30), D(2026, 6, 15))  # 15th of the 2nd month after


def test_changing_the_license_dates_regenerates_the_renewal_deadline(staff, license_):
    window = services.obligations_from_catalogue(license=license_, actor=staff, codes=["renewal-window"])[0]
    filing = window.filings.get()
    assert filing.due_date == D(2028, 4, 7)  # 2030-10-07 minus 30 months
    services.license_update(license=license_, actor=staff, expiration_date=D(2031, 10, 7))
    filing.refresh_from_db()
    assert (filing.due_date, filing.period_end) == (D(2029, 4, 7), D(2031, 10, 7))


def test_catalogue_creates_obligations_in_one_step_with_their_filings(staff, license_):
    created = services.obligations_from_catalogue(
        license=license_,
        actor=staff,
        codes=["franchise-fee-quarterly", "per-subscriber-fee-annual", "insurance-certificate-annual"],
        track_from=D(2025, 1, 1),
    )
    assert [o.kind for o in created] == ["fee_report", "per_subscriber_fee", "insurance"]
    fee, subscribers, insurance = created
    assert fee.active_from == D(2025, 1, 1)
    assert insurance.active_from == D(2024, 10, 8)  # the license anniversary before Jan 1 2025
    # per-subscriber fees for 2025 are due Sun Mar 15 2026 -> Mon Mar 16
    assert subscribers.filings.get(period_start=D(2025, 1, 1)).due_date == D(2026, 3, 16)
    # insurance certificate for the license year from Oct 8 2026 is due that day (a Thursday)
    assert insurance.filings.get(period_start=D(2026, 10, 8)).due_date == D(2026, 10, 8)


def test_a_milestone_without_its_date_saves_nothing(staff, license_):
    with pytest.raises(ValidationError) as error:
        services.obligations_from_catalogue(
            license=license_, actor=staff, codes=["franchise-fee-quarterly", "build-out-milestone"]
        )
    assert "needs its date" in _messages(error)
    assert Obligation.objects.count() == 0 and Filing.objects.count() == 0


def test_generate_filings_command_acts_as_the_system_user(staff, fee_obligation):
    fee_obligation.filings.filter(period_start=D(2028, 1, 1)).delete()
    call_command("generate_filings", "--today", "2026-07-01")
    created = fee_obligation.filings.get(period_start=D(2028, 1, 1))
    assert created.history.first().history_user.username == "conduit-system"


# Recording, review, resubmission --------------------------------------------------


def test_a_filing_received_after_its_due_date_is_marked_late(staff, fee_obligation):
    q4 = fee_obligation.filings.get(period_start=D(2025, 10, 1))  # due Feb 17 2026
    services.filing_record(filing=q4, actor=staff, received_date=D(2026, 2, 18))
    assert q4.status == Filing.Status.LATE and q4.received_late
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))  # due May 15 2026
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 15), gross_revenue=Decimal("1000000"))
    assert q1.status == Filing.Status.RECEIVED and q1.logged_by == staff
    assert q1.history.first().history_user == staff


def test_grace_days_delay_lateness(staff, license_):
    obligation = services.obligation_create(license=license_, actor=staff, **{**QUARTERLY_FEE_RULE, "grace_days": 5})
    q1 = obligation.filings.get(period_start=D(2026, 1, 1))  # due Fri May 15, grace to Wed May 20
    assert q1.grace_ends == D(2026, 5, 20)
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 20))
    assert q1.status == Filing.Status.RECEIVED


def test_a_deficient_filing_needs_a_reason_and_is_resubmitted_as_a_new_filing(staff, fee_obligation):
    q1 = fee_obligation.filings.get(period_start=D(2026, 1, 1))
    services.filing_record(filing=q1, actor=staff, received_date=D(2026, 5, 14), gross_revenue=Decimal("900000"))
    with pytest.raises(ValidationError) as error:
        services.filing_review(filing=q1, actor=staff, status=Filing.Status.DEFICIENT)
    assert "what is deficient" in _messages(error)
    services.filing_review(filing=q1, actor=staff, status=Filing.Status.DEFICIENT, notes="Advertising revenue missing.")

    resubmitted = services.filing_resubmit(
        filing=q1, actor=staff, received_date=D(2026, 6, 1), gross_revenue=Decimal("1000000")
    )
    assert resubmitted.replaces == q1 and resubmitted.status == Filing.Status.LATE
    assert (resubmitted.period_start, resubmitted.due_date) == (q1.period_start, q1.due_date)
    q1.refresh_from_db()
    assert q1.status == Filing.Status.DEFICIENT  # the original stays on record
    with pytest.raises(ValidationError):
        services.filing_resubmit(filing=q1, actor=staff, received_date=D(2026, 6, 2))


def test_review_requires_a_received_filing(staff, fee_obligation):
    q2 = fee_obligation.filings.get(period_start=D(2026, 4, 1))
    with pytest.raises(ValidationError, match="before reviewing"):
        services.filing_review(filing=q2, actor=staff, status=Filing.Status.ACCEPTED)


def test_waiving_needs_a_reason_and_an_open_filing(staff, fee_obligation):
    q2 = fee_obligation.filings.get(period_start=D(2026, 4, 1))
    with pytest.raises(ValidationError):
        services.filing_waive(filing=q2, actor=staff, reason=" ")
    services.filing_waive(filing=q2, actor=staff, reason="Quarter covered by a settlement.")
    assert q2.status == Filing.Status.WAIVED
    with pytest.raises(ValidationError, match="Only an open filing"):
        services.filing_waive(filing=q2, actor=staff, reason="again")


def test_payment_cap_treatment_follows_its_kind_unless_given(staff, license_):
    common = {"period_start": D(2026, 1, 1), "period_end": D(2026, 3, 31), "received_date": D(2026, 5, 1)}
    capital = services.payment_record(
        actor=staff, license=license_, kind=Payment.Kind.PEG_CAPITAL, amount=Decimal("1000"), **common
    )
    fee = services.payment_record(actor=staff, license=license_, amount=Decimal("1000"), **common)
    forced = services.payment_record(
        actor=staff, license=license_, kind=Payment.Kind.INTEREST, amount=Decimal("5"), counts_toward_cap=True, **common
    )
    assert (capital.counts_toward_cap, fee.counts_toward_cap, forced.counts_toward_cap) == (False, True, True)


def test_logging_renewal_events_puts_the_license_in_renewal(staff, license_):
    services.license_record_renewal(license=license_, actor=staff, renewal_notice_date=D(2026, 6, 1))
    assert license_.status == License.Status.IN_RENEWAL
    with pytest.raises(ValidationError) as error:
        services.license_record_renewal(license=license_, actor=staff, final_decision="granted")
    assert "both the final decision and its date" in _messages(error)


def test_regeneration_keeps_a_future_filing_that_has_a_payment_attached(staff, license_, fee_obligation):
    q3 = fee_obligation.filings.get(period_start=D(2026, 7, 1))
    services.payment_record(
        actor=staff,
        license=license_,
        period_start=D(2026, 7, 1),
        period_end=D(2026, 9, 30),
        amount=Decimal("100"),
        received_date=D(2026, 7, 1),
        filing=q3,
    )
    # Annual on license years: no period starts on Jul 1 any more, yet the paid-against filing stays.
    services.obligation_update(
        obligation=fee_obligation, actor=staff, recurrence="annual", period_anchor="license_year"
    )
    assert Filing.objects.filter(pk=q3.pk).exists()
