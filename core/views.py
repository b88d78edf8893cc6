"""Views with no domain: the health check, the refusal page for an expired form."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


@login_not_required
def health(request):
    """For load balancers: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "database unavailable"}, status=503)


def csrf_failure(request, reason=""):
    """A form posted without a valid CSRF token (settings.CSRF_FAILURE_VIEW): a page in plain words, 403."""
    return render(request, "403_csrf.html", status=403)
