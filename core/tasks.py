"""django-q2 tasks of core: background exports, their watchdog and their clean-up.

Each is queued by a service in transaction.on_commit (tests run them inline:
Q_CLUSTER["sync"] is on under pytest) or by a schedule (staff/schedules.py).
"""

import logging

from core import services

logger = logging.getLogger(__name__)


def run_export(job_id):
    try:
        job = services.export_job_run(job_id=job_id)
        return job.status if job else None
    except Exception as error:  # the export itself broke: say so on its page rather than spin forever
        logger.exception("Export %s failed", job_id)
        services.export_job_fail(
            job_id=job_id, error="The export could not be finished because of an error; the team has been told."
        )
        raise error


def recover_exports():
    """The watchdog (scheduled every 5 minutes): queue again the exports a killed worker left running."""
    requeued, failed = services.export_jobs_recover()
    return f"{requeued} exports queued again, {failed} failed"


def purge_exports():
    """Daily: remove finished exports older than settings.EXPORT_RETENTION_HOURS, files included."""
    return f"{services.export_jobs_purge()} old exports removed"
