"""API viewsets of this app, registered on /api/v1/ by config/api.py.

POST /api/v1/permit-applications/            log an application (or a batch)
GET  /api/v1/permit-applications/{id}/       with "shot_clock" (its "attention": missed, at_risk, ...)
GET  /api/v1/permit-applications/?attention=missed   filter by the same attention classes
POST /api/v1/permit-applications/{id}/events/  record a clock event
GET  /api/v1/permits/                        issued permits

City roles read; Staff write (accounts.permissions.StaffRolePermission, the
default). Every write goes through permits.services; a refusal there is a 400
naming the field (config.exceptions).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from businessdays.selectors import shot_clock_calendar
from core.viewsets import AtomicWritesMixin
from permits import selectors, services
from permits.filters import ApplicationApiFilter
from permits.serializers import (
    ClockEventInputSerializer,
    ClockEventSerializer,
    PermitApplicationCreateSerializer,
    PermitApplicationSerializer,
    PermitSerializer,
    shot_clock_data,
)


class PermitApplicationViewSet(
    AtomicWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Small-cell applications with their live shot clock. No deletes: history matters."""

    serializer_class = PermitApplicationSerializer
    filterset_class = ApplicationApiFilter

    def get_queryset(self):
        return selectors.application_for_api().order_by("id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["calendar"] = shot_clock_calendar()
        # Once per request, not per application: the list's query count stays fixed.
        context["checklist_items"] = selectors.checklist_items()
        return context

    @extend_schema(request=PermitApplicationCreateSerializer, responses={201: PermitApplicationSerializer})
    def create(self, request, *args, **kwargs):
        incoming = PermitApplicationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        application = services.application_create(actor=request.user, **incoming.validated_data)
        application = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: ClockEventSerializer(many=True)})
    @extend_schema(methods=["POST"], request=ClockEventInputSerializer, responses={201: ClockEventSerializer})
    # One application's events, all of them: the list filters and pagination are for the application list.
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None, **kwargs):  # kwargs: the router passes `format` for .json URLs
        application = self.get_object()
        if request.method == "GET":
            return Response(ClockEventSerializer(application.events.all(), many=True).data)
        incoming = ClockEventInputSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        event = services.clock_event_record(application=application, actor=request.user, **incoming.validated_data)
        # The event's application was re-read in the service; its events are not the stale prefetched ones.
        result = services.application_clock(event.application)
        data = ClockEventSerializer(event).data
        data["application"] = application.pk
        data["shot_clock"] = shot_clock_data(result)
        return Response(data, status=status.HTTP_201_CREATED)


class PermitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Issued permits: build-by, expiry, renewal. Read-only here; staff pages write."""

    serializer_class = PermitSerializer
    filterset_fields = ["renewal_status", "application"]

    def get_queryset(self):
        return selectors.permit_list()


def register(router):
    """Add this app's viewsets to the /api/v1/ router."""
    router.register("permit-applications", PermitApplicationViewSet, basename="permit-application")
    router.register("permits", PermitViewSet, basename="permit")
