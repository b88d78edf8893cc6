from rest_framework import serializers

from accounts.models import Provider, ProviderContact
from accounts.roles import primary_role


class ProviderContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProviderContact
        fields = ["id", "name", "title", "email", "phone", "receives_notices", "receives_reminders"]


class ProviderSerializer(serializers.ModelSerializer):
    contacts = ProviderContactSerializer(many=True, read_only=True)

    class Meta:
        model = Provider
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "street_address",
            "address_line_2",
            "city",
            "state",
            "postal_code",
            "phone",
            "website",
            "notes",
            "is_active",
            "is_illustrative",
            "contacts",
        ]
        read_only_fields = ["is_illustrative"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.SerializerMethodField()
    provider = serializers.IntegerField(source="provider_id", allow_null=True, read_only=True)

    def get_role(self, user) -> str | None:
        return primary_role(user)
