"""The worker's jobs for the staff pages (django-q2; scheduled by `manage.py setup_schedules`)."""

from staff import dashboard


def refresh_home_charts():
    """Compute the staff home's trend-chart figures and store them, so no page view has to."""
    stored = dashboard.chart_figures_refresh()
    return f"charts for {stored.data['day']} computed at {stored.computed_at:%H:%M:%S}"
