"""Input and output shapes of the delivery API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.geojson import map_serializers
from geo.serializers import AreaRef

from . import rules
from .models import Delivery, Milestone, MilestoneKind, Photo, Status
from .photos import MAX_BYTES
from .services import (
    ADDRESS_MAX,
    ALT_MAX,
    MAX_BUDGET,
    MAX_PHOTOS,
    MAX_SERVICES,
    REASON_MAX,
    SERVICE_MAX,
    TEXT_MAX,
)
from .storage import photo_url


class CampaignBrief(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PhotoSize(serializers.Serializer):
    url = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class PhotoOutput(serializers.ModelSerializer):
    small = serializers.SerializerMethodField()
    large = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = ["id", "alt", "alt_en", "small", "large"]

    @extend_schema_field(PhotoSize)
    def get_small(self, photo: Photo) -> dict[str, Any]:
        return {
            "url": photo_url(photo.small),
            "width": photo.small_width,
            "height": photo.small_height,
        }

    @extend_schema_field(PhotoSize)
    def get_large(self, photo: Photo) -> dict[str, Any]:
        return {
            "url": photo_url(photo.large),
            "width": photo.large_width,
            "height": photo.large_height,
        }


class MilestoneOutput(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=MilestoneKind.choices)
    photos = PhotoOutput(many=True)

    class Meta:
        model = Milestone
        fields = ["id", "date", "kind", "text", "text_en", "photos"]


class DeliveryActions(serializers.Serializer):
    edit = serializers.BooleanField(
        help_text="Change the status, budget, services, address and add milestones"
    )


class DeliveryListItem(serializers.ModelSerializer):
    project = serializers.IntegerField(source="project_id")
    title = serializers.CharField(source="project.title")
    cost = serializers.IntegerField(source="project.cost")
    status = serializers.ChoiceField(choices=Status.choices)
    campaign = CampaignBrief()
    area = AreaRef()
    location = serializers.SerializerMethodField()
    milestone_count = serializers.IntegerField()

    class Meta:
        model = Delivery
        fields = [
            "project",
            "title",
            "cost",
            "status",
            "budget_spent",
            "services",
            "campaign",
            "area",
            "location",
            "milestone_count",
            "updated_at",
        ]

    @extend_schema_field(
        {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
            "nullable": True,
            "description": "[longitude, latitude] of one of the project's locations",
        }
    )
    def get_location(self, delivery: Delivery) -> list[float] | None:
        locations = delivery.project.locations
        if not locations:
            return None
        first = locations[0]
        return [round(first.x, 6), round(first.y, 6)]


class DeliveryOutput(DeliveryListItem):
    description = serializers.CharField(source="project.description")
    theme = serializers.SerializerMethodField()
    milestones = MilestoneOutput(many=True)
    can = serializers.SerializerMethodField()
    milestone_count = None  # type: ignore[assignment]

    class Meta(DeliveryListItem.Meta):
        fields = [f for f in DeliveryListItem.Meta.fields if f != "milestone_count"] + [
            "description",
            "theme",
            "abandon_reason",
            "abandon_reason_en",
            "address",
            "milestones",
            "can",
        ]

    @extend_schema_field({"type": "string"})
    def get_theme(self, delivery: Delivery) -> str:
        theme = delivery.project.theme
        return theme.name if theme is not None else ""

    @extend_schema_field(DeliveryActions)
    def get_can(self, delivery: Delivery) -> dict[str, bool]:
        return rules.actions(self.context["request"].user, delivery, self.context["now"])


class DeliveryUpdateInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    abandon_reason = serializers.CharField(
        max_length=REASON_MAX, required=False, allow_blank=True, trim_whitespace=True
    )
    abandon_reason_en = serializers.CharField(
        max_length=REASON_MAX, required=False, allow_blank=True, trim_whitespace=True
    )
    budget_spent = serializers.IntegerField(min_value=0, max_value=MAX_BUDGET, required=False)
    services = serializers.ListField(
        child=serializers.CharField(max_length=SERVICE_MAX, allow_blank=True),
        max_length=MAX_SERVICES,
        required=False,
    )
    address = serializers.CharField(max_length=ADDRESS_MAX, required=False, allow_blank=True)


class MilestoneInput(serializers.Serializer):
    """A multipart form: the milestone's fields, then ``photos`` (files, repeated) with one
    ``alts`` (and optionally ``alts_en``) per photo, in the same order."""

    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=MilestoneKind.choices, default=MilestoneKind.NEWS)
    text = serializers.CharField(max_length=TEXT_MAX)
    text_en = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    photos = serializers.ListField(
        child=serializers.FileField(
            allow_empty_file=False,
            help_text=f"JPEG, PNG or WebP (checked by content), at most {MAX_BYTES} bytes",
        ),
        max_length=MAX_PHOTOS,
        required=False,
    )
    alts = serializers.ListField(
        child=serializers.CharField(max_length=ALT_MAX), max_length=MAX_PHOTOS, required=False
    )
    alts_en = serializers.ListField(
        child=serializers.CharField(max_length=ALT_MAX, allow_blank=True),
        max_length=MAX_PHOTOS,
        required=False,
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        photos = attrs.get("photos", [])
        alts = attrs.get("alts", [])
        if len(alts) != len(photos):
            raise serializers.ValidationError(
                {
                    "alts": [
                        "One alternative text per photo, describing it for people who cannot "
                        "see it."
                    ]
                }
            )
        alts_en = attrs.get("alts_en", [])
        if alts_en and len(alts_en) != len(photos):
            raise serializers.ValidationError({"alts_en": ["One English text per photo, or none."]})
        return attrs


class DeliveryMapProperties(serializers.Serializer):
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    area = serializers.CharField()
    area_name = serializers.CharField()
    campaign = serializers.CharField()
    cost = serializers.IntegerField()
    budget_spent = serializers.IntegerField()


DeliveryMapFeature, DeliveryMapCollection = map_serializers(
    "DeliveryMap",
    DeliveryMapProperties,
    doc="Tracked winning projects placed on the map (the feature's id is the project's).",
)
