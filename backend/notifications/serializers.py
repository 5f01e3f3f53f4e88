from __future__ import annotations

from rest_framework import serializers

from .models import Digest, Follow, Notification
from .selectors import ORDERS


class NotificationOutput(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "event",
            "title",
            "reason",
            "proposal",
            "project",
            "petition",
            "campaign",
            "area",
            "created_at",
            "read_at",
            "read",
        ]
        read_only_fields = fields

    def get_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationListQuery(serializers.Serializer):
    order = serializers.ChoiceField(
        choices=ORDERS,
        default="unread",
        help_text="`unread`: unread first, then the newest; `newest`: the newest first.",
    )


class UnreadCountOutput(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedOutput(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")


class PreferenceSerializer(serializers.Serializer):
    digest = serializers.ChoiceField(
        choices=Digest.choices,
        help_text="Mails: `immediate` (one per event), `daily` (one digest a day) or `never`.",
    )


class UnsubscribeOutput(serializers.Serializer):
    email = serializers.CharField(help_text="The address, partly masked.")
    digest = serializers.ChoiceField(choices=Digest.choices)


class FollowStateOutput(serializers.Serializer):
    following = serializers.BooleanField()
    followers = serializers.IntegerField()


class FollowOutput(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()

    class Meta:
        model = Follow
        fields = ["id", "proposal", "project", "petition", "title", "created_at"]
        read_only_fields = fields

    def get_title(self, obj: Follow) -> str:
        target = obj.proposal or obj.project or obj.petition
        return str(getattr(target, "title", ""))
