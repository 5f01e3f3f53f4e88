"""Input and output of the petitions API. The texts are checked as proposals' are (the same
bounds and sanitiser, imported from proposals)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.selectors import PublicAuthor, public_author
from accounts.serializers import PublicAuthorRef
from campaigns.models import Campaign, Theme
from campaigns.serializers import ThemeRef
from core.fields import GeoJSONPointField, NullableGeoJSONPointField, SlugRef
from core.geojson import map_serializers
from core.text import clean_text
from geo.models import Area
from proposals.serializers import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    TITLE_MAX,
    TITLE_MIN,
    _bounded,
)

from . import rules
from .models import BurstAlert, Petition, Process, Signature

EXCERPT = 280
AUTHORITY_KINDS = [("city", "city"), ("area", "area")]


def excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


class JsonBooleanField(serializers.BooleanField):
    """true or false, as JSON says them (DRF's own also takes 0, 1, "yes", "on"…, which the
    schema does not state)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class JsonIntegerField(serializers.IntegerField):
    """A JSON integer (DRF's own also takes "12", 12.0 and true, which the schema does not
    state)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class JsonCharField(serializers.CharField):
    """A JSON string (DRF's own also takes 12 and true and makes text of them)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class JsonRegexField(serializers.RegexField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


# --- processes ---------------------------------------------------------------------------------


class ProcessSerializer(serializers.ModelSerializer):
    slug = JsonRegexField(r"^[-a-z0-9]+$", max_length=60, min_length=1)
    name = JsonCharField(max_length=150, min_length=1, trim_whitespace=False)
    threshold = JsonIntegerField(
        min_value=1, max_value=10_000_000, help_text="Counted signatures a city-wide petition needs"
    )
    area_threshold = JsonIntegerField(
        min_value=1,
        max_value=10_000_000,
        help_text="Counted signatures an arrondissement's petition needs",
    )
    signing_days = JsonIntegerField(min_value=1, max_value=3650)
    answer_days = JsonIntegerField(min_value=1, max_value=3650)
    min_age = JsonIntegerField(min_value=0, max_value=120)
    filing_open = JsonBooleanField()

    class Meta:
        model = Process
        fields = [
            "id",
            "slug",
            "name",
            "threshold",
            "area_threshold",
            "signing_days",
            "answer_days",
            "min_age",
            "filing_open",
        ]
        read_only_fields = ["id"]

    def validate_name(self, value: str) -> str:
        return _bounded(clean_text(value), 1, 150)


# --- filing ------------------------------------------------------------------------------------


class PetitionInput(serializers.Serializer):
    """A new petition, addressed to the city (`authority_kind: "city"`) or to one
    arrondissement's mairie (`"area"` with `area_code`)."""

    process = SlugRef(slug_field="slug", queryset=Process.objects.all(), help_text="Process slug")
    title = JsonCharField(min_length=TITLE_MIN, max_length=TITLE_MAX, trim_whitespace=False)
    text = JsonCharField(
        min_length=DESCRIPTION_MIN, max_length=DESCRIPTION_MAX, trim_whitespace=False
    )
    authority_kind = serializers.ChoiceField(choices=AUTHORITY_KINDS)
    area_code = SlugRef(
        slug_field="code",
        queryset=Area.objects.filter(kind=Area.Kind.ARRONDISSEMENTS),
        required=False,
        allow_null=True,
        help_text="The arrondissement's area code (e.g. paris-05) when `authority_kind` is "
        "`area`; ignored for the city",
    )
    theme = SlugRef(slug_field="slug", queryset=Theme.objects.all(), help_text="Theme slug")
    location = NullableGeoJSONPointField(required=False, allow_null=True)
    address = JsonCharField(max_length=ADDRESS_MAX, required=False, allow_blank=True)

    def validate_title(self, value: str) -> str:
        return _bounded(clean_text(value), TITLE_MIN, TITLE_MAX)

    def validate_text(self, value: str) -> str:
        return _bounded(clean_text(value, multiline=True), DESCRIPTION_MIN, DESCRIPTION_MAX)

    def validate_address(self, value: str) -> str:
        return _bounded(clean_text(value), 0, ADDRESS_MAX)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs.pop("authority_kind", None)
        area = attrs.pop("area_code", None)
        if kind is None:  # PATCH: an arrondissement named alone is the authority
            if area is not None:
                attrs["area"] = area
            return attrs
        if kind == "area" and area is None:
            raise serializers.ValidationError(
                {"area_code": [serializers.ErrorDetail("Give the arrondissement.", "required")]}
            )
        attrs["area"] = area if kind == "area" else None
        return attrs


class PetitionUpdateInput(PetitionInput):
    """The author's changes while pending (PATCH): any of the fields."""

    process = None  # type: ignore[assignment]


# --- signing, moderation, answer, conversion ---------------------------------------------------


@extend_schema_field({"type": "boolean", "enum": [True]})
class TrueField(JsonBooleanField):
    """Must be true (the schema says so); false is refused by the service's rule."""


class SignatureInput(serializers.Serializer):
    show_name = JsonBooleanField(
        default=False, help_text="Show my name among the signers (the public list)"
    )
    resident = TrueField(help_text="I live in the city (required to sign)")
    birth_date = serializers.DateField(help_text="YYYY-MM-DD: the process's minimum age applies")
    area_code = SlugRef(
        slug_field="code",
        queryset=Area.objects.filter(kind=Area.Kind.ARRONDISSEMENTS),
        help_text="The arrondissement where I live (its area code, e.g. paris-05)",
    )


class SignatureOutput(serializers.Serializer):
    counted = serializers.BooleanField(
        help_text="Counted toward the threshold now; false: held until an official checks it"
    )
    held_reason = serializers.ChoiceField(choices=Signature.HeldReason.choices, allow_null=True)


class ModerationInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Petition.Decision.choices)
    reason_code = serializers.ChoiceField(
        choices=Petition.ReasonCode.choices,
        required=False,
        allow_blank=True,
        help_text="Required when inadmissible",
    )
    reason_text = JsonCharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="The public reason in words (required for `other`)",
    )


