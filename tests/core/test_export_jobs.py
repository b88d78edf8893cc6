"""Background exports (core.models.ExportJob): an export too large for a request runs in the worker,
as the requester, with the list's own filters and columns; only the requester sees or downloads it."""

import os
from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import STAFF
from core import services
from core.models import ExportJob
from permits.models import PermitApplication
from tests.factories import UserFactory
from tests.permits.factories import PermitApplicationFactory, make_application

QUEUE = "/permits/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_INLINE_MAX_ROWS = 5


@pytest.fixture
def applications(staff, crown_castle):
    make_application(
        actor=staff,
        applicant=crown_castle,
        reference="SC-SITES",
        sites=[{"address": "1 City Hall Sq"}, {"address": "2 City Hall Sq"}],
    )
    PermitApplication.objects.bulk_create(PermitApplicationFactory.build(applicant=crown_castle) for _ in range(11))
    return PermitApplication.objects.all()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the queued task (django-q2 runs it inline under pytest) when the service's transaction commits."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def start(client, run_on_commit, fmt="csv", query="clock=open"):
    """Follow the list's export link to the background page and ask for the file; returns the job."""
    link = client.get(QUEUE, {"export": fmt, **dict([query.split("=")])})
    assert link.status_code == 302 and link["Location"].startswith(reverse("core:export-new"))
    confirm = client.get(link["Location"])
    assert confirm.status_code == 200 and b"Prepare the" in confirm.content
    data = {"path": QUEUE, "query": query, "format": fmt}
    response = run_on_commit(lambda: client.post(reverse("core:export-new"), data))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    return job


def download(client, job):
    response = client.get(reverse("core:export-download", args=[job.pk]))
    assert response.status_code == 200 and response.streaming
    return response.getvalue()


def test_a_large_csv_export_runs_in_the_background_with_the_same_rows_as_the_page_export(
    applications, staff, staff_client, run_on_commit, settings
):
    job = start(staff_client, run_on_commit)
    assert (job.status, job.rows_done, job.rows_total, job.requester) == (ExportJob.Status.DONE, 12, 12, staff)
    background = download(staff_client, job).decode()
    settings.EXPORT_INLINE_MAX_ROWS = 1000  # the same export within the request, for comparison
    inline = staff_client.get(QUEUE, {"export": "csv", "clock": "open"}).getvalue().decode()
    assert background == inline
    assert len(background.splitlines()) == 1 + 12
    assert any(line.startswith("SC-SITES,") and ",2," in line for line in background.splitlines())


def test_a_large_xlsx_export_runs_in_the_background(applications, staff_client, run_on_commit):
    job = start(staff_client, run_on_commit, fmt="xlsx")
    sheet = load_workbook(BytesIO(download(staff_client, job))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reference" and len(rows) == 1 + 12
    page = staff_client.get(job.get_absolute_url())
    assert b"Download permit-applications-" in page.content


def test_the_progress_box_polls_until_the_job_ends(applications, staff, staff_client):
    job = ExportJob.objects.create(requester=staff, path=QUEUE, format="csv", status=ExportJob.Status.RUNNING)
    box = staff_client.get(reverse("core:export-progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in box and "Being prepared" in box
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error="The worker stopped.")
    box = staff_client.get(reverse("core:export-progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in box and "The export was not finished: The worker stopped." in box


@pytest.fixture
def done_job(applications, staff, staff_client, run_on_commit):
    return start(staff_client, run_on_commit)


@pytest.mark.parametrize("name", ["core:export-detail", "core:export-progress", "core:export-download"])
def test_only_the_requester_sees_or_downloads_an_export(done_job, name, comcast_user, auditor_client):
    url = reverse(name, args=[done_job.pk])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    other_staff = Client()
    other_staff.force_login(UserFactory(username="staff2", role=STAFF))
    assert other_staff.get(url).status_code == 404
    assert auditor_client.get(url).status_code == 404
    provider = Client()
    provider.force_login(comcast_user)
    assert provider.get(url).status_code == 404


@pytest.mark.parametrize("name", ["core:export-detail", "core:export-progress", "core:export-download"])
def test_an_unknown_export_id_is_404(staff_client, name):
    assert staff_client.get(reverse(name, args=[999_999])).status_code == 404


def test_a_provider_cannot_export_a_staff_list_in_the_background(applications, comcast_user, run_on_commit):
    client = Client()
    client.force_login(comcast_user)
    query = {"path": QUEUE, "query": "", "format": "csv"}
    assert client.get(reverse("core:export-new"), query).status_code == 404
    assert run_on_commit(lambda: client.post(reverse("core:export-new"), query)).status_code == 404
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"path": QUEUE, "query": "", "format": "pdf"},
        {"path": "", "query": "", "format": "csv"},
        {"path": "/no/such/list/", "query": "", "format": "csv"},
        {"path": "/", "query": "", "format": "csv"},  # a page, but not a list with exports
        {},
    ],
)
def test_a_bad_export_request_is_refused_plainly_and_saves_nothing(staff_client, data, run_on_commit):
    for response in (
        staff_client.get(reverse("core:export-new"), data),
        run_on_commit(lambda: staff_client.post(reverse("core:export-new"), data)),
    ):
        assert response.status_code in (400, 404)
    assert not ExportJob.objects.exists()


def test_an_export_whose_requester_lost_the_role_fails_in_plain_words(applications, staff, run_on_commit):
    job = run_on_commit(lambda: services.export_job_create(actor=staff, path=QUEUE, query="", format="csv"))
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.QUEUED)
    staff.groups.remove(Group.objects.get(name=STAFF))
    job = services.export_job_run(job_id=job.pk)
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "You can no longer open that list, so it was not exported."


def test_an_export_left_running_by_a_dead_worker_is_queued_again_and_finished(applications, staff, run_on_commit):
    job = ExportJob.objects.create(
        requester=staff, path=QUEUE, format="csv", title="permit-applications", status=ExportJob.Status.RUNNING
    )
    long_ago = timezone.now() - services.export_stall_limit() - timedelta(minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago, attempts=1)
    fresh = ExportJob.objects.create(requester=staff, path=QUEUE, format="csv", status=ExportJob.Status.RUNNING)
    ExportJob.objects.filter(pk=fresh.pk).update(heartbeat_at=timezone.now())
    assert run_on_commit(services.export_jobs_recover) == (1, 0)
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert (job.status, job.rows_done, job.attempts) == (ExportJob.Status.DONE, 12, 2)
    assert fresh.status == ExportJob.Status.RUNNING  # may still be running: left alone


def test_an_export_that_keeps_killing_its_worker_is_failed_with_a_reason(staff, run_on_commit):
    job = ExportJob.objects.create(requester=staff, path=QUEUE, format="csv", status=ExportJob.Status.RUNNING)
    long_ago = timezone.now() - services.export_stall_limit() - timedelta(minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago, attempts=services.EXPORT_MAX_ATTEMPTS)
    assert run_on_commit(services.export_jobs_recover) == (0, 1)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "stopped 3 times" in job.error


def test_old_exports_and_their_files_are_removed_after_the_retention_period(done_job, settings):
    path = done_job.file.path
    recent = ExportJob.objects.create(
        requester=done_job.requester, path=QUEUE, format="csv", status=ExportJob.Status.DONE, finished_at=timezone.now()
    )
    ExportJob.objects.filter(pk=done_job.pk).update(
        finished_at=timezone.now() - timedelta(hours=settings.EXPORT_RETENTION_HOURS + 1)
    )
    assert services.export_jobs_purge() == 1
    assert list(ExportJob.objects.all()) == [recent]
    assert not os.path.exists(path)
