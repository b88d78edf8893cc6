"""Staff pages for small-cell permits: who may see and write them, what they
show, what bad input does, and what they cost in queries."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from businessdays.models import ClosureDay
from permits import services
from permits.models import ClockEvent, FeeSchedule, Permit, PermitApplication
from tests.permits.factories import PermitApplicationFactory, make_application

ITEMS = [{"item": "Structural analysis of the pole", "rule": "Small-cell application requirements s.3.2"}]


def read_urls(application, permit):
    return [
        reverse("permits:application-list"),
        reverse("permits:application-detail", args=[application.pk]),
        reverse("permits:permit-list"),
        reverse("permits:permit-detail", args=[permit.pk]),
        reverse("permits:fee-schedule-list"),
        reverse("businessdays:closures"),
    ]


def write_urls(application, permit):
    pk = application.pk
    site = application.sites.first()
    return [
        reverse("permits:application-create"),
        reverse("permits:application-edit", args=[pk]),
        reverse("permits:site-add", args=[pk]),
        reverse("permits:site-edit", args=[site.pk]),
        reverse("permits:event-notice", args=[pk]),
        reverse("permits:event-resubmission", args=[pk]),
        reverse("permits:event-tolling-agreement", args=[pk]),
        reverse("permits:event-decision", args=[pk]),
        reverse("permits:event-withdrawal", args=[pk]),
        reverse("permits:event-deemed-grant", args=[pk]),
        reverse("permits:permit-issue", args=[pk]),
        reverse("permits:permit-built", args=[permit.pk]),
        reverse("permits:permit-renewal-request", args=[permit.pk]),
        reverse("permits:permit-renew", args=[permit.pk]),
        reverse("permits:fee-schedule-create"),
        reverse("businessdays:closures"),
    ]


@pytest.fixture
def permit(frozen, staff, crown_castle):
    approved = make_application(
        actor=staff, applicant=crown_castle, reference="SC-2025-0900", submitted_on=date(2025, 6, 2)
    )
    services.clock_event_record(
        application=approved, actor=staff, kind="decision", date=date(2025, 7, 1), outcome="approved"
    )
    return services.permit_issue(
        application=PermitApplication.objects.get(pk=approved.pk),
        site=approved.sites.get(),
        actor=staff,
        number="SCP-2025-0900",
        issued_on=date(2025, 7, 2),
        build_by=date(2026, 2, 1),
        expires_on=date(2026, 4, 15),
        annual_fee=Decimal("270.00"),
    )


def test_anonymous_users_are_sent_to_login(application, permit):
    client = Client()
    for url in read_urls(application, permit) + write_urls(application, permit):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_provider_users_never_reach_a_staff_page_their_own_or_another_firms(
    application, permit, crown_castle_user, att_user, login_as
):
    # crown_castle_user belongs to the applicant; att_user to another firm. Neither may read or write.
    events = ClockEvent.objects.count()
    for user in (crown_castle_user, att_user):
        client = login_as(user)
        for url in read_urls(application, permit) + write_urls(application, permit):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"date": "2026-02-01"}).status_code == 403, url
    assert ClockEvent.objects.count() == events


def test_auditors_and_legal_read_but_cannot_write(application, permit, auditor_client, legal_client):
    events = ClockEvent.objects.count()
    for client in (auditor_client, legal_client):
        for url in read_urls(application, permit):
            assert client.get(url).status_code == 200, url
        for url in write_urls(application, permit):
            assert client.post(url, {"date": "2026-02-01", "days": "5"}).status_code == 403, url
    assert ClockEvent.objects.count() == events
    assert not ClosureDay.objects.exists()


def test_write_pages_open_for_staff(application, permit, staff_client):
    for url in write_urls(application, permit):
        assert staff_client.get(url).status_code == 200, url


def test_the_queue_puts_the_soonest_deadline_first_and_marks_at_risk_in_words(
    frozen, staff, staff_client, crown_castle, att
):
    # Submitted Jan 5 -> Fri Mar 6 (5 days left on Sun Mar 1: at risk); Feb 2 -> Mon May 4 (64 days).
    make_application(
        actor=staff, applicant=att, reference="SC-LATE", category="collocation", submitted_on=date(2026, 2, 3)
    )
    make_application(actor=staff, applicant=crown_castle, reference="SC-SOON")
    page = staff_client.get(reverse("permits:application-list")).content.decode()
    assert page.index("SC-SOON") < page.index("SC-LATE")
    assert "At risk</span> <strong>5 days left</strong>" in page
    assert "64 days left" in page
    assert "<caption" in page and 'scope="col"' in page


def test_the_queue_filters_by_clock_state_and_site_address(frozen, staff, staff_client, crown_castle):
    make_application(actor=staff, applicant=crown_castle, reference="SC-SOON", sites=[{"address": "1 Hanover St"}])
    tolled = make_application(actor=staff, applicant=crown_castle, reference="SC-TOLLED", category="collocation")
    services.clock_event_record(
        application=tolled, actor=staff, kind="incomplete_notice", date=date(2026, 1, 15), missing_items=ITEMS
    )
    make_application(actor=staff, applicant=crown_castle, reference="SC-MISSED", submitted_on=date(2025, 12, 1))
    url = reverse("permits:application-list")
    assert "SC-SOON" in staff_client.get(url, {"clock": "at_risk"}).content.decode()
    tolled_page = staff_client.get(url, {"clock": "tolled"}).content.decode()
    assert "SC-TOLLED" in tolled_page and "SC-SOON" not in tolled_page
    assert "Tolled: 80 days left when resubmitted" in tolled_page
    missed = staff_client.get(url, {"clock": "missed"}).content.decode()
    assert "SC-MISSED" in missed and "SC-SOON" not in missed
    found = staff_client.get(url, {"q": "hanover"}).content.decode()
    assert "SC-SOON" in found and "SC-TOLLED" not in found


def test_the_queue_exports_to_xlsx_and_csv(application, staff_client):
    url = reverse("permits:application-list")
    csv = staff_client.get(url, {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.getvalue().decode().splitlines()
    assert lines[0].startswith("Reference,Applicant,Category")
    assert "SC-2026-0001" in lines[1] and "2026-03-06" in lines[1] and "5 days left" in lines[1]
    xlsx = staff_client.get(url, {"export": "xlsx"})
    sheet = load_workbook(BytesIO(xlsx.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference" and rows[1][0] == "SC-2026-0001"


def test_the_queue_costs_the_same_queries_at_10_and_10000_applications(
    frozen, staff_client, crown_castle, django_assert_max_num_queries
):
    def add(count):
        start = date(2026, 2, 20)
        PermitApplication.objects.bulk_create(
            PermitApplicationFactory.build(applicant=crown_castle, clock_deadline=start + timedelta(days=i % 120))
            for i in range(count)
        )

    counts = []
    for count in (10, 9_990):
        add(count)
        # Session, user, the second factor check, roles, page count (up to 1,000), page rows, applicants
        # and reviewers (prefetched), the page's site counts (one grouped query), four index-backed summary
        # counts, notification bell, two filter menus, and the reviewers of the bulk "Assign to..." menu.
        # The last page costs the same.
        with django_assert_max_num_queries(17) as captured:
            response = staff_client.get(reverse("permits:application-list"))
        assert response.status_code == 200
        counts.append(len(captured))
        last = response.context["page_obj"].last_cursor
        if last:  # 10 applications fit on one page
            with django_assert_max_num_queries(17) as captured:
                response = staff_client.get(reverse("permits:application-list"), {"cursor": last})
            assert response.status_code == 200
            counts.append(len(captured))
    assert PermitApplication.objects.count() == 10_000
    assert len(response.context["applications"]) == 50
    assert len(set(counts)) == 1


def test_the_detail_page_costs_a_fixed_number_of_queries(
    frozen, staff, staff_client, crown_castle, django_assert_max_num_queries
):
    small = make_application(actor=staff, applicant=crown_castle, reference="SC-1")
    services.clock_event_record(
        application=small, actor=staff, kind="incomplete_notice", date=date(2026, 1, 8), missing_items=ITEMS
    )
    big = make_application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-2",
        sites=[{"address": f"{n} Tremont St"} for n in range(1, 9)],
    )
    for kind, day in (("incomplete_notice", date(2026, 1, 8)), ("resubmitted", date(2026, 1, 10))):
        services.clock_event_record(
            application=big,
            actor=staff,
            kind=kind,
            date=day,
            missing_items=ITEMS if kind == "incomplete_notice" else (),
        )
    counts = []
    for application in (small, big):
        with django_assert_max_num_queries(15) as captured:  # 14, and the second factor check
            assert staff_client.get(application.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_detail_page_explains_the_clock_and_shows_timeline_sites_and_checks(application, staff, staff_client):
    services.clock_event_record(
        application=application,
        actor=staff,
        kind="incomplete_notice",
        date=date(2026, 1, 20),
        missing_items=ITEMS,
        confirm_no_effect=True,
    )
    services.site_add(
        application=application,
        actor=staff,
        address="7 Charles St",
        height_ft=Decimal("80"),
        adjacent_height_ft=Decimal("40"),
        largest_antenna_cuft=Decimal("2"),
        equipment_cuft=Decimal("10"),
        historic_district=True,
    )
    page = staff_client.get(application.get_absolute_url()).content.decode()
    assert "submitted 2026-01-05" in page
    assert "later than day 10, so it does not reset or toll the SWF clock" in page  # day 15: the page says so
    assert "deadline 2026-03-06 (Friday)" in page
    assert "Structural analysis of the pole" in page and "Small-cell application requirements s.3.2" in page
    assert "Does not qualify" in page and "exceed 47 CFR 1.6002(l)" in page
    assert "Landmarks or district commission review" in page
    assert "Record the resubmission" in page  # a notice is open
    assert "History of this record" in page


def test_the_detail_page_runs_the_fee_check_against_the_city_schedule(application, staff, staff_client):
    services.fee_schedule_add(
        actor=staff,
        effective_from=date(2026, 1, 1),
        application_up_to_five=Decimal("750"),
        each_additional=Decimal("100"),
        new_pole=Decimal("1000"),
        annual_per_swf=Decimal("270"),
        source="Test",
    )
    page = staff_client.get(application.get_absolute_url()).content.decode()
    assert "$750.00 is above the FCC presumptively reasonable $500.00" in page
    assert "unconfirmed" in page


def test_staff_log_an_application_through_the_page(frozen, staff_client, crown_castle):
    response = staff_client.post(
        reverse("permits:application-create"),
        {
            "reference": "SC-NEW",
            "applicant": crown_castle.pk,
            "category": "swf_collocation",
            "submitted_on": "2026-02-02",
        },
    )
    application = PermitApplication.objects.get(reference="SC-NEW")
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert application.clock_deadline == date(2026, 4, 3)


def test_a_future_submission_date_is_refused_next_to_the_field(frozen, staff_client, crown_castle):
    page = staff_client.post(
        reverse("permits:application-create"),
        {
            "reference": "SC-NEW",
            "applicant": crown_castle.pk,
            "category": "swf_collocation",
            "submitted_on": "2026-03-09",
        },
    )
    assert page.status_code == 200
    assert 'id="id_submitted_on_error"' in page.content.decode()
    assert "cannot be in the future" in page.content.decode()
    assert not PermitApplication.objects.exists()


def test_staff_send_a_notice_with_its_missing_items(application, staff_client):
    url = reverse("permits:event-notice", args=[application.pk])
    data = {
        "date": "2026-01-12",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-0-item": "Structural analysis",
        "items-0-rule": "Requirements s.3.2",
        "items-1-item": "",
        "items-1-rule": "",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    event = ClockEvent.objects.get()
    assert event.kind == "incomplete_notice" and event.missing_items.get().rule == "Requirements s.3.2"
    assert PermitApplication.objects.get(pk=application.pk).clock_state == "tolled"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"items-0-item": "", "items-0-rule": ""}, "must list each missing item"),
        ({"items-0-item": "Plans", "items-0-rule": ""}, "Give both the missing item and the rule"),
    ],
)
def test_a_notice_without_items_and_rules_is_refused_and_nothing_saved(application, staff_client, rows, message):
    data = {"date": "2026-01-12", "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", **rows}
    page = staff_client.post(reverse("permits:event-notice", args=[application.pk]), data)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not ClockEvent.objects.exists()


def test_a_denial_without_reasons_is_refused_on_the_page(application, staff_client):
    url = reverse("permits:event-decision", args=[application.pk])
    page = staff_client.post(url, {"date": "2026-02-27", "outcome": "denied", "reasons": ""})
    assert page.status_code == 200
    assert 'id="id_reasons_error"' in page.content.decode()
    assert not ClockEvent.objects.exists()
    response = staff_client.post(url, {"date": "2026-02-27", "outcome": "denied", "reasons": "Blocks the sidewalk."})
    assert response.status_code == 302
    assert PermitApplication.objects.get(pk=application.pk).status == "denied"


def test_a_resubmission_without_a_notice_shows_the_engine_message(application, staff_client):
    page = staff_client.post(reverse("permits:event-resubmission", args=[application.pk]), {"date": "2026-02-02"})
    assert page.status_code == 200
    assert "no open incompleteness notice" in page.content.decode()
    assert not ClockEvent.objects.exists()


def test_a_tolling_agreement_through_the_page(application, staff_client):
    url = reverse("permits:event-tolling-agreement", args=[application.pk])
    assert staff_client.post(url, {"date": "2026-02-20", "days": "30"}).status_code == 302
    assert PermitApplication.objects.get(pk=application.pk).clock_deadline == date(2026, 4, 6)


def test_staff_add_and_edit_a_site(application, staff_client):
    response = staff_client.post(
        reverse("permits:site-add", args=[application.pk]),
        {"address": "12 Tremont St", "category": "swf_new_structure", "new_structure": "on", "height_ft": "35"},
    )
    assert response.status_code == 302
    assert PermitApplication.objects.get(pk=application.pk).clock_days == 90  # mixed SWF batch
    site = application.sites.get(address="12 Tremont St")
    response = staff_client.post(
        reverse("permits:site-edit", args=[site.pk]), {"address": "14 Tremont St", "category": "swf_collocation"}
    )
    assert response.status_code == 302
    assert PermitApplication.objects.get(pk=application.pk).clock_days == 60


def test_the_permit_list_flags_expiry_and_build_by_in_words_and_exports(permit, staff_client):
    page = staff_client.get(reverse("permits:permit-list")).content.decode()
    # Expires 2026-04-15: 45 days after 2026-03-01. Build-by 2026-02-01 passed, not built.
    assert "Expires in 45 days" in page and "Build-by date passed" in page
    assert "SCP-2025-0900" in staff_client.get(reverse("permits:permit-list"), {"expiry": "90"}).content.decode()
    assert (
        "SCP-2025-0900" not in staff_client.get(reverse("permits:permit-list"), {"expiry": "expired"}).content.decode()
    )
    csv = staff_client.get(reverse("permits:permit-list"), {"export": "csv"}).getvalue().decode()
    assert "SCP-2025-0900" in csv and "Expires in 45 days; Build-by date passed" in csv


def test_staff_issue_and_renew_a_permit_through_the_pages(permit, staff, staff_client, crown_castle):
    response = staff_client.post(
        reverse("permits:permit-renew", args=[permit.pk]), {"renewed_on": "2026-03-01", "expires_on": "2036-04-15"}
    )
    assert response.status_code == 302
    permit.refresh_from_db()
    assert permit.expires_on == date(2036, 4, 15) and permit.renewal_status == "renewed"
    page = staff_client.post(
        reverse("permits:permit-renew", args=[permit.pk]), {"renewed_on": "2026-03-01", "expires_on": "2030-01-01"}
    )
    assert "after the current one" in page.content.decode()

    application = make_application(actor=staff, applicant=crown_castle, reference="SC-OK")
    services.clock_event_record(
        application=application, actor=staff, kind="decision", date=date(2026, 2, 27), outcome="approved"
    )
    response = staff_client.post(
        reverse("permits:permit-issue", args=[application.pk]),
        {
            "site": application.sites.get().pk,
            "number": "SCP-OK",
            "issued_on": "2026-02-28",
            "build_by": "2027-02-28",
            "expires_on": "2036-02-28",
            "annual_fee": "270.00",
        },
    )
    assert response.status_code == 302
    assert Permit.objects.get(number="SCP-OK").site == application.sites.get()


def test_the_fee_schedule_page_flags_amounts_above_the_fcc_presumptions(frozen, staff_client):
    response = staff_client.post(
        reverse("permits:fee-schedule-create"),
        {
            "effective_from": "2026-01-01",
            "application_up_to_five": "500",
            "each_additional": "100",
            "new_pole": "1000",
            "annual_per_swf": "300",
            "source": "Draft ordinance",
        },
    )
    assert response.status_code == 302
    page = staff_client.get(reverse("permits:fee-schedule-list")).content.decode()
    assert "Above</span> annual fee" in page and "No: unconfirmed" in page
    assert FeeSchedule.objects.get().history.first().history_user.username == "staff"


def test_staff_add_a_legal_holiday_and_the_deadline_moves(application, staff_client):
    response = staff_client.post(
        reverse("businessdays:closures"), {"date": "2026-03-06", "kind": "legal_holiday", "reason": "Day of mourning"}
    )
    assert response.status_code == 302
    assert PermitApplication.objects.get(pk=application.pk).clock_deadline == date(2026, 3, 9)
    page = staff_client.get(reverse("businessdays:closures")).content.decode()
    assert "Day of mourning" in page and "Patriots" in page
    closure = ClosureDay.objects.get()
    assert staff_client.post(reverse("businessdays:closures"), {"remove": closure.pk}).status_code == 302
    assert PermitApplication.objects.get(pk=application.pk).clock_deadline == date(2026, 3, 6)


def test_a_duplicate_closure_day_is_refused(application, staff_client):
    staff_client.post(
        reverse("businessdays:closures"), {"date": "2026-03-06", "kind": "office_closure", "reason": "Snow"}
    )
    page = staff_client.post(
        reverse("businessdays:closures"), {"date": "2026-03-06", "kind": "office_closure", "reason": "Again"}
    )
    assert page.status_code == 200 and "already exists" in page.content.decode()
    assert ClosureDay.objects.count() == 1


def test_the_city_nav_links_to_the_queue(application, staff_client):
    page = staff_client.get(reverse("staff:home")).content.decode()
    assert f'href="{reverse("permits:application-list")}"' in page
