"""API plumbing shared by every app: no domain imports."""

from django.db import transaction
from rest_framework.permissions import SAFE_METHODS


class AtomicWritesMixin:
    """Every API write is one transaction, and an error answer saves nothing.

    A view may call several services (a license PATCH updates the license, then
    records its renewal); each service is atomic on its own, so without this a
    400 from the second would leave the first one's change saved. DRF turns
    exceptions into responses inside `dispatch`, so the block is rolled back
    on the status of the answer, not on an exception.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response
