from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import CleanTextField
from geo.serializers import AreaRef
from proposals import rules
from proposals.models import Proposal

from .models import TEXT_MAX, Report
from .selectors import reason_field
from .services import PUBLIC_REASON_MAX

# ---- input ---------------------------------------------------------------------------------


class ReportInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    text = CleanTextField(
        max_length=TEXT_MAX,
        multiline=True,
        required=False,
        allow_blank=True,
        default="",
        help_text=f"Required when the reason is `other` (at most {TEXT_MAX} characters).",
    )

    def validate(self, attrs: dict) -> dict:
        if attrs.get("reason") == Report.Reason.OTHER and not attrs.get("text"):
            raise serializers.ValidationError(
                {"text": ["Say what is wrong when the reason is « other »."]}
            )
        return attrs


class ModerationDecisionInput(serializers.Serializer):
    reason = CleanTextField(
        max_length=PUBLIC_REASON_MAX,
        multiline=True,
        allow_blank=True,  # said below, in words
        help_text=f"The public reason (at most {PUBLIC_REASON_MAX} characters).",
    )

    def validate_reason(self, value: str) -> str:
        if not value:
            raise serializers.ValidationError("A public reason is required.", code="required")
        return value


# ---- output --------------------------------------------------------------------------------


class ReporterRef(serializers.Serializer):
    """Who reported: an id and a display name, never an email address."""

    id = serializers.IntegerField()
    display_name = serializers.CharField()


class ReportOutput(serializers.ModelSerializer):
    reporter = serializers.SerializerMethodField()
    handled = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "proposal",
            "comment",
            "reason",
            "text",
            "reporter",
            "created_at",
            "handled",
            "handled_at",
            "outcome",
        ]
        read_only_fields = fields

    @extend_schema_field(ReporterRef(allow_null=True))
    def get_reporter(self, obj: Report) -> dict[str, Any] | None:
        if obj.reporter is None:
            return None
        return {"id": obj.reporter.pk, "display_name": obj.reporter.display_name}

    @extend_schema_field(serializers.BooleanField())
    def get_handled(self, obj: Report) -> bool:
        return obj.handled_at is not None

    @extend_schema_field(
        serializers.ChoiceField(
            choices=Report.Outcome.choices,
            allow_null=True,
            help_text="What the official decided; null while the report is open.",
        )
    )
    def get_outcome(self, obj: Report) -> str | None:
        return obj.outcome or None


ReasonsSummary = serializers.DictField(
    child=serializers.IntegerField(),
    help_text="Open reports per reason (only reasons with at least one).",
)


class QueueActions(serializers.Serializer):
    moderate = serializers.BooleanField(help_text="`hide` or `restore`")
    hide = serializers.BooleanField()
    restore = serializers.BooleanField()


class QueueItemOutput(serializers.ModelSerializer):
    """A proposal in the moderation queue."""

    campaign: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    area = AreaRef(read_only=True, allow_null=True)
    open_reports = serializers.IntegerField(read_only=True, help_text="Reports not handled yet")
    waiting_since = serializers.DateTimeField(read_only=True)
    reasons = serializers.SerializerMethodField()
    can = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id",
            "campaign",
            "title",
            "area",
            "status",
            "is_hidden",
            "hidden_reason",
            "hidden_at",
            "report_count",
            "open_reports",
            "reasons",
            "waiting_since",
            "created_at",
            "can",
        ]
        read_only_fields = fields

    @extend_schema_field(ReasonsSummary)
    def get_reasons(self, obj: Proposal) -> dict[str, int]:
        counts = {r: getattr(obj, reason_field(r), 0) for r in Report.Reason.values}
        return {r: n for r, n in counts.items() if n}

    @extend_schema_field(QueueActions)
    def get_can(self, obj: Proposal) -> dict[str, bool]:
        user, now = self.context["request"].user, self.context["now"]
        hide, restore = rules.can_hide(user, obj, now), rules.can_restore(user, obj, now)
        return {"moderate": hide or restore, "hide": hide, "restore": restore}
