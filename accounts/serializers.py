from rest_framework import serializers

from accounts.models import Provider, ProviderContact
from accounts.roles import primary_role


class ProviderContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProviderContact
        fields = ["id", *ProviderContact.EDITABLE_FIELDS]


class ProviderSerializer(serializers.ModelSerializer):
    contacts = ProviderContactSerializer(many=True, read_only=True)

    class Meta:
        model = Provider
        fields = ["id", *Provider.EDITABLE_FIELDS, "is_illustrative", "contacts"]
        read_only_fields = ["is_illustrative"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    role = serializers.SerializerMethodField()
    provider = serializers.IntegerField(source="provider_id", allow_null=True, read_only=True)

    def get_role(self, user) -> str | None:
        return primary_role(user)
