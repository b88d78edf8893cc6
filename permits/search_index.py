"""How small-cell applications, their sites and permits read in the site-wide search (core/search).

An application's entry carries its sites' addresses and pole ids, so a site saved re-writes its
application's entry too (`also`)."""

from core import search
from permits.models import Permit, PermitApplication, Site


def application_document(application):
    sites = list(application.sites.all())
    applicant = application.applicant
    addresses = "; ".join(site.address for site in sites[:3]) + (
        f" and {len(sites) - 3} more" if len(sites) > 3 else ""
    )
    return search.Document(
        kind="Small-cell application",
        title=application.reference,
        summary=" · ".join(part for part in [applicant.name, application.get_status_display(), addresses] if part),
        url=application.get_absolute_url(),
        provider_id=applicant.pk,
        text=" ".join(
            [application.reference, applicant.name, applicant.short_name, application.description]
            + [f"{site.address} {site.structure_id}" for site in sites]
        ),
        dates=(("Submitted", application.submitted_on), ("Shot clock ends", application.clock_deadline)),
    )


def site_document(site):
    application = site.application
    return search.Document(
        kind="Small-cell site",
        title=site.address,
        summary=" · ".join(
            part for part in [application.reference, site.structure_id, application.applicant.name] if part
        ),
        url=site.get_absolute_url(),
        provider_id=application.applicant_id,
        text=" ".join([site.address, site.structure_id, application.reference, application.applicant.name]),
    )


def permit_document(permit):
    application = permit.application
    return search.Document(
        kind="Small-cell permit",
        title=permit.number,
        summary=f"{application.applicant.name} · application {application.reference}",
        url=permit.get_absolute_url(),
        provider_id=application.applicant_id,
        text=" ".join([permit.number, application.reference, application.applicant.name]),
        dates=(("Issued", permit.issued_on), ("Build by", permit.build_by), ("Expires", permit.expires_on)),
    )


def register():
    search.register(
        PermitApplication,
        build=application_document,
        queryset=lambda: PermitApplication.objects.select_related("applicant").prefetch_related("sites"),
    )
    search.register(
        Site,
        build=site_document,
        also=lambda site: [site.application],
        queryset=lambda: Site.objects.select_related("application__applicant"),
    )
    search.register(
        Permit,
        build=permit_document,
        queryset=lambda: Permit.objects.select_related("application__applicant"),
    )
