"""Views with no domain: the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse


@login_not_required
def health(request):
    """For load balancers: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "database unavailable"}, status=503)
