"""The applicant's answers in the portal: resubmit, withdraw, deemed-grant notice, and the message thread.

The portal's clock is frozen on Fri 2026-07-10, 10:00 New York time (tests/portal/conftest.py). The SWF
collocation here was submitted Wed 2026-07-01; the City's notice of Wed 2026-07-08 is day 7, on or before
day 10, so it resets the clock (47 CFR 1.6003(d)(1)) and waits for the resubmission.
"""

import datetime as dt
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Provider
from permits import services
from permits.answers import answer_options, resubmission_effect
from permits.models import ApplicationMessage, ClockEvent, PermitApplication
from permits.services_answers import carrier_deemed_granted_notice, carrier_resubmit, carrier_withdraw
from permits.services_messages import message_post
from portal.views_answers import application_url
from tests.conftest import provider_user
from tests.factories import ProviderContactFactory, ProviderFactory
from tests.permits.factories import make_application

pytestmark = pytest.mark.django_db

NEW_YORK = dt.timezone(dt.timedelta(hours=-4))  # EDT, all summer 2026
ITEMS = [{"item": "Structural analysis of the pole", "rule": "Small-cell application requirements s.3.2"}]
ANSWER_URLS = ("portal:application-resubmit", "portal:application-withdraw", "portal:application-deemed-granted")
ALL_URLS = (*ANSWER_URLS, "portal:application-messages")


@pytest.fixture
def carrier_user(crown_castle):
    return provider_user(crown_castle, "crown-clerk", email="clerk@crown.example")


@pytest.fixture
def carrier_client(carrier_user, login_as):
    return login_as(carrier_user)


@pytest.fixture
def att(db):
    return ProviderFactory(name="AT&T Mobility", short_name="att", kind=Provider.Kind.WIRELESS)


@pytest.fixture
def att_user(att):
    return provider_user(att, "att-clerk")


@pytest.fixture
def application(staff, crown_castle):
    return make_application(actor=staff, applicant=crown_castle, submitted_on=date(2026, 7, 1))


@pytest.fixture
def noticed(application, staff):
    services.clock_event_record(
        application=application, actor=staff, kind="incomplete_notice", date=date(2026, 7, 8), missing_items=ITEMS
    )
    return PermitApplication.objects.get(pk=application.pk)


@pytest.fixture
def request_6409a(staff, crown_castle):
    # Wed 2026-07-01 + 60: 30 days to Jul 31, 30 more to Sun Aug 30. A 6409(a) deadline is never moved off a
    # weekend (47 CFR 1.6100(c); shotclock module docstring), so the period runs out at the end of Aug 30.
    return make_application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2026-6409",
        category="eligible_facilities",
        submitted_on=date(2026, 7, 1),
    )


def refreshed(application):
    return PermitApplication.objects.get(pk=application.pk)


def clock(application):
    return services.application_clock(refreshed(application))


# Services ------------------------------------------------------------------------------------------------


def test_a_resubmission_without_an_open_notice_is_refused_and_nothing_is_saved(application, carrier_user):
    with pytest.raises(ValidationError, match="no open incompleteness notice"):
        carrier_resubmit(actor=carrier_user, application=application)
    assert not ClockEvent.objects.exists()
    assert refreshed(application).status == PermitApplication.Status.RECEIVED


def test_a_resubmission_at_half_past_eleven_in_new_york_is_dated_the_new_york_day(noticed, carrier_user):
    # 03:30 UTC on Sat Jul 11 is 23:30 EDT on Fri Jul 10: the event is dated Jul 10.
    with time_machine.travel(dt.datetime(2026, 7, 11, 3, 30, tzinfo=dt.UTC), tick=False):
        event = carrier_resubmit(actor=carrier_user, application=noticed, note="Structural analysis attached.")
    assert event.kind == ClockEvent.Kind.RESUBMITTED
    assert event.date == date(2026, 7, 10)
    assert event.recorded_by == carrier_user
    assert "filed in the portal at Fri, Jul 10, 2026, 11:30 p.m." in event.details
    assert "Structural analysis attached." in event.details
    # The reset clock restarts at zero on the resubmission: Jul 10 + 60 = 21 days to Jul 31, 31 in Aug (52),
    # 8 more -> Tue Sep 8.
    application = refreshed(noticed)
    assert application.status == PermitApplication.Status.UNDER_REVIEW
    assert application.clock_deadline == date(2026, 9, 8)


