from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import html

from core.fields import CleanTextField
from core.text import clean_text
from geo.serializers import AreaRef

from . import rules
from .models import Campaign, Envelope, Theme
from .schedule import PHASES, STAGE_VALUES, Phase, is_frozen
from .selectors import Screen


class ThemeOutput(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "name_en"]


class ThemeRef(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name"]


class PhaseSlotOutput(serializers.Serializer):
    phase = serializers.ChoiceField(choices=[p.value for p in PHASES])
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True)


RETENTION_HELP = (
    "Months the campaign's personal voting data (declarations, who voted) is kept after it "
    "closes, then deleted or detached from people (the privacy page); empty: the site's default."
)


class CampaignActionsOutput(serializers.Serializer):
    propose = serializers.BooleanField()
    update = serializers.BooleanField()
    advance_phase = serializers.BooleanField()
    move_phase = serializers.BooleanField()


class CampaignOutput(serializers.ModelSerializer):
    areas = AreaRef(many=True, read_only=True)
    origin = serializers.ChoiceField(
        choices=Campaign.Origin.choices,
        read_only=True,
        help_text="city: one of the city's campaigns; imported: an election imported from a "
        "pabulib file (`pb_import`), kept as an archive for research.",
    )
    simulated_ballots = serializers.BooleanField(
        read_only=True,
        help_text="A demonstration whose ballots were simulated: its results are not those of a "
        "real vote, and the results page says so.",
    )
    phases = serializers.SerializerMethodField()
    current_phase = serializers.SerializerMethodField()
    voting_stage = serializers.SerializerMethodField()
    frozen = serializers.SerializerMethodField()
    submission_start = serializers.SerializerMethodField()
    submission_end = serializers.SerializerMethodField()
    can = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "slug",
            "name",
            "description",
            "current_phase",
            "voting_stage",
            "phases",
            "submission_start",
            "submission_end",
            "voting_rule",
            "frozen",
            "auto_hide_reports",
            "retention_months",
            "origin",
            "simulated_ballots",
            "areas",
            "can",
        ]

    def _now(self):  # type: ignore[no-untyped-def]
        return self.context.get("now") or timezone.now()

    @extend_schema_field(PhaseSlotOutput(many=True))
    def get_phases(self, obj: Campaign) -> list[dict]:
        return [
            {"phase": s.phase.value, "start": s.start, "end": s.end}
            for s in sorted(obj.schedule(), key=lambda s: PHASES.index(s.phase))
        ]

    @extend_schema_field(serializers.ChoiceField(choices=[p.value for p in PHASES]))
    def get_current_phase(self, obj: Campaign) -> str:
        return obj.phase_at(self._now()).value

    @extend_schema_field(
        serializers.ChoiceField(
            choices=list(STAGE_VALUES),
            help_text="Where the vote stands (one authority for every voting action): not_open, "
            "open (inside the voting slot), checking (voting has closed; declarations are being "
            "checked, nothing about the ballots is shown), published (the results phase).",
        )
    )
    def get_voting_stage(self, obj: Campaign) -> str:
        return obj.voting_stage(self._now()).value

    @extend_schema_field(serializers.BooleanField())
    def get_frozen(self, obj: Campaign) -> bool:
        return is_frozen(obj.phase_at(self._now()))

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_submission_start(self, obj: Campaign):  # type: ignore[no-untyped-def]
        slot = obj.slot(Phase.SUBMISSION)
        return slot.start if slot else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_submission_end(self, obj: Campaign):  # type: ignore[no-untyped-def]
        slot = obj.slot(Phase.SUBMISSION)
        return slot.end if slot else None

    @extend_schema_field(CampaignActionsOutput)
    def get_can(self, obj: Campaign) -> dict[str, bool]:
        request = self.context.get("request")
        return rules.actions(getattr(request, "user", None), obj, self._now())


class CurrentCampaignQuery(serializers.Serializer):
    screen = serializers.ChoiceField(
        choices=[s.value for s in Screen],
        help_text="The screen asking: map, propose, vote or results",
    )


class _GivenCharField(serializers.CharField):
    """In a form body (multipart or urlencoded) DRF reads an optional field sent empty as if it
    were absent; here `name=` is a value, refused like any other empty name."""

    def get_value(self, dictionary: Any) -> Any:
        if html.is_html_input(dictionary) and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class CampaignUpdateInput(serializers.Serializer):
    name = _GivenCharField(max_length=120, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    voting_rule = serializers.ChoiceField(choices=Campaign.VotingRule.choices, required=False)
    tally_rule = serializers.ChoiceField(choices=Campaign.TallyRule.choices, required=False)
    auto_hide_reports = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    retention_months = serializers.IntegerField(
        min_value=1, max_value=120, required=False, allow_null=True, help_text=RETENTION_HELP
    )
    reason = CleanTextField(
        max_length=500, multiline=True, required=False, allow_blank=True, default=""
    )

    def validate_name(self, value: str) -> str:
        value = clean_text(value)
        if not value:
            raise serializers.ValidationError("A campaign needs a name.", code="required")
        return value

    def validate_description(self, value: str) -> str:
        return clean_text(value, multiline=True)


class PhaseAdvanceInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)

    def validate_reason(self, value: str) -> str:
        value = clean_text(value)
        if not value:
            raise serializers.ValidationError("A reason is required.", code="required")
        return value


