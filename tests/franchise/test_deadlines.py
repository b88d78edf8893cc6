"""License records keep the one deadline list in step (issue 5 item 1)."""

from datetime import date

import time_machine

from deadlines.models import Deadline
from franchise import services
from franchise.models import Filing


def deadline_of(filing):
    return Deadline.objects.get(source_id=filing.pk, source_type__model="filing", source_key="")


def test_each_generated_filing_is_an_open_provider_facing_deadline(fee_obligation):
    filing = fee_obligation.filings.filter(status=Filing.Status.OPEN).order_by("due_date").last()
    deadline = deadline_of(filing)
    assert deadline.state == Deadline.State.OPEN
    assert deadline.due_date == filing.due_date
    assert deadline.kind == Deadline.Kind.PAYMENT
    assert deadline.provider_facing
    assert deadline.provider == filing.license.provider
    assert deadline.link == filing.get_absolute_url()


def test_receiving_a_filing_satisfies_its_deadline_and_a_deficiency_reopens_it(staff, fee_obligation):
    filing = fee_obligation.filings.order_by("due_date").first()
    services.filing_record(filing=filing, actor=staff, received_date=date(2026, 6, 1))
    assert deadline_of(filing).state == Deadline.State.SATISFIED
    services.filing_review(filing=filing, actor=staff, status=Filing.Status.DEFICIENT, notes="Missing categories")
    assert deadline_of(filing).state == Deadline.State.OPEN
    replacement = services.filing_resubmit(filing=filing, actor=staff, received_date=date(2026, 6, 20))
    assert deadline_of(filing).state == Deadline.State.SATISFIED
    assert deadline_of(replacement).state == Deadline.State.SATISFIED


def test_waiving_a_filing_waives_its_deadline(staff, fee_obligation):
    filing = fee_obligation.filings.filter(status=Filing.Status.OPEN).order_by("due_date").last()
    services.filing_waive(filing=filing, actor=staff, reason="Not required this quarter")
    assert deadline_of(filing).state == Deadline.State.WAIVED


def test_a_rule_edit_moves_each_future_deadline_with_its_filing(staff, fee_obligation):
    services.obligation_update(obligation=fee_obligation, actor=staff, recurrence="annual")
    for filing in fee_obligation.filings.filter(status=Filing.Status.OPEN, due_date__gte=date(2026, 7, 1)):
        assert deadline_of(filing).due_date == filing.due_date
    open_filing_ids = set(fee_obligation.filings.filter(status=Filing.Status.OPEN).values_list("pk", flat=True))
    open_deadline_ids = set(
        Deadline.objects.filter(source_type__model="filing", state="open").values_list("source_id", flat=True)
    )
    assert open_deadline_ids == open_filing_ids  # removed filings left no open deadline behind


def test_the_renewal_calendar_becomes_city_deadlines(staff, license_):
    # Comcast license expires 2030-10-07 (frozen today 2026-07-01): window opens 2027-10-07, closes 2028-04-07.
    rows = {
        d.source_key: d
        for d in Deadline.objects.filter(source_type__model="license", source_id=license_.pk, state="open")
    }
    assert rows["renewal:window_opens"].due_date == date(2027, 10, 7)
    assert rows["renewal:window_closes"].due_date == date(2028, 4, 7)
    assert rows["renewal:expires"].due_date == date(2030, 10, 7)
    assert not any(d.provider_facing for d in rows.values())
    assert rows["renewal:window_opens"].citation == "47 U.S.C. 546(a)"


def test_logging_the_operators_notice_adds_the_commencement_deadline_and_commencing_satisfies_it(staff, license_):
    with time_machine.travel("2027-11-02 10:00:00-04:00", tick=False):
        services.license_record_renewal(license=license_, actor=staff, renewal_notice_date=date(2027, 11, 1))
    commence = Deadline.objects.get(source_id=license_.pk, source_key="renewal:commence_by")
    assert commence.due_date == date(2028, 5, 1)  # 6 months after the notice
    assert commence.state == Deadline.State.OPEN
    with time_machine.travel("2028-01-16 10:00:00-05:00", tick=False):
        services.license_record_renewal(license=license_, actor=staff, renewal_commenced_date=date(2028, 1, 15))
    commence.refresh_from_db()
    assert commence.state == Deadline.State.SATISFIED
