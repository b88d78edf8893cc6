"""The carrier's small-cell filing pages (portal/views_applications.py): who may see them, the filing journey
from a draft to the receipt, and what a refused input leaves behind. Time is frozen at Fri Jul 10, 2026,
10:00 in Boston (tests/portal/conftest.py)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Provider
from permits import services
from permits.models import ApplicationDraft, DraftSite, PermitApplication
from permits.services_filing import draft_create, draft_site_add, draft_submit
from tests.factories import ProviderContactFactory, ProviderFactory, provider_user

pytestmark = pytest.mark.django_db

# 35 ft on a streetlight, a 2 cu ft antenna, 20 cu ft of equipment: within 47 CFR 1.6002(l)(1)-(3).
SWF_SITE = {
    "address": "1 City Hall Sq, Boston, MA",
    "category": "",
    "structure_type": "streetlight",
    "height_ft": "35",
    "largest_antenna_cuft": "2",
    "equipment_cuft": "20",
}
# An 8 cu ft antenna exceeds (l)(2): an other collocation (90 days) in the same batch.
MACRO_SITE = {
    "address": "2 Court St, Boston, MA",
    "category": "collocation",
    "structure_type": "building",
    "height_ft": "45",
    "largest_antenna_cuft": "8",
    "equipment_cuft": "20",
}


@pytest.fixture
def carrier_user(crown_castle):
    return provider_user(crown_castle, "crown-clerk")


@pytest.fixture
def carrier_client(login_as, carrier_user):
    return login_as(carrier_user)


@pytest.fixture
def rival(db):
    return ProviderFactory(name="Rival Wireless", short_name="rival-wireless", kind=Provider.Kind.WIRELESS)


@pytest.fixture
def rival_client(login_as, rival):
    return login_as(provider_user(rival, "rival-clerk"))


@pytest.fixture
def draft(crown_castle, carrier_user):
    draft = draft_create(actor=carrier_user, provider=crown_castle, category="swf_collocation")
    draft_site_add(actor=carrier_user, draft=draft, address="9 School St, Boston, MA")
    return draft


@pytest.fixture
def application(crown_castle, carrier_user, django_capture_on_commit_callbacks):
    other = draft_create(actor=carrier_user, provider=crown_castle, category="swf_collocation")
    draft_site_add(actor=carrier_user, draft=other, address="5 Beacon St, Boston, MA")
    with django_capture_on_commit_callbacks(execute=True):
        return draft_submit(actor=carrier_user, draft=other)


@pytest.fixture
def urls(draft, application):
    """Every page of the filing, with the carrier's own ids: (name, path, methods that are served)."""
    site = draft.sites.get()
    return [
        ("applications", reverse("portal:applications"), ("get",)),
        ("application-new", reverse("portal:application-new"), ("get", "post")),
        ("size-check", reverse("portal:size-check"), ("get", "post")),
        ("draft-detail", reverse("portal:draft-detail", args=[draft.pk]), ("get", "post")),
        ("draft-site-add", reverse("portal:draft-site-add", args=[draft.pk]), ("get", "post")),
        ("draft-site-edit", reverse("portal:draft-site-edit", args=[site.pk]), ("get", "post")),
        ("draft-site-remove", reverse("portal:draft-site-remove", args=[site.pk]), ("post",)),
        ("draft-document-add", reverse("portal:draft-document-add", args=[draft.pk]), ("post",)),
        ("draft-document-remove", reverse("portal:draft-document-remove", args=[draft.pk, 1]), ("post",)),
        ("draft-submit", reverse("portal:draft-submit", args=[draft.pk]), ("post",)),
        ("draft-discard", reverse("portal:draft-discard", args=[draft.pk]), ("post",)),
        ("application-detail", reverse("portal:application-detail", args=[application.pk]), ("get",)),
        ("application-receipt", reverse("portal:application-receipt", args=[application.pk]), ("get",)),
        ("application-receipt-pdf", reverse("portal:application-receipt-pdf", args=[application.pk]), ("get",)),
        ("application-document-add", reverse("portal:application-document-add", args=[application.pk]), ("post",)),
    ]


