"""How cable licenses, obligations and filings read in the site-wide search (core/search)."""

from django.urls import reverse

from core import search
from franchise.models import Filing, License, Obligation


def license_document(license):
    provider = license.provider
    return search.Document(
        kind="Cable license",
        title=license.title,
        summary=f"{provider.name} · {license.get_status_display()}",
        url=license.get_absolute_url(),
        portal_url=reverse("portal:license-detail", args=[license.pk]),
        provider_id=provider.pk,
        text=" ".join([license.title, provider.name, provider.short_name, license.source_document]),
        dates=(("Effective", license.effective_date), ("Expires", license.expiration_date)),
    )


def obligation_document(obligation):
    license = obligation.license
    return search.Document(
        kind="License obligation",
        title=obligation.title,
        summary=f"{license.provider.name} · {license.title}",
        url=obligation.get_absolute_url(),
        provider_id=license.provider_id,
        text=" ".join(
            [obligation.title, obligation.clause, obligation.get_kind_display(), license.title, license.provider.name]
        ),
    )


def filing_document(filing):
    license = filing.license
    return search.Document(
        kind="Filing",
        title=f"{filing.obligation.title}, {filing.period_label}",
        summary=f"{license.provider.name} · {filing.get_status_display()}",
        url=filing.get_absolute_url(),
        portal_url=reverse("portal:filing-detail", args=[filing.pk]),
        provider_id=license.provider_id,
        text=" ".join(
            [
                filing.obligation.title,
                filing.period_label,
                filing.document_reference,
                license.title,
                license.provider.name,
            ]
        ),
        dates=(("Due", filing.due_date), ("Received", filing.received_date)),
    )


def license_dependents(license):
    """The entries that show the license's title: its obligations' and its filings'."""
    yield from Obligation.objects.select_related("license__provider").filter(license=license).iterator()
    yield from Filing.objects.select_related("license__provider", "obligation").filter(license=license).iterator()


def register():
    search.register(
        License,
        build=license_document,
        queryset=lambda: License.objects.select_related("provider"),
        dependents=license_dependents,
    )
    search.register(
        Obligation,
        build=obligation_document,
        queryset=lambda: Obligation.objects.select_related("license__provider"),
    )
    search.register(
        Filing,
        build=filing_document,
        queryset=lambda: Filing.objects.select_related("license__provider", "obligation"),
    )
