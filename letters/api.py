"""Letters in the API (/api/v1/letters/): read-only, for everyone on the City's side.

There is no write: letters are drafted, approved and issued on the letter
pages, and an issued letter can never change, so PUT, PATCH, POST and DELETE
answer 405 Method Not Allowed. Provider users are refused (they use the
portal, which lists their own letters with their verification codes). The
verification code is here for City roles, so staff can tell a caller. The PDF
is linked, served by the staff page that checks the role and the SHA-256.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from letters import selectors
from letters.models import Letter


class LetterSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    template_version = serializers.IntegerField(source="template_version.number", read_only=True)
    source = serializers.CharField(source="source_ref", read_only=True)
    supersedes = serializers.SlugRelatedField(slug_field="number", read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "provider",
            "provider_name",
            "source",
            "source_label",
            "template_version",
            "issued_on",
            "verification_code",
            "sha256",
            "pdf_size",
            "supersedes",
            "is_illustrative",
            "pdf_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_pdf_url(self, letter):
        if letter.status != Letter.Status.ISSUED:
            return None
        return self.context["request"].build_absolute_uri(reverse("letters:pdf", args=[letter.pk]))


class LetterViewSet(viewsets.ReadOnlyModelViewSet):
    """Compliance letters, newest first. Read-only: an issued letter never changes."""

    serializer_class = LetterSerializer
    queryset = selectors.letter_list().select_related("supersedes", "source_type")
    filterset_fields = ["kind", "status", "provider", "number"]


def register(router):
    router.register("letters", LetterViewSet, basename="letter")
