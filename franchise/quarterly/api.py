"""The quarterly-report API, registered on /api/v1/ by config/api.py.

Read-only. City roles read (accounts.permissions.StaffRolePermission, the
default); provider users are refused, as on every staff endpoint: they see
their own reports in the portal.
"""

from rest_framework import mixins, viewsets

from franchise.quarterly import selectors
from franchise.quarterly.filters import QuarterlyReportApiFilter
from franchise.quarterly.serializers import QuarterlyReportSerializer


class QuarterlyReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Quarterly reports uploaded by operators, with the reconciliation computed on acceptance:
    gross revenue, fee rate, fee due, fee remitted, variance and status (paid, underpaid, overpaid)."""

    serializer_class = QuarterlyReportSerializer
    queryset = selectors.staff_report_queue().order_by("-uploaded_at", "-id")
    filterset_class = QuarterlyReportApiFilter


def register(router):
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("quarterly-reports", QuarterlyReportViewSet, basename="quarterly-report")