def test_the_resubmission_is_recorded_in_history_as_the_carrier_user(noticed, carrier_user):
    event = carrier_resubmit(actor=carrier_user, application=noticed)
    assert event.history.get().history_user == carrier_user


def test_another_carriers_user_cannot_answer_and_nothing_is_saved(noticed, att_user, comcast_user):
    for outsider in (att_user, comcast_user):
        with pytest.raises(ValidationError, match="applicant's own users"):
            carrier_resubmit(actor=outsider, application=noticed)
        with pytest.raises(ValidationError, match="applicant's own users"):
            carrier_withdraw(actor=outsider, application=noticed)
        with pytest.raises(ValidationError, match="applicant's own users"):
            carrier_deemed_granted_notice(actor=outsider, application=noticed, statement="Deemed granted.")
    assert list(ClockEvent.objects.values_list("kind", flat=True)) == ["incomplete_notice"]


def test_a_city_user_cannot_answer_for_the_applicant(noticed, staff):
    with pytest.raises(ValidationError, match="applicant's own users"):
        carrier_resubmit(actor=staff, application=noticed)


def test_after_a_withdrawal_a_resubmission_is_refused(noticed, carrier_user):
    event = carrier_withdraw(actor=carrier_user, application=noticed, reason="Site no longer needed.")
    assert event.date == date(2026, 7, 10) and "Site no longer needed." in event.details
    assert refreshed(noticed).status == PermitApplication.Status.WITHDRAWN
    with pytest.raises(ValidationError, match="withdrawn on 2026-07-10"):
        carrier_resubmit(actor=carrier_user, application=noticed)
    assert ClockEvent.objects.filter(kind=ClockEvent.Kind.RESUBMITTED).count() == 0


def test_a_deemed_grant_notice_is_refused_for_a_request_that_is_not_6409a(application, carrier_user):
    # The SWF collocation's 60 days ran out Mon Aug 31 (Jul 1 + 60 = Aug 30, a Sunday, moved to Monday).
    with time_machine.travel(dt.datetime(2026, 9, 15, 12, 0, tzinfo=NEW_YORK), tick=False):
        assert answer_options(refreshed(application), clock(application)).deemed_granted is False
        with pytest.raises(ValidationError, match="Only an eligible facilities request"):
            carrier_deemed_granted_notice(actor=carrier_user, application=application, statement="Deemed granted.")
    assert not ClockEvent.objects.exists()


def test_a_deemed_grant_notice_is_refused_on_the_last_day_of_the_period(request_6409a, carrier_user):
    with time_machine.travel(dt.datetime(2026, 8, 30, 23, 30, tzinfo=NEW_YORK), tick=False):
        assert clock(request_6409a).deadline == date(2026, 8, 30)
        assert answer_options(refreshed(request_6409a), clock(request_6409a)).deemed_granted is False
        with pytest.raises(ValidationError, match="after the review period has expired"):
            carrier_deemed_granted_notice(actor=carrier_user, application=request_6409a, statement="Deemed granted.")
    assert not ClockEvent.objects.exists()


def test_a_deemed_grant_notice_the_day_after_the_period_ran_is_accepted(request_6409a, carrier_user):
    with time_machine.travel(dt.datetime(2026, 8, 31, 9, 0, tzinfo=NEW_YORK), tick=False):
        assert answer_options(refreshed(request_6409a), clock(request_6409a)).deemed_granted is True
        event = carrier_deemed_granted_notice(
            actor=carrier_user, application=request_6409a, statement="  We give notice: deemed granted.  "
        )
        assert event.date == date(2026, 8, 31)
        assert "We give notice: deemed granted." in event.details
        application = refreshed(request_6409a)
        assert application.status == PermitApplication.Status.DEEMED_GRANTED
        assert answer_options(application, clock(application)).any is False


def test_a_deemed_grant_notice_needs_its_statement(request_6409a, carrier_user):
    with (
        time_machine.travel(dt.datetime(2026, 8, 31, 9, 0, tzinfo=NEW_YORK), tick=False),
        pytest.raises(ValidationError, match="in writing"),
    ):
        carrier_deemed_granted_notice(actor=carrier_user, application=request_6409a, statement="   ")
    assert not ClockEvent.objects.exists()