# Who may see the pages --------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(client, urls):
    for name, url, methods in urls:
        for method in methods:
            response = getattr(client, method)(url)
            assert response.status_code == 302 and "/login/" in response["Location"], (name, method)


def test_a_cable_operators_user_gets_404_on_every_page(comcast_client, urls):
    for name, url, methods in urls:
        for method in methods:
            assert getattr(comcast_client, method)(url).status_code == 404, (name, method)


def test_city_staff_get_404_because_the_portal_is_for_providers(staff_client, urls):
    for name, url, methods in urls:
        for method in methods:
            assert getattr(staff_client, method)(url).status_code == 404, (name, method)


def test_another_carriers_drafts_and_applications_answer_404_by_id(rival_client, urls, draft, application):
    own = {"applications", "application-new", "size-check"}  # no id: the rival sees its own
    for name, url, methods in urls:
        if name in own:
            continue
        for method in methods:
            assert getattr(rival_client, method)(url).status_code == 404, (name, method)
    assert ApplicationDraft.objects.filter(pk=draft.pk).exists()
    assert draft.sites.count() == 1 and not PermitApplication.objects.filter(applicant__short_name="rival-wireless")


def test_wrong_methods_are_refused(carrier_client, urls):
    for name, url, methods in urls:
        for method in ("get", "post", "put", "delete"):
            if method in methods:
                continue
            status = getattr(carrier_client, method)(url).status_code
            assert status == 405, (name, method, status)


def test_a_submitted_drafts_pages_answer_404(carrier_client, application):
    draft = application.draft
    assert carrier_client.get(reverse("portal:draft-detail", args=[draft.pk])).status_code == 404
    assert carrier_client.post(reverse("portal:draft-submit", args=[draft.pk])).status_code == 404


# The filing journey --------------------------------------------------------------------------


def test_the_carrier_files_a_batch_from_a_new_draft_to_its_receipt(
    carrier_client, carrier_user, crown_castle, django_capture_on_commit_callbacks, staff
):
    from permits.services_review import checklist_item_add

    checklist_item_add(
        actor=staff,
        title="Construction drawings",
        standard="Design guidelines sec. 3",
        published_on=dt.date(2025, 1, 6),
    )
    ProviderContactFactory(provider=crown_castle, email="notices@crown.example", receives_notices=True)

    response = carrier_client.post(
        reverse("portal:application-new"), {"category": "swf_collocation", "description": "Two poles downtown"}
    )
    draft = ApplicationDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("portal:draft-detail", args=[draft.pk])
    assert draft.provider == crown_castle and draft.created_by == carrier_user

    for site in (SWF_SITE, MACRO_SITE):
        response = carrier_client.post(reverse("portal:draft-site-add", args=[draft.pk]), site)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert list(draft.sites.values_list("address", flat=True)) == [SWF_SITE["address"], MACRO_SITE["address"]]

    page = carrier_client.get(reverse("portal:draft-detail", args=[draft.pk])).content.decode()
    assert "Construction drawings" in page and "Design guidelines sec. 3" in page
    assert "Qualifies" in page and "Does not qualify" in page  # the size check shown after save, without script

    # Required items without a document: the first press asks for a confirmation and files nothing.
    response = carrier_client.post(reverse("portal:draft-submit", args=[draft.pk]))
    assert response.status_code == 400
    assert "Submit anyway" in response.content.decode() and "Construction drawings" in response.content.decode()
    assert not PermitApplication.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = carrier_client.post(reverse("portal:draft-submit", args=[draft.pk]), {"confirm_missing": "1"})
    application = PermitApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:application-receipt", args=[application.pk])
    assert application.source == PermitApplication.Source.PORTAL and application.submitted_by == carrier_user
    assert application.sites.count() == 2 and application.description == "Two poles downtown"

    clock = services.application_clock(application, as_of=application.submitted_on)
    # Submitted Fri Jul 10, 2026. The batch mixes an SWF collocation (60 days) with an other collocation (90):
    # each site keeps its own clock and the earliest governs. Jul 10 + 60: 21 days to Jul 31, 31 in Aug (52),
    # 8 more -> Tue Sep 8, 2026.
    assert clock.deadline == dt.date(2026, 9, 8)
    receipt = carrier_client.get(response["Location"]).content.decode()
    assert application.reference in receipt
    assert "Tue, Sep 8, 2026" in receipt
    # 14:00 UTC is 10:00 in New York (EDT, UTC-4).
    assert "Fri, Jul 10, 2026, 10:00:00 AM Eastern time (EDT)" in receipt
    assert "Construction drawings" in receipt  # missing at submission
    assert SWF_SITE["address"] in receipt and MACRO_SITE["address"] in receipt

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [carrier_user.email] and message.cc == ["notices@crown.example"]
    assert application.reference in message.subject
    assert "Tuesday, September 8, 2026" in message.body and "10:00:00 AM Eastern time (EDT)" in message.body
    assert "Construction drawings" in message.body