class AnswerInput(serializers.Serializer):
    text = JsonCharField(min_length=20, max_length=10000, trim_whitespace=False)


class ConvertInput(serializers.Serializer):
    campaign = SlugRef(
        slug_field="slug",
        queryset=Campaign.objects.all(),
        help_text="A campaign open for submissions",
    )
    location = GeoJSONPointField(
        required=False, help_text="Where the proposal goes, when the petition has no place"
    )


class ConvertOutput(serializers.Serializer):
    proposal = serializers.IntegerField(help_text="The id of the new budget proposal")


class SignatureCheckInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("count", "count"), ("reject", "reject")])


# --- petitions out ---------------------------------------------------------------------------


class AreaBrief(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class AuthorityOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AUTHORITY_KINDS)
    area = AreaBrief(allow_null=True)


class PetitionItem(serializers.ModelSerializer):
    excerpt = serializers.SerializerMethodField()
    authority = serializers.SerializerMethodField()
    theme = ThemeRef(read_only=True)
    location = NullableGeoJSONPointField(read_only=True, allow_null=True)
    author_name = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    signed_by_me = serializers.SerializerMethodField()
    following = serializers.SerializerMethodField()
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id",
            "process",
            "title",
            "excerpt",
            "authority",
            "theme",
            "location",
            "status",
            "signature_count",
            "threshold",
            "published_at",
            "signing_ends_at",
            "answer_due_at",
            "created_at",
            "author_name",
            "author",
            "signed_by_me",
            "following",
            "proposal",
        ]
        read_only_fields = fields

    def get_excerpt(self, obj: Petition) -> str:
        raw = getattr(obj, "text_start", None)
        return excerpt(obj.text if raw is None else raw)

    @extend_schema_field(AuthorityOutput)
    def get_authority(self, obj: Petition) -> dict[str, Any]:
        if obj.area_id is None:
            return {"kind": "city", "area": None}
        return {"kind": "area", "area": {"code": obj.area.code, "name": obj.area.name}}

    @extend_schema_field(
        serializers.CharField(
            allow_null=True, help_text="null: no author shown (anonymous, or account deleted)"
        )
    )
    def get_author_name(self, obj: Petition) -> str | None:
        author = obj.author
        if author is None or author.deleted_at is not None or not author.display_name:
            return None
        return author.display_name

    @extend_schema_field(PublicAuthorRef(allow_null=True))
    def get_author(self, obj: Petition) -> PublicAuthor | None:
        """The author as everyone sees them, as on proposals: a display name (empty: they chose
        none), or ``former_participant`` once they deleted their account."""
        return public_author(obj.author)

    def get_signed_by_me(self, obj: Petition) -> bool:
        return bool(getattr(obj, "signed_by_me", False))

    def get_following(self, obj: Petition) -> bool:
        return bool(getattr(obj, "following", False))


class AnswerOutput(serializers.Serializer):
    text = serializers.CharField()
    answered_at = serializers.DateTimeField()
    by_name = serializers.CharField(allow_null=True)


class ModerationOutput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Petition.Decision.choices)
    reason_code = serializers.ChoiceField(choices=Petition.ReasonCode.choices, allow_null=True)
    reason_text = serializers.CharField(allow_blank=True)


