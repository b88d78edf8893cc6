"""django-q2 tasks: rendering, email and the bulk job run in the worker, never in a web request.

Each is queued by a service in transaction.on_commit (tests run them inline:
Q_CLUSTER["sync"] is on under pytest). Each is safe to run twice: the
services claim their rows first.
"""

import logging

from letters import recovery, rendering, services

logger = logging.getLogger(__name__)


def render_letter(letter_id):
    try:
        return services.letter_render(letter_id=letter_id).pk
    except rendering.LetterRenderError as error:
        logger.error("Letter %s: the PDF could not be rendered: %s", letter_id, error)
        services.letter_render_failed(letter_id=letter_id, error=error)
        raise


def deliver_letter(delivery_id):
    return services.letter_deliver(delivery_id=delivery_id).status


def run_batch(batch_id):
    try:
        return services.batch_run(batch_id=batch_id).status
    except Exception as error:  # the job itself broke: say so on its page rather than spin forever
        logger.exception("Letter batch %s failed", batch_id)
        services.batch_failed(batch_id=batch_id, error=f"{type(error).__name__}: {error}")
        raise


def recover_jobs():
    """The watchdog (scheduled every 5 minutes): queue again the work a killed worker left behind."""
    return str(recovery.recover_stalled())
