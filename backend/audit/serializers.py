from rest_framework import serializers

from .models import AuditRecord


class AuditRecordOutput(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="email", read_only=True, allow_null=True)
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
