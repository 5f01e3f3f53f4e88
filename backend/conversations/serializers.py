from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import CleanTextField
from moderation.models import Report
from moderation.selectors import reason_field

from . import rules
from .models import TEXT_MAX, TEXT_MIN, Comment
from .selectors import may_read

# ---- input ---------------------------------------------------------------------------------


class CommentInput(serializers.Serializer):
    text = CleanTextField(
        max_length=TEXT_MAX,
        multiline=True,
        help_text=f"Plain text, {TEXT_MIN} to {TEXT_MAX} characters (HTML is removed).",
    )
    parent = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="To reply: the id of a comment of this thread (not of a reply).",
    )

    def validate_text(self, value: str) -> str:
        if len(value) < TEXT_MIN:
            raise serializers.ValidationError(f"At least {TEXT_MIN} characters (without HTML).")
        return value


class CommentUpdateInput(CommentInput):
    parent = None  # type: ignore[assignment]


# ---- output --------------------------------------------------------------------------------


class CommentAuthorRef(serializers.Serializer):
    """Who wrote it: an id and a display name, never an email address."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()


class CommentActions(serializers.Serializer):
    reply = serializers.BooleanField(help_text="POST the thread with `parent`")
    edit = serializers.BooleanField(help_text="PATCH (its author, within 15 minutes)")
    delete = serializers.BooleanField(help_text="DELETE (its author)")
    report = serializers.BooleanField(help_text="POST …/report/")
    hide = serializers.BooleanField(help_text="POST …/hide/ (officials of the area)")
    restore = serializers.BooleanField(help_text="POST …/restore/ (officials of the area)")


class _CommentFields(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    deleted = serializers.SerializerMethodField()
    editable_until = serializers.SerializerMethodField()
    can = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "proposal",
            "project",
            "parent",
            "author",
            "text",
            "official",
            "created_at",
            "edited_at",
            "editable_until",
            "deleted",
            "is_hidden",
            "hidden_reason",
            "can",
        ]
        read_only_fields = fields

    def _now(self):  # type: ignore[no-untyped-def]
        return self.context.get("now") or timezone.now()

    def _user(self) -> Any:
        return getattr(self.context.get("request"), "user", None)

    @extend_schema_field(CommentAuthorRef(allow_null=True))
    def get_author(self, obj: Comment) -> dict[str, Any] | None:
        # None: deleted by its author, or written by a person who has since deleted their
        # account (the front end says "a former participant", as for proposals).
        if obj.author is None or obj.is_deleted or obj.author.deleted_at is not None:
            return None
        return {"id": obj.author.pk, "display_name": obj.author.display_name}

    @extend_schema_field(
        serializers.CharField(help_text='"" when deleted, or hidden from this reader')
    )
    def get_text(self, obj: Comment) -> str:
        return obj.text if may_read(self._user(), obj) else ""

    @extend_schema_field(serializers.BooleanField(help_text="Deleted by its author"))
    def get_deleted(self, obj: Comment) -> bool:
        return obj.is_deleted

    @extend_schema_field(serializers.DateTimeField(help_text="Until when its author may edit it"))
    def get_editable_until(self, obj: Comment):  # type: ignore[no-untyped-def]
        return serializers.DateTimeField().to_representation(obj.created_at + rules.EDIT_WINDOW)

    @extend_schema_field(CommentActions)
    def get_can(self, obj: Comment) -> dict[str, bool]:
        return rules.actions(self._user(), obj, self._now())


class ReplyOutput(_CommentFields):
    """A reply (its ``parent`` is a comment; it has no replies of its own)."""


class CommentOutput(_CommentFields):
    replies = serializers.SerializerMethodField()

    class Meta(_CommentFields.Meta):
        fields = [*_CommentFields.Meta.fields, "replies"]
        read_only_fields = fields

    @extend_schema_field(ReplyOutput(many=True))
    def get_replies(self, obj: Comment) -> list[dict]:
        if obj.parent_id is not None:
            return []
        return ReplyOutput(obj.replies.all(), many=True, context=self.context).data


class ThreadActions(serializers.Serializer):
    comment = serializers.BooleanField(help_text="POST a comment now")


class ThreadOutput(serializers.Serializer):
    count = serializers.IntegerField(help_text="Comments and replies shown")
    comments = CommentOutput(many=True)
    can = ThreadActions()


class SupportOutput(serializers.Serializer):
    supports = serializers.IntegerField(min_value=0)
    supported = serializers.BooleanField()


class CommentQueueItem(CommentOutput):
    """A comment in the officials' moderation queue."""

    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    open_reports = serializers.IntegerField(read_only=True, help_text="Reports not handled yet")
    waiting_since = serializers.DateTimeField(read_only=True)
    reasons = serializers.SerializerMethodField()
    about = serializers.SerializerMethodField()

    class Meta(_CommentFields.Meta):
        fields = [
            *_CommentFields.Meta.fields,
            "campaign",
            "report_count",
            "open_reports",
            "reasons",
            "waiting_since",
            "about",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.DictField(child=serializers.IntegerField(), help_text="Open reports per reason")
    )
    def get_reasons(self, obj: Comment) -> dict[str, int]:
        counts = {r: getattr(obj, reason_field(r), 0) for r in Report.Reason.values}
        return {r: n for r, n in counts.items() if n}

    @extend_schema_field(serializers.CharField(help_text="The title of what it is about"))
    def get_about(self, obj: Comment) -> str:
        target = obj.proposal if obj.proposal_id else obj.project
        return target.title if target is not None else ""
