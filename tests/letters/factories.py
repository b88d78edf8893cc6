"""Records for letter tests, made through the franchise and permits services so they are what the
pages would hold. Dates are hand-picked around the frozen day, Friday 2026-11-20 (see conftest.py)."""

import io
from datetime import date
from decimal import Decimal

import pypdf
from django.test import TestCase

from franchise import services as franchise_services
from letters import services
from permits import services as permits_services

QUARTERLY_FEE_RULE = {
    "kind": "fee_report",
    "title": "Quarterly franchise fee and gross-revenue report",
    "clause": "Section 7.2",
    "recurrence": "quarterly",
    "due_rule": "day_of_month_after_period_end",
    "due_offset_months": 2,
    "due_day": 15,
    "business_day": "next",
    "active_from": date(2026, 1, 1),
}


def make_license(*, actor, provider, title="Comcast renewal license 2020-2030", **fields):
    values = {
        "grant_date": date(2020, 9, 30),
        "effective_date": date(2020, 10, 8),
        "expiration_date": date(2030, 10, 7),
        "fee_rate_percent": Decimal("5"),
        "late_interest_percent": Decimal("12"),
        **fields,
    }
    return franchise_services.license_create(actor=actor, provider=provider, title=title, **values)


def fee_obligation(*, license, actor):
    return franchise_services.obligation_create(license=license, actor=actor, **QUARTERLY_FEE_RULE)


def late_short_fee_filing(*, license, actor):
    """Q2 2026: $1,000,000.00 gross revenue, fee $50,000.00 due Mon 2026-08-17 (Aug 15 is a Saturday);
    $45,000.00 paid Wed 2026-09-16, $5,000.00 still unpaid on 2026-11-20.

    Interest at 12%, actual/365 (franchise/fees.py): 50,000 x 30 days (Aug 17 -> Sep 16)
    + 5,000 x 65 days (Sep 16 -> Nov 20) = 1,825,000 dollar-days x 0.12 / 365 = $600.00.
    Amount now due: $5,000.00 + $600.00 = $5,600.00.
    """
    obligation = fee_obligation(license=license, actor=actor)
    filing = obligation.filings.get(period_start=date(2026, 4, 1))
    franchise_services.filing_record(
        filing=filing, actor=actor, received_date=date(2026, 8, 10), gross_revenue=Decimal("1000000.00")
    )
    franchise_services.payment_record(
        actor=actor,
        license=license,
        kind="franchise_fee",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        amount=Decimal("45000.00"),
        received_date=date(2026, 9, 16),
        filing=filing,
    )
    filing.refresh_from_db()
    return filing


def overdue_filing(*, license, actor):
    """Q3 2026 fee report, due Mon 2026-11-16 (Nov 15 is a Sunday), not received by 2026-11-20."""
    obligation = license.obligations.filter(kind="fee_report").first() or fee_obligation(license=license, actor=actor)
    return obligation.filings.get(period_start=date(2026, 7, 1))


def failing_customer_service(*, license, actor):
    """Q3 2026: 850 of 1,000 calls answered within 30 s (85%, fails 90%); busy 3.4% (fails < 3%)."""
    return franchise_services.customer_service_report_save(
        actor=actor,
        license=license,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        calls_total=1000,
        calls_answered_30s=850,
        transfers_total=100,
        transfers_30s=95,
        busy_percent=Decimal("3.4"),
        installs_total=200,
        installs_7bd=199,
    )


def renewal_license(*, actor, provider):
    """Expires 2027-03-31: window 2024-03-31 to 2024-09-30; notice 2024-05-15 -> commence by 2024-11-15."""
    license = make_license(
        actor=actor,
        provider=provider,
        title="RCN renewal license 2017-2027",
        grant_date=date(2017, 3, 15),
        effective_date=date(2017, 4, 1),
        expiration_date=date(2027, 3, 31),
    )
    return franchise_services.license_record_renewal(
        license=license, actor=actor, renewal_notice_date=date(2024, 5, 15)
    )


def application(*, actor, applicant, reference, category="swf_collocation", submitted_on, sites=None):
    return permits_services.application_create(
        actor=actor,
        reference=reference,
        applicant=applicant,
        category=category,
        submitted_on=submitted_on,
        sites=sites or [{"address": "1 City Hall Square, Boston, MA (pole 12)"}],
    )


MISSING = [
    {"item": "Structural analysis of the pole, stamped by a Massachusetts engineer", "rule": "Boston PIC rule 7(b)"},
    {"item": "RF emissions compliance report", "rule": "47 CFR 1.1307(b); Boston small-cell guidelines s.4.2"},
]


def notice(*, application, actor, on, items=None):
    # Some letters are about a notice that has no effect on the clock: confirmed, as the notice form asks.
    return permits_services.clock_event_record(
        application=application,
        actor=actor,
        kind="incomplete_notice",
        date=on,
        missing_items=items or MISSING,
        confirm_no_effect=True,
    )


def decide(*, application, actor, on, outcome, reasons=""):
    return permits_services.clock_event_record(
        application=application, actor=actor, kind="decision", date=on, outcome=outcome, reasons=reasons
    )


