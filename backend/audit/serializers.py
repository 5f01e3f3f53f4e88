from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import AuditRecord


class ActorRef(serializers.Serializer):
    """Who acted: an id and a display name, never an email address (the log is read by the
    officials of every area; administrators find a person by id in the role management)."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()


class AuditRecordOutput(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = AuditRecord
        fields = [
            "id",
            "at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "campaign",
            "area",
            "before",
            "after",
            "reason",
        ]
        read_only_fields = fields

    @extend_schema_field(ActorRef(allow_null=True))
    def get_actor(self, obj: AuditRecord) -> dict[str, Any] | None:
        if obj.actor is None:
            return None
        return {"id": obj.actor.pk, "display_name": obj.actor.display_name}