def test_an_answer_emails_the_assigned_reviewer(noticed, staff, carrier_user, django_capture_on_commit_callbacks):
    services.application_assign(application=noticed, reviewer=staff, actor=staff)
    with django_capture_on_commit_callbacks(execute=True):
        carrier_resubmit(actor=carrier_user, application=noticed)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [staff.email]
    assert "SC-2026-0001" in email.subject and "resubmitted" in email.subject
    assert reverse("permits:application-detail", args=[noticed.pk]) in email.body


def test_with_no_reviewer_every_active_staff_user_hears_of_the_answer(
    noticed, staff, legal, carrier_user, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    second = UserFactory(username="staff-two", role="Staff")
    with django_capture_on_commit_callbacks(execute=True):
        carrier_withdraw(actor=carrier_user, application=noticed)
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([staff.email, second.email])
    assert "withdrew" in mail.outbox[0].subject


def test_a_refused_answer_sends_no_email(application, staff, carrier_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        carrier_resubmit(actor=carrier_user, application=application)
    assert mail.outbox == []


# What can be answered now (permits.answers) --------------------------------------------------------------


def test_with_an_open_notice_the_applicant_may_resubmit_or_withdraw(noticed):
    options = answer_options(noticed, clock(noticed))
    assert (options.resubmit, options.withdraw, options.deemed_granted) == (True, True, False)


def test_without_a_notice_the_applicant_may_only_withdraw(application):
    options = answer_options(application, clock(application))
    assert (options.resubmit, options.withdraw, options.deemed_granted) == (False, True, False)


def test_a_closed_application_offers_nothing(noticed, carrier_user):
    carrier_withdraw(actor=carrier_user, application=noticed)
    assert answer_options(refreshed(noticed), clock(noticed)).any is False


def test_the_resubmission_page_explains_a_reset_and_a_toll(noticed, staff, crown_castle):
    assert "full new 60-day review period" in resubmission_effect(clock(noticed))
    # A 6409(a) request's notice on day 7 tolls (1.6100(c)(3)(i)): from Jul 8, 53 of the 60 days remain.
    request = make_application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2026-0002",
        category="eligible_facilities",
        submitted_on=date(2026, 7, 1),
    )
    services.clock_event_record(
        application=request, actor=staff, kind="incomplete_notice", date=date(2026, 7, 8), missing_items=ITEMS
    )
    assert "with 53 days left" in resubmission_effect(clock(request))


# The partials the application page includes --------------------------------------------------------------


def render_partials(application):
    context = {"application": application, "clock": clock(application), "today": date(2026, 7, 10)}
    return render_to_string("portal/applications/_answers.html", context) + render_to_string(
        "portal/applications/_messages.html", context
    )


def test_the_answers_partial_links_only_the_answers_possible_now(noticed):
    html = render_partials(noticed)
    assert reverse("portal:application-resubmit", args=[noticed.pk]) in html
    assert reverse("portal:application-withdraw", args=[noticed.pk]) in html
    assert reverse("portal:application-deemed-granted", args=[noticed.pk]) not in html


def test_the_answers_partial_offers_the_deemed_grant_notice_once_the_period_ran(request_6409a):
    with time_machine.travel(dt.datetime(2026, 8, 31, 9, 0, tzinfo=NEW_YORK), tick=False):
        html = render_partials(refreshed(request_6409a))
    assert reverse("portal:application-deemed-granted", args=[request_6409a.pk]) in html
    assert reverse("portal:application-resubmit", args=[request_6409a.pk]) not in html


def test_the_answers_partial_offers_nothing_once_withdrawn(noticed, carrier_user):
    carrier_withdraw(actor=carrier_user, application=noticed)
    html = render_partials(refreshed(noticed))
    assert "Nothing: the application is withdrawn." in html
    assert reverse("portal:application-withdraw", args=[noticed.pk]) not in html


def test_the_messages_partial_shows_the_latest_three_escaped_and_links_the_thread(noticed, carrier_user, staff):
    for n in range(1, 5):
        message_post(actor=carrier_user if n % 2 else staff, application=noticed, body=f"Message {n}")
    message_post(actor=carrier_user, application=noticed, body="<script>alert(1)</script>")
    html = render_partials(noticed)
    assert "Messages (5)" in html
    assert "Message 1" not in html and "Message 2" not in html
    assert "Message 3" in html and "Message 4" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert reverse("portal:application-messages", args=[noticed.pk]) in html


# Pages ---------------------------------------------------------------------------------------------------


def url(name, application):
    return reverse(name, args=[application.pk])


@pytest.mark.parametrize("name", ALL_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, noticed, name):
    for method in (client.get, client.post):
        response = method(url(name, noticed))
        assert response.status_code == 302 and "login" in response["Location"]
    assert ClockEvent.objects.count() == 1 and not ApplicationMessage.objects.exists()


@pytest.mark.parametrize("name", ALL_URLS)
def test_another_carriers_user_gets_404_and_nothing_is_saved(login_as, att_user, noticed, name):
    client = login_as(att_user)
    assert client.get(url(name, noticed)).status_code == 404
    payload = {"note": "x", "reason": "x", "statement": "x", "body": "Hello"}
    assert client.post(url(name, noticed), payload).status_code == 404
    assert ClockEvent.objects.count() == 1 and not ApplicationMessage.objects.exists()


@pytest.mark.parametrize("name", ALL_URLS)
def test_a_cable_operator_gets_404(comcast_client, noticed, name):
    assert comcast_client.get(url(name, noticed)).status_code == 404
    assert comcast_client.post(url(name, noticed), {"body": "Hello"}).status_code == 404


@pytest.mark.parametrize("name", ALL_URLS)
def test_the_applicants_user_gets_404_once_it_no_longer_handles_wireless(carrier_client, crown_castle, noticed, name):
    Provider.objects.filter(pk=crown_castle.pk).update(kind=Provider.Kind.CABLE)
    assert carrier_client.get(url(name, noticed)).status_code == 404


@pytest.mark.parametrize("name", ALL_URLS)
def test_city_users_get_404_on_portal_pages(staff_client, auditor_client, noticed, name):
    for client in (staff_client, auditor_client):
        assert client.get(url(name, noticed)).status_code == 404
        assert client.post(url(name, noticed), {"body": "Hello", "note": ""}).status_code == 404
    assert ClockEvent.objects.count() == 1 and not ApplicationMessage.objects.exists()


def test_an_unknown_application_is_404(carrier_client, noticed):
    assert carrier_client.get(reverse("portal:application-resubmit", args=[noticed.pk + 100])).status_code == 404


def test_the_resubmit_page_shows_the_missing_items_and_the_effect(carrier_client, noticed):
    response = carrier_client.get(url("portal:application-resubmit", noticed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Structural analysis of the pole" in page and "Small-cell application requirements s.3.2" in page
    assert "full new 60-day review period" in page
    assert "Resubmit today" in page


def test_resubmitting_in_the_portal_records_it_and_returns_with_a_message(carrier_client, noticed):
    response = carrier_client.post(url("portal:application-resubmit", noticed), {"note": "All attached."}, follow=True)
    # The application page once it exists; until then the thread.
    assert response.redirect_chain[-1][0] == application_url(noticed)
    assert "Resubmitted today" in response.content.decode()
    event = ClockEvent.objects.get(kind=ClockEvent.Kind.RESUBMITTED)
    assert event.date == date(2026, 7, 10) and "All attached." in event.details


def test_a_resubmission_the_engine_refuses_shows_a_plain_error_and_saves_nothing(carrier_client, application):
    response = carrier_client.post(url("portal:application-resubmit", application), {"note": "Here."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no open incompleteness notice" in page
    assert not ClockEvent.objects.exists()


def test_a_posted_date_is_ignored(carrier_client, noticed):
    carrier_client.post(url("portal:application-resubmit", noticed), {"note": "", "date": "2026-07-09"})
    assert ClockEvent.objects.get(kind=ClockEvent.Kind.RESUBMITTED).date == date(2026, 7, 10)


def test_the_withdraw_page_confirms_then_withdraws(carrier_client, noticed):
    page = carrier_client.get(url("portal:application-withdraw", noticed)).content.decode()
    assert "cannot be undone" in page and "Withdraw the application" in page
    response = carrier_client.post(url("portal:application-withdraw", noticed), {"reason": "Plans changed."})
    assert response.status_code == 302
    assert refreshed(noticed).status == PermitApplication.Status.WITHDRAWN
    page = carrier_client.get(url("portal:application-withdraw", noticed)).content.decode()
    assert "no longer open" in page and "usa-form--large" not in page


def test_the_deemed_grant_page_is_not_offered_for_an_swf_application(carrier_client, application):
    page = carrier_client.get(url("portal:application-deemed-granted", application)).content.decode()
    assert "Only an eligible facilities request" in page
    assert "Send the notice" not in page
    response = carrier_client.post(url("portal:application-deemed-granted", application), {"statement": "Granted."})
    assert response.status_code == 200
    assert "Only an eligible facilities request (section 6409(a)) can be deemed granted" in response.content.decode()
    assert not ClockEvent.objects.exists()


def test_the_deemed_grant_page_records_the_notice_after_the_period(login_as, carrier_user, request_6409a):
    with time_machine.travel(dt.datetime(2026, 8, 31, 9, 0, tzinfo=NEW_YORK), tick=False):
        carrier_client = login_as(carrier_user)  # signed in on the day: a July session has expired by then
        page = carrier_client.get(url("portal:application-deemed-granted", request_6409a)).content.decode()
        assert "Send the notice" in page and "Sun, Aug 30, 2026" in page
        response = carrier_client.post(url("portal:application-deemed-granted", request_6409a), {"statement": ""})
        assert response.status_code == 200 and not ClockEvent.objects.exists()
        response = carrier_client.post(
            url("portal:application-deemed-granted", request_6409a), {"statement": "Deemed granted; see 1.6100(c)(4)."}
        )
    assert response.status_code == 302
    assert refreshed(request_6409a).status == PermitApplication.Status.DEEMED_GRANTED


def test_the_thread_page_posts_a_message_and_emails_the_city(
    carrier_client, carrier_user, noticed, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = carrier_client.post(url("portal:application-messages", noticed), {"body": "  When is review?  "})
    assert response.status_code == 302
    message = ApplicationMessage.objects.get()
    assert (message.body, message.from_city, message.author) == ("When is review?", False, carrier_user)
    assert message.history.get().history_user == carrier_user
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [staff.email]
    assert "A new message on SC-2026-0001" in mail.outbox[0].subject
    assert reverse("permits:application-messages", args=[noticed.pk]) in mail.outbox[0].body


def test_the_thread_shows_every_message_oldest_first_and_escaped(carrier_client, carrier_user, staff, noticed):
    message_post(actor=staff, application=noticed, body="First, from the City.")
    message_post(actor=carrier_user, application=noticed, body="<script>alert('x')</script>\nSecond line")
    page = carrier_client.get(url("portal:application-messages", noticed)).content.decode()
    assert page.index("First, from the City.") < page.index("&lt;script&gt;")
    assert "<script>alert" not in page
    assert "<br>Second line" in page


def test_an_empty_message_shows_the_error_and_saves_nothing(carrier_client, noticed):
    response = carrier_client.post(url("portal:application-messages", noticed), {"body": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode() or "Write a message" in response.content.decode()
    assert not ApplicationMessage.objects.exists()


def test_a_message_from_the_city_emails_the_notice_contacts_and_the_filer(
    noticed, staff, crown_castle, carrier_user, django_capture_on_commit_callbacks
):
    ProviderContactFactory(provider=crown_castle, name="Notices", email="notices@crown.example")
    ProviderContactFactory(provider=crown_castle, name="Other", email="other@crown.example", receives_notices=False)
    PermitApplication.objects.filter(pk=noticed.pk).update(submitted_by=carrier_user)
    with django_capture_on_commit_callbacks(execute=True):
        message_post(actor=staff, application=refreshed(noticed), body="Please send the drawings.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["notices@crown.example", "clerk@crown.example"]
    assert "Please send the drawings." in mail.outbox[0].body
    assert reverse("portal:application-messages", args=[noticed.pk]) in mail.outbox[0].body


def test_the_thread_page_costs_a_fixed_number_of_queries(
    carrier_client, carrier_user, staff, noticed, django_assert_max_num_queries
):
    counts = []
    for total in (1, 12):
        while ApplicationMessage.objects.count() < total:
            message_post(
                actor=staff if ApplicationMessage.objects.count() % 2 else carrier_user, application=noticed, body="Hi"
            )
        with django_assert_max_num_queries(12) as captured:
            assert carrier_client.get(url("portal:application-messages", noticed)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