def draft(*, actor, kind, source, **edits):
    """A draft, with `edits` applied to its editable values."""
    letter = services.letter_create(actor=actor, kind=kind, source=source)
    if edits:
        from letters import kinds

        fields = {f.name: f for f in kinds.editable_fields(kind)}
        values = {name: _python(fields[name], letter.data.get(name)) for name in fields}
        values.update(edits)
        letter = services.letter_update(
            letter=letter,
            actor=actor,
            subject=letter.subject,
            body=letter.body,
            closing=letter.closing,
            values=values,
        )
    return letter


def _python(field, value):
    from letters import kinds

    if field.type == kinds.DATE:
        return kinds.parse_date(value or None)
    if field.type in (kinds.MONEY, kinds.PERCENT):
        return kinds.parse_decimal(value)
    return value


def second_legal():
    """A second Law Department user: a letter's drafter may not approve it (LETTERS_REQUIRE_SECOND_APPROVER)."""
    from accounts.roles import LEGAL
    from tests.factories import UserFactory

    return UserFactory(username="legal-reviewer", first_name="Rita", last_name="Reviewer", role=LEGAL)


def issue(letter, actor, *, send_email=False, approver=None, confirm_no_effect=False):
    """Approve (by `approver`, another Legal user by default) and issue as `actor`, running the worker's render
    (and any email) inline, as on commit."""
    approver = approver or (second_legal() if letter.created_by_id == actor.pk else actor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        letter = services.letter_approve(letter=letter, actor=approver)
        letter = services.letter_issue(
            letter=letter, actor=actor, send_email=send_email, confirm_no_effect=confirm_no_effect
        )
    letter.refresh_from_db()
    return letter


def letters_of_every_kind(*, staff, legal, comcast, rcn, crown_castle):
    """One draft of each of the nine kinds, from records like the demo's. Hand-worked dates in comments."""
    license = make_license(actor=staff, provider=comcast)
    fee = late_short_fee_filing(license=license, actor=staff)
    failing_customer_service(license=license, actor=staff)
    rcn_license = renewal_license(actor=staff, provider=rcn)

    # SWF collocation submitted Mon 2026-11-16; notice on Fri 2026-11-20 is day 4: resets the clock (1.6003(d)(1)).
    incomplete = application(
        actor=staff, applicant=crown_castle, reference="SC-2026-0101", submitted_on=date(2026, 11, 16)
    )
    notice(application=incomplete, actor=staff, on=date(2026, 11, 20))
    # SWF collocation submitted Mon 2026-10-05: 60 days -> Fri 2026-12-04; +30 days -> Sun 2027-01-03 -> Mon 01-04.
    tolled = application(actor=staff, applicant=crown_castle, reference="SC-2026-0102", submitted_on=date(2026, 10, 5))
    approved = application(
        actor=staff, applicant=crown_castle, reference="SC-2026-0103", submitted_on=date(2026, 10, 1)
    )
    decide(application=approved, actor=staff, on=date(2026, 11, 18), outcome="approved")
    permits_services.permit_issue(
        application=approved,
        site=approved.sites.get(),
        actor=staff,
        number="SCP-2026-0042",
        issued_on=date(2026, 11, 18),
        build_by=date(2027, 11, 18),
        expires_on=date(2036, 11, 18),
        annual_fee=Decimal("270.00"),
        conditions="Paint the equipment cabinet to match the pole.\nNo generator on site.",
    )
    denied = application(actor=staff, applicant=crown_castle, reference="SC-2026-0104", submitted_on=date(2026, 10, 1))
    decide(
        application=denied,
        actor=staff,
        on=date(2026, 11, 20),
        outcome="denied",
        reasons="The pole stands in the sidewalk clear path the City's Complete Streets guidelines require.\n"
        "The equipment exceeds the 28 cubic feet of 47 CFR 1.6002(l).",
    )
    # Eligible facilities request submitted Mon 2026-08-03: 60 days -> Fri 2026-10-02; applicant's notice 2026-10-15.
    efr = application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2026-0105",
        category="eligible_facilities",
        submitted_on=date(2026, 8, 3),
    )
    permits_services.clock_event_record(
        application=efr, actor=staff, kind="deemed_granted_notice", date=date(2026, 10, 15)
    )
    return {
        "cure_notice": draft(actor=legal, kind="cure_notice", source=overdue_filing(license=license, actor=staff)),
        "fee_interest": draft(actor=legal, kind="fee_interest", source=fee),
        "cs_enforcement": draft(actor=legal, kind="cs_enforcement", source=license),
        "renewal_ascertainment": draft(actor=legal, kind="renewal_ascertainment", source=rcn_license),
        "smallcell_incomplete": draft(actor=legal, kind="smallcell_incomplete", source=incomplete),
        "tolling_agreement": draft(
            actor=legal,
            kind="tolling_agreement",
            source=tolled,
            purpose="To let the Applicant complete the structural analysis the City asked for.",
        ),
        "approval_conditions": draft(actor=legal, kind="approval_conditions", source=approved),
        "denial_reasons": draft(actor=legal, kind="denial_reasons", source=denied),
        "deemed_granted": draft(actor=legal, kind="deemed_granted", source=efr),
    }


def read_pdf(letter):
    with letter.pdf.open("rb") as handle:
        return pypdf.PdfReader(io.BytesIO(handle.read()))


def pdf_words(letter):
    """The PDF's text with runs of white space made single spaces (line breaks fall anywhere)."""
    return " ".join("\n".join(page.extract_text() for page in read_pdf(letter).pages).split())
