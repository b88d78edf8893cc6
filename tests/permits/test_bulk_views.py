"""The reviewer block on an application's page, "Assigned to me", and the queue's bulk actions
("Assign to..." and "Draft a letter"): who gets them, the confirmation, bad input, query counts."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.roles import STAFF
from deadlines.models import Deadline
from letters.models import LetterBatch
from permits import services
from permits.models import PermitApplication
from tests.deadlines.factories import DeadlineFactory
from tests.factories import UserFactory
from tests.permits.factories import PermitApplicationFactory, make_application

ASSIGN = reverse("permits:bulk-assign")
LETTER = reverse("permits:bulk-letter")
DEADLINE_LETTER = reverse("permits:deadline-bulk-letter")


@pytest.fixture
def dana(db):
    return UserFactory(username="dana", first_name="Dana", last_name="Reyes", role=STAFF)


@pytest.fixture
def apps(frozen, staff, crown_castle):
    return [
        make_application(actor=staff, applicant=crown_castle, reference=f"SC-2026-02{n:02d}", sites=[{"address": a}])
        for n, a in enumerate(("5 Beacon St", "7 Beacon St", "9 Beacon St"), start=1)
    ]


def reviewers(rows):
    return [PermitApplication.objects.get(pk=row.pk).assigned_reviewer for row in rows]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# The application page --------------------------------------------------------------------


def test_staff_see_the_reviewer_form_with_assign_to_me(application, staff_client, dana):
    html = staff_client.get(application.get_absolute_url()).content.decode()
    assert 'id="reviewer-form"' in html and "Assign to me" in html and ">Dana Reyes</option>" in html


@pytest.mark.parametrize("who", ["auditor_client", "legal_client"])
def test_read_only_roles_see_the_reviewers_name_and_no_form(application, staff, dana, who, request):
    services.application_assign(application=application, reviewer=dana, actor=staff)
    html = request.getfixturevalue(who).get(application.get_absolute_url()).content.decode()
    assert "<dt>Reviewer</dt><dd>Dana Reyes</dd>" in html
    assert 'id="reviewer-form"' not in html and "Assign to me" not in html


def test_assign_to_me_assigns_the_signed_in_user_and_says_so(application, staff, staff_client):
    url = reverse("permits:application-assign", args=[application.pk])
    response = staff_client.post(url, {"me": "1"})
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert messages_of(response) == ["SC-2026-0001 is assigned to you."]
    assert reviewers([application]) == [staff]
    # Once it is theirs the button is gone; the menu shows them chosen.
    html = staff_client.get(application.get_absolute_url()).content.decode()
    assert "Assign to me" not in html and f'<option value="{staff.pk}" selected>' in html


def test_the_reviewer_menu_assigns_someone_else_or_nobody(application, staff_client, dana):
    url = reverse("permits:application-assign", args=[application.pk])
    assert messages_of(staff_client.post(url, {"reviewer": dana.pk})) == ["SC-2026-0001 is assigned to Dana Reyes."]
    assert reviewers([application]) == [dana]
    staff_client.get(reverse("permits:application-list"))  # shows (and so uses up) the first message
    assert messages_of(staff_client.post(url, {"reviewer": ""})) == ["SC-2026-0001 is now unassigned."]
    assert reviewers([application]) == [None]


def test_a_reviewer_who_is_not_active_staff_is_refused_and_nothing_is_saved(application, staff_client, legal):
    url = reverse("permits:application-assign", args=[application.pk])
    response = staff_client.post(url, {"reviewer": legal.pk})
    assert messages_of(response) == ["That person cannot review applications: choose an active Staff user."]
    assert staff_client.post(url, {"reviewer": "not-a-number"}).status_code == 302
    assert reviewers([application]) == [None]


def test_assign_to_me_by_a_user_who_is_not_staff_is_refused(application):
    """A superuser counts as Staff for pages but is not in the Staff group: not a reviewer."""
    root = UserFactory(username="root", is_superuser=True)
    client = Client()
    client.force_login(root)
    response = client.post(reverse("permits:application-assign", args=[application.pk]), {"me": "1"})
    assert messages_of(response) == [f"{root} cannot be assigned: only Staff users review applications."]
    assert reviewers([application]) == [None]


def test_only_staff_may_post_an_assignment(application, legal_client, auditor_client, crown_castle_user, staff):
    url = reverse("permits:application-assign", args=[application.pk])
    response = Client().post(url, {"me": "1"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    provider = Client()
    provider.force_login(crown_castle_user)
    for client in (legal_client, auditor_client, provider):
        assert client.post(url, {"reviewer": staff.pk}).status_code == 403
    assert reviewers([application]) == [None]


def test_assigning_an_application_that_does_not_exist_is_not_found(staff_client):
    assert staff_client.post(reverse("permits:application-assign", args=[999999]), {"me": "1"}).status_code == 404


# Assigned to me ----------------------------------------------------------------------------


def test_assigned_to_me_lists_only_the_users_applications(apps, staff, staff_client, dana):
    services.application_assign(application=apps[0], reviewer=staff, actor=staff)
    services.application_assign(application=apps[1], reviewer=dana, actor=staff)
    page = staff_client.get(reverse("permits:assigned-to-me"))
    assert [a.reference for a in page.context["applications"]] == ["SC-2026-0201"]
    assert "Small-cell applications assigned to me" in page.content.decode()
    queue = staff_client.get(reverse("permits:application-list")).content.decode()
    assert 'href="/permits/assigned-to-me/"' in queue


def test_the_staff_home_counts_the_open_applications_assigned_to_you(apps, staff, staff_client):
    services.application_assign_many(applications=apps[:2], reviewer=staff, actor=staff)
    html = staff_client.get(reverse("staff:home")).content.decode()
    assert '<a href="/permits/assigned-to-me/">Assigned to you (2)</a>' in html


def test_the_staff_home_has_no_assigned_count_for_auditors(apps, auditor_client):
    assert "Assigned to you" not in auditor_client.get(reverse("staff:home")).content.decode()


# The queue's checkboxes and "Assign to..." -------------------------------------------------


def test_staff_get_row_checkboxes_and_assign_on_the_queue_but_not_letters(apps, staff_client):
    html = staff_client.get(reverse("permits:application-list")).content.decode()
    assert html.count('form="bulk-applications"') == 3 and "Assign to…" in html and "Draft a letter" not in html
    assert 'data-select-all="bulk-applications"' in html and "js/bulk-select.js" in html


def test_legal_get_checkboxes_to_draft_letters_but_not_assign(apps, legal_client):
    html = legal_client.get(reverse("permits:application-list")).content.decode()
    assert html.count('form="bulk-applications"') == 3 and "Draft a letter…" in html and "Assign to…" not in html


def test_auditors_get_no_checkboxes_or_bulk_controls(apps, auditor_client):
    html = auditor_client.get(reverse("permits:application-list")).content.decode()
    assert 'name="ids"' not in html and "bulk-applications" not in html and "bulk-select.js" not in html


def test_the_assign_confirmation_says_how_many_and_to_whom_and_saves_nothing(apps, staff_client, dana):
    response = staff_client.post(
        ASSIGN, {"ids": [a.pk for a in apps[:2]], "reviewer": dana.pk, "next": "/permits/?q=x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Assign 2 applications to Dana Reyes?</h1>" in html
    assert "SC-2026-0201" in html and "SC-2026-0203" not in html and 'name="step" value="confirm"' in html
    assert reviewers(apps) == [None, None, None]


def test_confirming_assigns_them_all_and_goes_back_to_the_list(apps, staff_client, dana):
    data = {"ids": [a.pk for a in apps], "reviewer": dana.pk, "step": "confirm", "next": "/permits/?clock=open"}
    response = staff_client.post(ASSIGN, data)
    assert response.status_code == 302 and response["Location"] == "/permits/?clock=open"
    assert messages_of(response) == ["Assigned 3 applications to Dana Reyes."]
    assert reviewers(apps) == [dana, dana, dana]


def test_unassigning_many_asks_first_then_clears_them(apps, staff, staff_client, dana):
    services.application_assign_many(applications=apps, reviewer=dana, actor=staff)
    ids = [a.pk for a in apps[:2]]
    assert (
        "<h1>Unassign 2 applications?</h1>"
        in staff_client.post(ASSIGN, {"ids": ids, "reviewer": "none"}).content.decode()
    )
    response = staff_client.post(ASSIGN, {"ids": ids, "reviewer": "none", "step": "confirm"})
    assert messages_of(response) == ["Unassigned 2 applications."]
    assert reviewers(apps) == [None, None, dana]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reviewer": "DANA"}, "Choose at least one application: tick the rows to act on."),
        (
            {"ids": ["999999"], "reviewer": "DANA"},
            "There is no application 999999 (it may have been removed). Nothing was changed.",
        ),
        ({"ids": ["x"], "reviewer": "DANA"}, "“x” is not a application on the list. Nothing was changed."),
        ({"ids": "APPS", "reviewer": ""}, "Choose the reviewer to assign the applications to."),
        ({"ids": "APPS", "reviewer": "LEGAL"}, "That person cannot review applications: choose an active Staff user."),
        (
            {"ids": [str(n) for n in range(1, 502)], "reviewer": "DANA"},
            "501 applications were chosen; act on at most 500 at a time.",
        ),
    ],
)
@pytest.mark.parametrize("step", ["", "confirm"])
def test_a_bad_assignment_is_refused_plainly_and_saves_nothing(apps, staff_client, dana, legal, data, message, step):
    data = dict(data, step=step)
    data["reviewer"] = {"DANA": dana.pk, "LEGAL": legal.pk}.get(data["reviewer"], data["reviewer"])
    if data.get("ids") == "APPS":
        data["ids"] = [a.pk for a in apps]
    response = staff_client.post(ASSIGN, data)
    assert response.status_code == 302 and response["Location"] == reverse("permits:application-list")
    assert message in messages_of(response)
    assert reviewers(apps) == [None, None, None]


def test_a_known_application_among_unknown_ones_is_not_assigned_either(apps, staff_client, dana):
    staff_client.post(ASSIGN, {"ids": [apps[0].pk, 999999], "reviewer": dana.pk, "step": "confirm"})
    assert reviewers(apps) == [None, None, None]


def test_only_staff_may_assign_in_bulk(apps, legal_client, auditor_client, crown_castle_user, dana):
    data = {"ids": [a.pk for a in apps], "reviewer": dana.pk, "step": "confirm"}
    response = Client().post(ASSIGN, data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    provider = Client()
    provider.force_login(crown_castle_user)
    for client in (legal_client, auditor_client, provider):
        assert client.post(ASSIGN, data).status_code == 403
    assert reviewers(apps) == [None, None, None]


def test_the_bulk_assign_checks_csrf(apps, staff, dana):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(ASSIGN, {"ids": [apps[0].pk], "reviewer": dana.pk, "step": "confirm"}).status_code == 403
    assert reviewers(apps) == [None, None, None]


@pytest.mark.parametrize("who", ["staff_client", "legal_client"])
def test_the_queue_with_checkboxes_costs_the_same_queries_at_10_and_2000_applications(
    frozen, crown_castle, django_assert_max_num_queries, who, request
):
    client = request.getfixturevalue(who)
    counts = []
    for count in (10, 1_990):
        PermitApplication.objects.bulk_create(
            PermitApplicationFactory.build(
                applicant=crown_castle, clock_deadline=date(2026, 3, 2) + timedelta(days=i % 90)
            )
            for i in range(count)
        )
        # As the queue without checkboxes (16), plus the reviewers of Staff's "Assign to..." menu.
        with django_assert_max_num_queries(17) as captured:
            html = client.get(reverse("permits:application-list")).content.decode()
        counts.append(len(captured))
    assert html.count('form="bulk-applications"') == 50
    assert counts[0] == counts[1]


# "Draft a letter" for the ticked rows ------------------------------------------------------


def test_the_letter_confirmation_counts_the_rows_and_offers_the_application_kinds(apps, legal_client):
    response = legal_client.post(LETTER, {"ids": [a.pk for a in apps[:2]]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft a letter for 2 applications?" in html and "Start 2 letters" in html
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices if value]
    assert kinds == [
        "smallcell_incomplete",
        "tolling_agreement",
        "approval_conditions",
        "denial_reasons",
        "deemed_granted",
    ]
    assert not LetterBatch.objects.exists()


def test_confirming_starts_one_bulk_job_and_goes_to_its_page(apps, legal, legal_client):
    data = {"ids": [a.pk for a in apps], "kind": "smallcell_incomplete", "confirm": "on", "step": "confirm"}
    response = legal_client.post(LETTER, data)
    batch = LetterBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert (batch.kind, batch.total, batch.created_by) == ("smallcell_incomplete", 3, legal)
    assert batch.sources == [f"permits.permitapplication:{a.pk}" for a in sorted(apps, key=lambda a: a.reference)]
    assert messages_of(response) == ["Started: 3 letters. This page follows the job."]


def test_the_letters_are_not_started_without_the_approval_tick(apps, legal_client):
    response = legal_client.post(
        LETTER, {"ids": [a.pk for a in apps], "kind": "smallcell_incomplete", "step": "confirm"}
    )
    assert response.status_code == 200 and "Tick the box to approve the letters." in response.content.decode()
    assert not LetterBatch.objects.exists()


def test_a_kind_some_rows_cannot_have_is_refused_naming_them(apps, legal_client):
    """A deemed-grant letter needs an eligible facilities request the City did not decide in time."""
    response = legal_client.post(
        LETTER, {"ids": [a.pk for a in apps], "kind": "deemed_granted", "confirm": "on", "step": "confirm"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "No letter was started, because 3 of the chosen rows cannot have it:" in html and "SC-2026-0201:" in html
    assert not LetterBatch.objects.exists()


def test_only_legal_may_start_letters_in_bulk(apps, staff_client, auditor_client, crown_castle_user):
    data = {"ids": [a.pk for a in apps], "kind": "smallcell_incomplete", "confirm": "on"}
    response = Client().post(LETTER, data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    provider = Client()
    provider.force_login(crown_castle_user)
    for client in (staff_client, auditor_client, provider):
        assert client.post(LETTER, data).status_code == 403
        assert client.post(DEADLINE_LETTER, data).status_code == 403
    assert not LetterBatch.objects.exists()


def test_an_unknown_application_refuses_the_letters(apps, legal_client):
    data = {"ids": [apps[0].pk, 999999], "kind": "smallcell_incomplete", "confirm": "on"}
    response = legal_client.post(LETTER, data)
    assert response.status_code == 302
    assert messages_of(response) == ["There is no application 999999 (it may have been removed). Nothing was changed."]
    assert not LetterBatch.objects.exists()


def test_letters_from_the_deadline_list_use_each_deadlines_record(apps, legal_client, comcast):
    clocks = list(Deadline.objects.filter(kind=Deadline.Kind.SHOT_CLOCK).order_by("id"))
    response = legal_client.post(
        DEADLINE_LETTER, {"ids": [d.pk for d in clocks], "next": "/deadlines/?kind=shot_clock"}
    )
    assert response.status_code == 200 and "Draft a letter for 3 deadlines?" in response.content.decode()
    response = legal_client.post(
        DEADLINE_LETTER,
        {"ids": [d.pk for d in clocks], "kind": "tolling_agreement", "confirm": "on", "step": "confirm"},
    )
    batch = LetterBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    assert sorted(batch.sources) == sorted(f"permits.permitapplication:{a.pk}" for a in apps)


def test_a_deadline_with_no_letter_record_refuses_the_batch_and_is_named(apps, legal_client, comcast):
    clock = Deadline.objects.filter(kind=Deadline.Kind.SHOT_CLOCK).first()
    other = DeadlineFactory(provider=comcast, title="Comcast insurance certificate")  # its record is the provider
    response = legal_client.post(
        DEADLINE_LETTER, {"ids": [clock.pk, other.pk], "kind": "tolling_agreement", "confirm": "on"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("deadlines:list")
    assert messages_of(response) == [
        "No letter can be made from this deadline, so none was started: Comcast insurance certificate."
    ]
    assert not LetterBatch.objects.exists()