class AreaCount(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField(min_value=0)


class PetitionActions(serializers.Serializer):
    sign = serializers.BooleanField(help_text="POST …/signature/")
    withdraw = serializers.BooleanField(help_text="DELETE …/signature/")
    moderate = serializers.BooleanField(help_text="POST …/moderation/ (officials)")
    answer = serializers.BooleanField(help_text="POST …/answer/ (officials)")
    convert = serializers.BooleanField(help_text="POST …/convert/ (author or officials)")
    edit = serializers.BooleanField(help_text="PATCH the petition (its author, while pending)")


class PetitionDetail(PetitionItem):
    answer = serializers.SerializerMethodField()
    moderation = serializers.SerializerMethodField()
    counts_by_area = serializers.SerializerMethodField()
    held_count = serializers.SerializerMethodField()
    can = serializers.SerializerMethodField()

    class Meta(PetitionItem.Meta):
        fields = [
            *PetitionItem.Meta.fields,
            "text",
            "address",
            "threshold_reached_at",
            "closed_at",
            "answer",
            "moderation",
            "counts_by_area",
            "held_count",
            "can",
        ]
        read_only_fields = fields

    @extend_schema_field(AnswerOutput(allow_null=True))
    def get_answer(self, obj: Petition) -> dict[str, Any] | None:
        if obj.answered_at is None:
            return None
        by = obj.answered_by
        name = by.display_name if by is not None and by.display_name else None
        return {"text": obj.answer_text, "answered_at": obj.answered_at, "by_name": name}

    @extend_schema_field(ModerationOutput(allow_null=True))
    def get_moderation(self, obj: Petition) -> dict[str, Any] | None:
        if not obj.decision:
            return None
        return {
            "decision": obj.decision,
            "reason_code": obj.reason_code or None,
            "reason_text": obj.reason_text,
        }

    @extend_schema_field(AreaCount(many=True))
    def get_counts_by_area(self, obj: Petition) -> list[dict[str, Any]]:
        return list(self.context.get("counts_by_area", []))

    @extend_schema_field(
        serializers.IntegerField(
            allow_null=True, help_text="Held signatures (officials of the authority; else null)"
        )
    )
    def get_held_count(self, obj: Petition) -> int | None:
        return self.context.get("held_count")

    @extend_schema_field(PetitionActions)
    def get_can(self, obj: Petition) -> dict[str, bool]:
        user = getattr(self.context.get("request"), "user", None)
        return rules.actions(user, obj, self.context.get("now") or timezone.now())


class SignerOutput(serializers.Serializer):
    name = serializers.CharField()
    area = AreaBrief()
    signed_at = serializers.DateTimeField()


class MySignatureOutput(serializers.ModelSerializer):
    petition = serializers.IntegerField(source="petition_id")
    petition_title = serializers.CharField(source="petition.title")
    petition_status = serializers.ChoiceField(
        source="petition.status", choices=Petition.Status.choices
    )
    area = AreaBrief()
    held_reason = serializers.SerializerMethodField()

    class Meta:
        model = Signature
        fields = [
            "id",
            "petition",
            "petition_title",
            "petition_status",
            "status",
            "held_reason",
            "show_name",
            "area",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=Signature.HeldReason.choices, allow_null=True)
    )
    def get_held_reason(self, obj: Signature) -> str | None:
        return obj.held_reason or None


# --- the officials' queue ----------------------------------------------------------------------


class HeldSignatureOutput(serializers.ModelSerializer):
    petition = serializers.IntegerField(source="petition_id")
    petition_title = serializers.CharField(source="petition.title")
    held_reason = serializers.ChoiceField(choices=Signature.HeldReason.choices)
    area = AreaBrief()
    birth_date = serializers.DateField(read_only=True)  # a held signature has one
    account_joined_at = serializers.DateTimeField(source="user.date_joined")

    class Meta:
        model = Signature
        fields = [
            "id",
            "petition",
            "petition_title",
            "held_reason",
            "area",
            "birth_date",
            "account_joined_at",
            "created_at",
        ]
        read_only_fields = fields


class BurstAlertOutput(serializers.ModelSerializer):
    petition = serializers.IntegerField(source="petition_id")
    petition_title = serializers.CharField(source="petition.title")

    class Meta:
        model = BurstAlert
        fields = ["id", "petition", "petition_title", "signatures", "first_at", "last_at"]
        read_only_fields = fields


class QueueOutput(serializers.Serializer):
    pending = PetitionItem(many=True, help_text="Awaiting moderation, oldest first")
    agenda = PetitionItem(
        many=True, help_text="Threshold reached, awaiting the answer: earliest due (overdue) first"
    )
    held_signatures = HeldSignatureOutput(many=True, help_text="Held signatures to check")
    alerts = BurstAlertOutput(many=True, help_text="Bursts of signatures from one network")


class PetitionMapProperties(serializers.Serializer):
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Petition.Status.choices)
    signature_count = serializers.IntegerField(min_value=0)


PetitionMapFeature, PetitionMapCollection = map_serializers(
    "PetitionMap",
    PetitionMapProperties,
    doc="""The published petitions with a place (``GET /petitions/map/``), written by
    PostgreSQL.""",
)