class PhaseMoveInput(PhaseAdvanceInput):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True, required=False, default=None)


# --- creating a campaign (administrators) ----------------------------------------------------
# Shapes, types and ranges here (the schema states them); whether the values hold together
# (schedule, areas that exist, reserved share within the envelope) is the service's to say,
# field by field.

MAX_AMOUNT = 10**12


class PhaseSlotInput(serializers.Serializer):
    phase = serializers.ChoiceField(choices=[p.value for p in PHASES])
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True, required=False, default=None)


class AreaEnvelopeInput(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="An area code (`paris`, `paris-05`…).")
    amount = serializers.IntegerField(
        min_value=1,
        max_value=MAX_AMOUNT,
        required=False,
        allow_null=True,
        default=None,
        help_text="The envelope in euros (empty: set later).",
    )
    reserved_amount = serializers.IntegerField(
        min_value=0,
        max_value=MAX_AMOUNT,
        required=False,
        default=0,
        help_text="Euros of the envelope reserved for projects in priority neighbourhoods.",
    )


class CampaignCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(
        max_length=60,
        required=False,
        default="",
        allow_blank=True,
        help_text="Made from the name when absent.",
    )
    description = serializers.CharField(
        max_length=5000, required=False, default="", allow_blank=True
    )
    phases = PhaseSlotInput(
        many=True,
        required=False,
        default=list,
        help_text=(
            "The schedule: each phase once, in order, each ending after it starts and before the "
            "next one starts (start inclusive, end exclusive; the last may be open-ended). Empty: a "
            "draft."
        ),
    )
    areas = serializers.ListField(
        child=AreaEnvelopeInput(),
        allow_empty=False,
        min_length=1,
        max_length=100,
        help_text=(
            "The ballot areas, each once, with its envelope and reserved share (at most the "
            "envelope)."
        ),
    )
    voting_rule = serializers.ChoiceField(
        choices=Campaign.VotingRule.choices, default=Campaign.VotingRule.MAJORITY_JUDGMENT
    )
    tally_rule = serializers.ChoiceField(
        choices=Campaign.TallyRule.choices, default=Campaign.TallyRule.GREEDY
    )
    minimum_age = serializers.IntegerField(min_value=0, max_value=120, default=0)
    approval_max = serializers.IntegerField(
        min_value=1,
        max_value=1000,
        required=False,
        allow_null=True,
        default=None,
        help_text="Approval: at most this many projects per ballot (empty: no limit).",
    )
    cumulative_points = serializers.IntegerField(min_value=1, max_value=10000, default=10)
    knapsack_min_share = serializers.IntegerField(
        min_value=0, max_value=100, default=0, help_text="Knapsack: percent of the envelope."
    )
    auto_hide_reports = serializers.IntegerField(min_value=1, max_value=1000, default=3)
    retention_months = serializers.IntegerField(
        min_value=1, max_value=120, allow_null=True, default=None, help_text=RETENTION_HELP
    )

    def validate_name(self, value: str) -> str:
        value = clean_text(value)
        if not value:
            raise serializers.ValidationError("A campaign needs a name.", code="required")
        return value

    def validate_description(self, value: str) -> str:
        return clean_text(value, multiline=True)

    def validate_phases(self, value: list[dict]) -> list[dict]:
        seen: set[str] = set()
        for slot in value:
            if slot["phase"] in seen:
                raise serializers.ValidationError(f"The phase {slot['phase']} appears twice.")
            seen.add(slot["phase"])
        return value


class EnvelopeRefOutput(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")

    class Meta:
        model = Envelope
        fields = ["area", "amount", "reserved_amount"]


class CampaignCreatedOutput(CampaignOutput):
    """The campaign as created: what everyone reads, plus its envelopes and voting settings."""

    envelopes = EnvelopeRefOutput(many=True, read_only=True)

    class Meta(CampaignOutput.Meta):
        fields = [
            *CampaignOutput.Meta.fields,
            "tally_rule",
            "minimum_age",
            "approval_max",
            "cumulative_points",
            "knapsack_min_share",
            "envelopes",
        ]
