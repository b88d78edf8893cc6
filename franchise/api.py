"""API viewsets of this app, registered on /api/v1/ by config/api.py.

City roles read (Staff, Legal, Auditor); Staff write; provider users are
refused (accounts.permissions.StaffRolePermission, the default). No deletes:
history matters. Every write calls franchise.services.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.viewsets import AtomicWritesMixin
from franchise import selectors, services
from franchise.filters import FilingFilter, LicenseFilter, ObligationFilter, PaymentFilter
from franchise.models import License
from franchise.serializers import (
    FilingRecordSerializer,
    FilingReviewSerializer,
    FilingSerializer,
    FilingWaiveSerializer,
    LicenseSerializer,
    ObligationSerializer,
    PaymentSerializer,
)


class NoDeleteViewSet(
    AtomicWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    pass


class LicenseViewSet(NoDeleteViewSet):
    """Cable licenses, each with its 47 U.S.C. 546(a) renewal window and renewal calendar."""

    serializer_class = LicenseSerializer
    queryset = License.objects.select_related("provider").order_by("provider__name", "-effective_date")
    filterset_class = LicenseFilter

    def perform_create(self, serializer):
        serializer.instance = services.license_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        renewal = {name: data.pop(name) for name in list(data) if name in services.RENEWAL_FIELDS}
        license = services.license_update(license=serializer.instance, actor=self.request.user, **data)
        if renewal:
            license = services.license_record_renewal(license=license, actor=self.request.user, **renewal)
        serializer.instance = license


class ObligationViewSet(NoDeleteViewSet):
    serializer_class = ObligationSerializer
    queryset = selectors.obligation_list()
    filterset_class = ObligationFilter

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        license = data.pop("license")
        serializer.instance = services.obligation_create(license=license, actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("license", None)
        serializer.instance, _ = services.obligation_update(
            obligation=serializer.instance, actor=self.request.user, **data
        )


class FilingViewSet(
    AtomicWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Filings (occurrences of obligations). POST adds one by hand (its period must lie in the
    license term); `record` logs receipt; `review` accepts it or marks it deficient; `waive` waives it."""

    serializer_class = FilingSerializer
    queryset = selectors.filing_list().select_related("replaced_by")
    filterset_class = FilingFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.filing_create(
            obligation=data["obligation"],
            actor=self.request.user,
            period_start=data["period_start"],
            period_end=data["period_end"],
            notes=data.get("notes", ""),
        )

    @extend_schema(request=FilingRecordSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None, **kwargs):
        filing = self.get_object()
        payload = FilingRecordSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        filing = services.filing_record(filing=filing, actor=request.user, **payload.validated_data)
        return Response(FilingSerializer(filing).data)

    @extend_schema(request=FilingReviewSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None, **kwargs):
        filing = self.get_object()
        payload = FilingReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        filing = services.filing_review(filing=filing, actor=request.user, **payload.validated_data)
        return Response(FilingSerializer(filing).data)

    @extend_schema(request=FilingWaiveSerializer, responses=FilingSerializer)
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None, **kwargs):
        filing = self.get_object()
        payload = FilingWaiveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        filing = services.filing_waive(filing=filing, actor=request.user, **payload.validated_data)
        return Response(FilingSerializer(filing).data)


class PaymentViewSet(NoDeleteViewSet):
    serializer_class = PaymentSerializer
    queryset = selectors.payment_list()
    filterset_class = PaymentFilter

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        license = data.pop("license")
        serializer.instance = services.payment_record(actor=self.request.user, license=license, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("license", None)
        if data.get("counts_toward_cap") is None:
            data.pop("counts_toward_cap", None)
        serializer.instance = services.payment_update(payment=serializer.instance, actor=self.request.user, **data)


def register(router):
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("licenses", LicenseViewSet, basename="license")
    router.register("obligations", ObligationViewSet, basename="obligation")
    router.register("filings", FilingViewSet, basename="filing")
    router.register("payments", PaymentViewSet, basename="payment")
