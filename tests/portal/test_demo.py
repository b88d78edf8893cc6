"""The portal demo: one accepted quarterly report for Comcast, through the
services, on top of the franchise demo; idempotent."""

from decimal import Decimal

from accounts.audit import system_user
from franchise import demo as franchise_demo
from franchise.models import Filing, QuarterlyReport, UploadAttempt
from franchise.quarterly import demo


def test_the_demo_adds_one_accepted_comcast_report_that_reconciles(comcast_user, comcast, time_machine):
    # On 2026-11-25 the franchise demo has logged and accepted Q3 2026 on paper; the portal demo resubmits it.
    time_machine.move_to("2026-11-25 10:00:00-05:00")
    actor = system_user()
    franchise_demo.load(actor)
    demo.load(actor)
    demo.load(actor)
    report = QuarterlyReport.objects.get()
    assert report.provider == comcast and report.uploaded_by == comcast_user
    assert report.status == QuarterlyReport.Status.ACCEPTED
    assert report.replaces is None and report.filing.replaces is not None  # a resubmission of the paper report
    assert report.filing.status == Filing.Status.ACCEPTED
    assert report.gross_revenue == report.filing.replaces.gross_revenue
    assert report.variance == Decimal("0.00") and report.payment_status == "paid"
    assert report.staff_comment.startswith("Illustrative demo")
    assert UploadAttempt.objects.get().report == report


def test_the_demo_uploads_directly_when_the_last_quarter_is_still_open(comcast_user, comcast):
    # On 2026-07-10 Q2 2026 has ended but is not due until August: its filing is open.
    actor = system_user()
    franchise_demo.load(actor)
    demo.load(actor)
    report = QuarterlyReport.objects.get()
    assert report.period_label == "Q2 2026" and report.filing.replaces is None
    assert report.status == QuarterlyReport.Status.ACCEPTED and report.payment_status == "paid"


def test_the_demo_does_nothing_without_comcast_data(db):
    demo.load(system_user())
    assert QuarterlyReport.objects.count() == 0
