"""Settings for the sweep subprocess of the fault test: the project's own, with
the blocking mail server (the database comes from DATABASE_URL as usual)."""

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.deadlines.blocking_backend.BlockingBackend"
