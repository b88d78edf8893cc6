"""Reads for the carrier's small-cell filing pages, every one scoped to the signed-in provider.

Each function takes the provider first; a draft or application of another
provider is not in its queryset, so a lookup raises DoesNotExist and the view
answers 404. Each page costs a fixed number of queries whatever the data size.
"""

from django.db.models import Count, Min, Prefetch

from permits.models import (
    ApplicationDocument,
    ApplicationDraft,
    ChecklistItem,
    ChecklistReview,
    ClockEvent,
    DraftSite,
    PermitApplication,
)

LIST_DRAFTS = 50


def drafts_for(provider):
    """The provider's drafts not yet submitted, newest change first, with their site counts."""
    return (
        ApplicationDraft.objects.filter(provider=provider, application__isnull=True)
        .select_related("created_by")
        .annotate(site_count=Count("sites", distinct=True))
        .order_by("-updated_at", "-id")
    )


def applications_for(provider):
    """The provider's submitted applications, newest first, with their site counts."""
    return (
        PermitApplication.objects.filter(applicant=provider)
        .annotate(site_count=Count("sites", distinct=True))
        .order_by("-submitted_on", "-id")
    )


def draft_detail(provider, pk):
    """One open draft with its sites and documents (DoesNotExist for another provider's, or a submitted one)."""
    documents = Prefetch(
        "documents", queryset=ApplicationDocument.objects.select_related("checklist_item").order_by("uploaded_at", "id")
    )
    return (
        ApplicationDraft.objects.filter(provider=provider, application__isnull=True)
        .prefetch_related("sites", documents)
        .get(pk=pk)
    )


def draft_any(provider, pk):
    """One draft of the provider, submitted or not (the submit view sends a submitted one to its receipt)."""
    return ApplicationDraft.objects.filter(provider=provider).get(pk=pk)


def draft_site(provider, pk):
    sites = DraftSite.objects.filter(draft__provider=provider, draft__application__isnull=True)
    return sites.select_related("draft").get(pk=pk)


def draft_document(provider, pk):
    return ApplicationDocument.objects.filter(
        provider=provider, draft__provider=provider, draft__application__isnull=True
    ).get(pk=pk)


def checklist_items():
    """Every item of the City's checklist, in its order; permits.checklist.items_for picks those that apply."""
    return list(ChecklistItem.objects.order_by("position", "id"))


def application_detail(provider, pk):
    """One application of the provider with what its pages show, in a fixed number of queries."""
    events = Prefetch(
        "events",
        queryset=ClockEvent.objects.select_related("letter").prefetch_related("missing_items").order_by("date", "id"),
    )
    documents = Prefetch(
        "documents", queryset=ApplicationDocument.objects.select_related("checklist_item").order_by("uploaded_at", "id")
    )
    reviews = Prefetch("checklist_reviews", queryset=ChecklistReview.objects.select_related("item"))
    return (
        PermitApplication.objects.filter(applicant=provider)
        .select_related("applicant", "submitted_by")
        .prefetch_related("sites", events, documents, reviews)
        .get(pk=pk)
    )


def home_summary(provider, today):
    """The small-cell card of the portal home: drafts, open applications, the next clock deadline."""
    open_applications = PermitApplication.objects.filter(applicant=provider, in_queue=True)
    return {
        "draft_count": ApplicationDraft.objects.filter(provider=provider, application__isnull=True).count(),
        "open_count": open_applications.count(),
        "next_deadline": open_applications.filter(clock_deadline__gte=today).aggregate(next=Min("clock_deadline"))[
            "next"
        ],
    }
