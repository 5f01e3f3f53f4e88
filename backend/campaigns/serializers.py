from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from geo.serializers import AreaRef

from .models import Campaign, Theme
from .phases import current_phase


class ThemeOutput(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "name_en"]


class ThemeRef(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]


class CampaignOutput(serializers.ModelSerializer):
    areas = AreaRef(many=True, read_only=True)
    current_phase = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "name",
            "description",
            "submission_start",
            "submission_end",
            "current_phase",
            "areas",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["draft", "submission", "review"]))
    def get_current_phase(self, obj: Campaign) -> str:
        return current_phase(
            submission_start=obj.submission_start,
            submission_end=obj.submission_end,
            now=self.context.get("now") or timezone.now(),
        )
