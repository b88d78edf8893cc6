"""Reads for the public register: only applications submitted on or after settings.PUBLIC_REGISTER_START,
and of each only the columns the register publishes (`only()`), so a page cannot show what it never
loaded. Each page costs a fixed number of queries whatever the number of applications."""

from django.conf import settings
from django.db.models import Prefetch

from permits.models import ApplicationDocument, ClockEvent, PermitApplication, Site

APPLICATION_FIELDS = (
    "id",
    "reference",
    "applicant",
    "applicant__name",
    "category",
    "status",
    "submitted_on",
    "clock_deadline",
    "clock_state",
    "decision_date",
    "is_illustrative",
)
SITE_FIELDS = ("id", "application_id", "address", "category", "structure_type", "new_structure")
EVENT_FIELDS = ("id", "application_id", "kind", "date", "outcome")
DOCUMENT_FIELDS = ("id", "application_id", "description", "original_name", "content_type", "size")


def register_start():
    return settings.PUBLIC_REGISTER_START


def register_applications():
    """Every application in the register, newest submission first, with its applicant and its sites."""
    return (
        PermitApplication.objects.filter(submitted_on__gte=register_start())
        .select_related("applicant")
        .only(*APPLICATION_FIELDS)
        .prefetch_related(Prefetch("sites", queryset=Site.objects.only(*SITE_FIELDS).order_by("id")))
        .order_by("-submitted_on", "-id")
    )


def public_documents():
    """The documents staff marked public, of applications in the register."""
    return ApplicationDocument.objects.filter(is_public=True, application__submitted_on__gte=register_start())


def register_application(pk):
    """One application of the register with its clock events and public documents; DoesNotExist otherwise."""
    return (
        register_applications()
        .prefetch_related(
            Prefetch("events", queryset=ClockEvent.objects.only(*EVENT_FIELDS).order_by("date", "id")),
            Prefetch(
                "documents",
                queryset=ApplicationDocument.objects.filter(is_public=True).only(*DOCUMENT_FIELDS).order_by("id"),
                to_attr="public_documents",
            ),
        )
        .get(pk=pk)
    )


def public_document(pk):
    """A public document of an application in the register; DoesNotExist otherwise."""
    return (
        public_documents()
        .only("id", "file", "content_type", "application", "application__reference")
        .select_related("application")
        .get(pk=pk)
    )
