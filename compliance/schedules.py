"""The django-q2 schedules Conduit needs, created by `manage.py setup_schedules`
(never in AppConfig.ready(): that would run on every process start)."""

# (name, dotted task path, schedule type, extra fields)
SCHEDULES = []