def test_the_live_size_check_answers_with_the_check_and_the_suggested_category(carrier_client, draft):
    response = carrier_client.post(
        reverse("portal:size-check"),
        {**SWF_SITE, "application_category": "collocation"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    assert "Qualifies" in text and "height 35 ft is 50 ft or less" in text
    assert "Small wireless facility, collocation on an existing structure (60 days)" in text  # the suggestion
    assert "could claim the shorter 60-day SWF clock" in text  # filed as a non-SWF
    text = carrier_client.get(reverse("portal:size-check"), {"height_ft": "tall", "application_category": "x"})
    assert "Cannot tell" in text.content.decode()


def test_the_site_form_asks_for_the_live_check_without_inline_script(carrier_client, draft):
    text = carrier_client.get(reverse("portal:draft-site-add", args=[draft.pk])).content.decode()
    assert f'hx-post="{reverse("portal:size-check")}"' in text and 'aria-live="polite"' in text
    assert "vendor/htmx/htmx.min.js" in text


def test_a_site_without_an_address_or_with_a_height_that_is_not_a_number_saves_nothing(carrier_client, draft):
    url = reverse("portal:draft-site-add", args=[draft.pk])
    response = carrier_client.post(url, {**SWF_SITE, "address": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert "height 35 ft is 50 ft or less" in response.content.decode()  # the check of what was typed
    response = carrier_client.post(url, {**SWF_SITE, "height_ft": "tall"})
    assert response.status_code == 200 and "Enter a number." in response.content.decode()
    assert DraftSite.objects.filter(draft=draft).count() == 1


def test_a_site_the_batch_rules_refuse_shows_the_reason_and_saves_nothing(carrier_client, draft):
    response = carrier_client.post(reverse("portal:draft-site-add", args=[draft.pk]), {**SWF_SITE, "category": "x"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert DraftSite.objects.filter(draft=draft).count() == 1


def test_a_draft_without_sites_cannot_be_submitted(carrier_client, crown_castle, carrier_user):
    empty = draft_create(actor=carrier_user, provider=crown_castle, category="swf_collocation")
    response = carrier_client.post(reverse("portal:draft-submit", args=[empty.pk]))
    assert response.status_code == 400 and "Add at least one site" in response.content.decode()
    assert not PermitApplication.objects.exists()


def test_the_carrier_edits_and_removes_a_site_and_discards_the_draft(carrier_client, draft):
    site = draft.sites.get()
    response = carrier_client.post(reverse("portal:draft-site-edit", args=[site.pk]), {**SWF_SITE, "height_ft": "40"})
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.height_ft == Decimal("40") and site.address == SWF_SITE["address"]
    assert carrier_client.post(reverse("portal:draft-site-remove", args=[site.pk])).status_code == 302
    assert not draft.sites.exists()
    response = carrier_client.post(reverse("portal:draft-discard", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("portal:applications")
    assert not ApplicationDraft.objects.filter(pk=draft.pk).exists()


def test_the_draft_particulars_are_saved_and_a_bad_category_saves_nothing(carrier_client, draft):
    url = reverse("portal:draft-detail", args=[draft.pk])
    response = carrier_client.post(url, {"category": "nonsense", "description": "x"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    draft.refresh_from_db()
    assert draft.description == ""
    assert carrier_client.post(url, {"category": "swf_collocation", "description": "Ten poles"}).status_code == 302
    draft.refresh_from_db()
    assert draft.description == "Ten poles"


# After submission -----------------------------------------------------------------------------


def test_the_receipt_pdf_is_a_pdf(carrier_client, application):
    response = carrier_client.get(reverse("portal:application-receipt-pdf", args=[application.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_application_page_shows_the_clock_staff_see(carrier_client, staff_client, application):
    page = carrier_client.get(reverse("portal:application-detail", args=[application.pk])).content.decode()
    staff_page = staff_client.get(reverse("permits:application-detail", args=[application.pk])).content.decode()

    def explanation(text):
        return text.split('id="clock-explanation">', 1)[1].split("</ol>", 1)[0]

    assert explanation(page) == explanation(staff_page)
    assert "permits/applications" not in page  # no staff link
    assert application.reference in page and "5 Beacon St, Boston, MA" in page
    clock = services.application_clock(application)
    assert dt.date(2026, 9, 8) == clock.deadline  # Jul 10 + 60 (see the journey test)
    assert "Tue, Sep 8, 2026" in page


def test_the_list_shows_drafts_and_applications_in_a_fixed_number_of_queries(
    carrier_client, crown_castle, carrier_user, staff, draft, application
):
    url = reverse("portal:applications")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = carrier_client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    one, text = count()
    assert application.reference in text and f"Draft {draft.pk}" in text and "Tue, Sep 8, 2026" in text
    for n in range(4):
        services.application_create(
            actor=staff,
            reference=f"SC-STAFF-{n}",
            applicant=crown_castle,
            category="swf_collocation",
            submitted_on=dt.date(2026, 7, 1),
            sites=[{"address": f"{n} Tremont St"}, {"address": f"{n} Park St"}],
        )
        other = draft_create(actor=carrier_user, provider=crown_castle, category="collocation")
        draft_site_add(actor=carrier_user, draft=other, address=f"{n} Milk St", category="collocation")
    five, text = count()
    assert "SC-STAFF-3" in text and PermitApplication.objects.filter(applicant=crown_castle).count() == 5
    assert five == one


def test_the_home_page_of_a_wireless_carrier_shows_its_small_cell_applications(carrier_client, draft, application):
    text = carrier_client.get(reverse("portal:home")).content.decode()
    assert "Small-cell applications" in text and "File a new application" in text
    assert reverse("portal:applications") in text
    assert "Upload a quarterly report" not in text and ">Quarterly reports<" not in text  # wireless only
    assert "Tue, Sep 8, 2026" in text  # the next clock deadline


def test_a_cable_operators_home_page_keeps_its_cable_content_and_no_applications(comcast_client):
    text = comcast_client.get(reverse("portal:home")).content.decode()
    assert "Upload a quarterly report" in text and ">Quarterly reports<" in text
    assert "File a new application" not in text and reverse("portal:applications") not in text


# Documents (permits.services_documents comes with the document pages) ---------------------


@pytest.fixture
def item(staff):
    from permits.services_review import checklist_item_add

    return checklist_item_add(
        actor=staff, title="Site photographs", standard="Design guidelines sec. 4", published_on=dt.date(2025, 1, 6)
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_document_is_attached_to_a_checklist_item_and_removed(carrier_client, draft, item):
    url = reverse("portal:draft-document-add", args=[draft.pk])
    upload = SimpleUploadedFile("photos.pdf", PDF, content_type="application/pdf")
    response = carrier_client.post(url, {"checklist_item": item.pk, "file": upload, "description": "Photos"})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = draft.documents.get()
    assert document.checklist_item == item
    assert "photos.pdf" in carrier_client.get(reverse("portal:draft-detail", args=[draft.pk])).content.decode()
    remove = reverse("portal:draft-document-remove", args=[draft.pk, document.pk])
    assert carrier_client.post(remove).status_code == 302
    assert not draft.documents.exists()


def test_a_refused_file_is_explained_on_the_draft_page_and_nothing_is_saved(carrier_client, draft, item):
    url = reverse("portal:draft-document-add", args=[draft.pk])
    upload = SimpleUploadedFile("notes.exe", b"MZ\x90\x00 not a document", content_type="application/pdf")
    response = carrier_client.post(url, {"checklist_item": item.pk, "file": upload})
    assert response.status_code == 400
    assert 'class="usa-error-message"' in response.content.decode()
    assert not draft.documents.exists()


def test_a_document_for_an_item_that_does_not_apply_is_refused(carrier_client, draft):
    url = reverse("portal:draft-document-add", args=[draft.pk])
    upload = SimpleUploadedFile("photos.pdf", PDF, content_type="application/pdf")
    response = carrier_client.post(url, {"checklist_item": "999999", "file": upload}, follow=True)
    assert "Choose a checklist item of this draft" in response.content.decode()
    assert not draft.documents.exists()


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_draft_and_application_pages_cost_the_same_queries_whatever_their_size(
    carrier_client, carrier_user, crown_castle, staff, draft, application, django_capture_on_commit_callbacks
):
    from permits.services_review import checklist_item_add

    checklist_item_add(actor=staff, title="Drawings", standard="Sec. 3", published_on=dt.date(2025, 1, 6))
    draft_url = reverse("portal:draft-detail", args=[draft.pk])
    application_url = reverse("portal:application-detail", args=[application.pk])
    small = (_query_count(carrier_client, draft_url), _query_count(carrier_client, application_url))

    checklist_item_add(actor=staff, title="Photographs", standard="Sec. 4", published_on=dt.date(2025, 1, 6))
    bigger = draft_create(actor=carrier_user, provider=crown_castle, category="swf_collocation")
    for n in range(4):
        draft_site_add(actor=carrier_user, draft=draft, address=f"{n} Tremont St")
        draft_site_add(actor=carrier_user, draft=bigger, address=f"{n} Park St")
    with django_capture_on_commit_callbacks(execute=True):
        large_application = draft_submit(actor=carrier_user, draft=bigger, confirm_missing=True)
    large_url = reverse("portal:application-detail", args=[large_application.pk])
    assert (_query_count(carrier_client, draft_url), _query_count(carrier_client, large_url)) == small


# A document added to a submitted application (answering a notice) ------------------------------------


def test_the_carrier_adds_the_missing_document_to_its_open_application(carrier_client, application, item):
    page = carrier_client.get(reverse("portal:application-detail", args=[application.pk])).content.decode()
    assert "Add a document" in page and "Site photographs" in page
    url = reverse("portal:application-document-add", args=[application.pk])
    upload = SimpleUploadedFile("photos.pdf", PDF, content_type="application/pdf")
    response = carrier_client.post(url, {"checklist_item": item.pk, "file": upload, "description": "Photos"})
    assert response.status_code == 302 and response["Location"].endswith("#add-document")
    document = application.documents.get()
    assert (document.checklist_item, document.draft, document.original_name) == (item, None, "photos.pdf")


def test_a_hostile_file_for_an_application_is_explained_and_nothing_is_saved(carrier_client, application, item):
    url = reverse("portal:application-document-add", args=[application.pk])
    # A PDF whose catalogue runs JavaScript when it opens.
    hostile = PDF.replace(b"<<>>", b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", 1)
    response = carrier_client.post(url, {"checklist_item": item.pk, "file": SimpleUploadedFile("p.pdf", hostile)})
    assert response.status_code == 400
    assert "JavaScript" in response.content.decode()
    assert not application.documents.exists()


def test_an_item_not_on_the_applications_checklist_or_a_closed_application_takes_no_document(
    carrier_client, carrier_user, application, item, staff
):
    url = reverse("portal:application-document-add", args=[application.pk])
    upload = SimpleUploadedFile("photos.pdf", PDF, content_type="application/pdf")
    response = carrier_client.post(url, {"checklist_item": "999999", "file": upload})
    assert response.status_code == 400 and not application.documents.exists()
    services.clock_event_record(
        application=application, actor=staff, kind="decision", date=dt.date(2026, 7, 10), outcome="approved"
    )
    upload = SimpleUploadedFile("photos.pdf", PDF, content_type="application/pdf")
    response = carrier_client.post(url, {"checklist_item": item.pk, "file": upload}, follow=True)
    assert "The application is closed" in response.content.decode()
    assert not application.documents.exists()
    page = carrier_client.get(reverse("portal:application-detail", args=[application.pk])).content.decode()
    assert "Add a document" not in page
