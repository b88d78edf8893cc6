"""The portal demo: carrier logins with applications they filed themselves, in every state a
permitting coordinator would look for, loaded through the portal's own services, idempotently."""

from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.audit import system_user
from permits import services
from permits.models import ApplicationDraft, ChecklistItem, ClockEvent, PermitApplication
from portal import demo


def test_the_demo_carriers_have_filed_incomplete_approved_and_built_applications(db, monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(accounts_demo, "LOGINS_FILE", tmp_path / "demo-logins.json")
    actor = system_user()
    accounts_demo.load(actor)
    demo.load(actor)
    counts = (PermitApplication.objects.count(), ApplicationDraft.objects.count(), ChecklistItem.objects.count())
    demo.load(actor)
    assert (PermitApplication.objects.count(), ApplicationDraft.objects.count(), ChecklistItem.objects.count()) == (
        counts
    )
    assert counts[2] == 4

    today = timezone.localdate()
    filed = PermitApplication.objects.filter(source=PermitApplication.Source.PORTAL)
    by_carrier = {}
    for application in filed:
        by_carrier.setdefault(application.applicant.short_name, []).append(application)
        # Filed by the carrier's own login, with documents, in the portal.
        assert application.submitted_by.provider_id == application.applicant_id
        assert application.documents.exists()
        assert application.is_illustrative
    assert set(by_carrier) == {"crown-castle", "att"}

    received = filed.get(status=PermitApplication.Status.RECEIVED)
    assert received.submitted_on == today and received.sites.count() == 2
    assert received.clock_deadline == services.application_clock(received).deadline

    incomplete = filed.get(status=PermitApplication.Status.INCOMPLETE)
    notice = incomplete.events.get(kind=ClockEvent.Kind.INCOMPLETE_NOTICE)
    assert [item.item for item in notice.missing_items.all()] == ["RF emissions compliance report"]
    assert incomplete.checklist_reviews.filter(complete=False).count() == 1
    assert incomplete.messages.filter(from_city=False).exists() and incomplete.messages.filter(from_city=True).exists()

    approved = filed.filter(status=PermitApplication.Status.APPROVED)
    built = [a.permits.get().built_on is not None for a in approved]
    assert sorted(built) == [False, True]
    # A draft the carrier has not submitted: its clock has not started.
    assert ApplicationDraft.objects.filter(application=None, provider__short_name="crown-castle").count() == 1
