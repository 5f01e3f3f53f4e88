"""Input and output shapes of the review API (the proposals themselves are serialised by
``proposals.serializers.ProposalOfficialOutput``)."""

from __future__ import annotations

import math
from typing import Any

from rest_framework import serializers

from accounts.models import User
from campaigns.models import Campaign
from core.errors import invalid
from core.fields import SlugRef
from core.text import clean_text
from geo.models import Area

from .selectors import DUPLICATE_MAX_RADIUS_M, DUPLICATE_RADIUS_M
from .services import BULK_MAX, MAX_COST, BulkAction

ANSWER_MAX = 5000
NOTES_MAX = 10000


def _cost(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1, max_value=MAX_COST, help_text="Estimated cost in euros.", **kwargs
    )


class _Answer(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", ANSWER_MAX)  # as sent (the schema) and once cleaned
        super().__init__(trim_whitespace=True, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = clean_text(super().to_internal_value(data), multiline=True)
        if len(value) > ANSWER_MAX:
            raise invalid(f"At most {ANSWER_MAX} characters.", "max_length", max_length=ANSWER_MAX)
        return value


class AcceptInput(serializers.Serializer):
    cost = _cost()
    answer = _Answer(required=False, allow_blank=True, default="", help_text="Public answer")


class RejectInput(serializers.Serializer):
    answer = _Answer(help_text="Public reason, shown to the author and to everyone")

    def validate_answer(self, value: str) -> str:
        if not value:
            raise serializers.ValidationError(
                "A public reason is required to reject a proposal.", code="required"
            )
        return value


class NotesInput(serializers.Serializer):
    notes = serializers.CharField(
        max_length=NOTES_MAX, allow_blank=True, help_text="Officials' private notes (replaced)"
    )

    def validate_notes(self, value: str) -> str:
        return clean_text(value, multiline=True)


class PrepareInput(serializers.Serializer):
    """The prepared answer, named as the officials' view of a proposal shows it."""

    prepared_decision = serializers.ChoiceField(
        choices=[("accepted", "accepted"), ("rejected", "rejected")],
        allow_blank=True,
        help_text="The prepared decision; empty clears the prepared answer",
    )
    prepared_cost = _cost(required=False, allow_null=True, default=None)
    prepared_answer = _Answer(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict) -> dict:
        decision = attrs["prepared_decision"]
        if decision == "accepted" and attrs.get("prepared_cost") is None:
            raise serializers.ValidationError(
                {"prepared_cost": ["A cost is required to prepare an acceptance."]}
            )
        if decision == "rejected" and not attrs.get("prepared_answer"):
            raise serializers.ValidationError(
                {"prepared_answer": ["A public reason is required to prepare a rejection."]}
            )
        return attrs

    def to_service(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "decision": data["prepared_decision"],
            "cost": data["prepared_cost"],
            "answer": data["prepared_answer"],
        }


def _assignee(**kwargs: Any) -> serializers.EmailField:
    return serializers.EmailField(**kwargs)


def _user_by_email(email: str | None) -> User | None:
    if email is None:
        return None
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise serializers.ValidationError(
            "No account has this email address.", code="does_not_exist"
        )
    return user


class AssignInput(serializers.Serializer):
    assignee = _assignee(
        allow_null=True, help_text="Email of an official of the area; null unassigns"
    )

    def validate_assignee(self, value: str | None) -> User | None:
        return _user_by_email(value)


def _bulk_ids() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=BULK_MAX,
        help_text=f"Proposal ids, at most {BULK_MAX}",
    )


class BulkInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(BulkAction.ALL))
    ids = _bulk_ids()
    answer = _Answer(
        required=False, allow_blank=True, default="", help_text="reject: the public reason"
    )
    cost = _cost(required=False, allow_null=True, default=None)
    assignee = _assignee(
        required=False, allow_null=True, default=None, help_text="assign: email (null unassigns)"
    )

    def validate_assignee(self, value: str | None) -> User | None:
        return _user_by_email(value)

    def validate(self, attrs: dict) -> dict:
        if attrs["action"] == BulkAction.ACCEPT and attrs.get("cost") is None:
            raise serializers.ValidationError({"cost": ["A cost is required to accept."]})
        if attrs["action"] == BulkAction.REJECT and not attrs.get("answer"):
            raise serializers.ValidationError({"answer": ["A public reason is required."]})
        return attrs


def _bulk_variant(name: str, action: str, **fields: serializers.Field) -> type:
    attrs = {"action": serializers.ChoiceField(choices=[action]), "ids": _bulk_ids(), **fields}
    return type(name, (serializers.Serializer,), attrs)


# What BulkInput.validate requires of each action, as the schema states it (one variant per
# action, told apart by `action`); the requests are still read by BulkInput.
BULK_VARIANTS = {
    BulkAction.ASSIGN: _bulk_variant(
        "BulkAssignInput",
        BulkAction.ASSIGN,
        assignee=_assignee(
            required=False, allow_null=True, default=None, help_text="An email (null unassigns)"
        ),
    ),
    BulkAction.START_REVIEW: _bulk_variant("BulkStartReviewInput", BulkAction.START_REVIEW),
    BulkAction.ACCEPT: _bulk_variant("BulkAcceptInput", BulkAction.ACCEPT, cost=_cost()),
    BulkAction.REJECT: _bulk_variant(
        "BulkRejectInput", BulkAction.REJECT, answer=_Answer(help_text="The public reason")
    ),
}


class BulkOutput(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(BulkAction.ALL))
    count = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField())


class PublishInput(serializers.Serializer):
    campaign = SlugRef(slug_field="slug", queryset=Campaign.objects.all())
    area = SlugRef(
        slug_field="code",
        queryset=Area.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Only this area (code); default: every area you handle",
    )


class PublishOutput(serializers.Serializer):
    published = serializers.IntegerField()
    accepted = serializers.IntegerField()
    rejected = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.IntegerField())


class DuplicatesQuery(serializers.Serializer):
    radius = serializers.FloatField(
        required=False,
        default=DUPLICATE_RADIUS_M,
        min_value=1,
        max_value=DUPLICATE_MAX_RADIUS_M,
        help_text=f"Metres around the proposal (default {DUPLICATE_RADIUS_M}, "
        f"at most {DUPLICATE_MAX_RADIUS_M})",
    )

    def validate_radius(self, value: float) -> float:
        if not math.isfinite(value):
            raise serializers.ValidationError("Expected a finite number of metres.")
        return value


class DuplicateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    area = serializers.CharField(allow_null=True, help_text="Area code")
    distance_m = serializers.FloatField(
        allow_null=True, help_text="Metres between the points (null: no point yet)"
    )
    similarity = serializers.FloatField(help_text="Text similarity, 0 to 1")
    score = serializers.FloatField(help_text="Combined rank: similarity and nearness, 0 to 1")


class ExportQuery(serializers.Serializer):
    campaign = SlugRef(slug_field="slug", queryset=Campaign.objects.all())
