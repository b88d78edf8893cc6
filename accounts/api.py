from rest_framework import mixins, permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.filters import ProviderFilter
from accounts.models import Provider
from accounts.serializers import MeSerializer, ProviderSerializer


class ProviderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Provider organisations. City roles read; Staff write. No deletes: history matters."""

    serializer_class = ProviderSerializer
    queryset = Provider.objects.prefetch_related("contacts").order_by("name")
    filterset_class = ProviderFilter

    def perform_create(self, serializer):
        serializer.instance = services.provider_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.provider_update(
            provider=serializer.instance, actor=self.request.user, **serializer.validated_data
        )


class MeView(APIView):
    """Who am I: any signed-in user, provider users included."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MeSerializer

    def get(self, request):
        return Response(MeSerializer(request.user).data)


def register(router):
    router.register("providers", ProviderViewSet, basename="provider")
