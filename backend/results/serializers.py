"""Input and output shapes of the results API. Results carry counts, never a ballot or a person."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from geo.serializers import AreaRef
from voting.methods import GRADE_KEYS

from .models import Result
from .selectors import RULES


class WinnerOutput(serializers.Serializer):
    project = serializers.IntegerField(help_text="The project's id here.")
    id = serializers.CharField(help_text="The project's id in the published ballot file.")
    title = serializers.CharField()
    cost = serializers.IntegerField()
    priority = serializers.BooleanField(help_text="In a priority neighbourhood.")


class GradesOutput(serializers.Serializer):
    adore = serializers.FloatField()
    aime_bien = serializers.FloatField()
    pourquoi_pas = serializers.FloatField()
    pas_convaincu = serializers.FloatField()


class ProjectFiguresOutput(serializers.Serializer):
    rank = serializers.IntegerField()
    project = serializers.IntegerField()
    id = serializers.CharField()
    title = serializers.CharField()
    cost = serializers.IntegerField()
    priority = serializers.BooleanField()
    selected = serializers.BooleanField()
    votes = serializers.IntegerField(
        help_text="Ballots choosing the project (giving it points, or ranking it)."
    )
    points = serializers.FloatField(
        required=False, help_text="Total points (cumulative ballots, rankings)."
    )
    grades = GradesOutput(required=False, help_text="Majority judgment: voters per grade.")
    grade_shares = GradesOutput(required=False, help_text="Majority judgment: share per grade.")
    majority_grade = serializers.ChoiceField(choices=list(GRADE_KEYS), required=False)
    longitude = serializers.FloatField(required=False)
    latitude = serializers.FloatField(required=False)


class TurnoutOutput(serializers.Serializer):
    online = serializers.IntegerField()
    paper = serializers.IntegerField()
    ballots_counted = serializers.IntegerField()
    ballots_not_counted = serializers.IntegerField(
        help_text="Ballots of voters whose declaration was refused."
    )


class ResultOutput(serializers.ModelSerializer):
    area = AreaRef(read_only=True)
    winners = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()
    turnout = serializers.SerializerMethodField()
    budget_share_used = serializers.SerializerMethodField(
        help_text="The funded projects' cost as a share of the envelope (0 to 1)."
    )
    reserved_share_used = serializers.SerializerMethodField(
        help_text="The part of the reserved share priority projects took (0 to 1; null when "
        "nothing is reserved)."
    )

    class Meta:
        model = Result
        fields = [
            "area",
            "rule",
            "method",
            "statement",
            "published",
            "winners",
            "projects",
            "total_cost",
            "budget",
            "budget_share_used",
            "reserved_amount",
            "reserved_used",
            "reserved_share_used",
            "turnout",
            "inputs_hash",
            "computed_at",
        ]

    @extend_schema_field(WinnerOutput(many=True))
    def get_winners(self, obj: Result) -> list[dict[str, Any]]:
        return list(obj.winners)

    @extend_schema_field(ProjectFiguresOutput(many=True))
    def get_projects(self, obj: Result) -> list[dict[str, Any]]:
        return list(obj.projects)

    @extend_schema_field(TurnoutOutput)
    def get_turnout(self, obj: Result) -> dict[str, int]:
        return {
            "online": obj.turnout_online,
            "paper": obj.turnout_paper,
            "ballots_counted": obj.ballots_counted,
            "ballots_not_counted": obj.ballots_not_counted,
        }

    def get_budget_share_used(self, obj: Result) -> float:
        return round(obj.total_cost / obj.budget, 4) if obj.budget else 0.0

    def get_reserved_share_used(self, obj: Result) -> float | None:
        if not obj.reserved_amount:
            return None
        return round(obj.reserved_used / obj.reserved_amount, 4)


class ResultsCanOutput(serializers.Serializer):
    view = serializers.BooleanField()
    download_ballots = serializers.BooleanField()
    compare = serializers.BooleanField()


class ResultsOutput(serializers.Serializer):
    campaign = serializers.CharField()
    phase = serializers.CharField()
    public = serializers.BooleanField(help_text="False for an administrator's preview.")
    can = ResultsCanOutput()
    areas = ResultOutput(many=True)


class CompareInput(serializers.Serializer):
    rule = serializers.ChoiceField(choices=list(RULES))
    area = serializers.SlugField(
        max_length=40, required=False, help_text="One area's code (default: every area)."
    )


class CompareOutput(serializers.Serializer):
    campaign = serializers.CharField()
    rule = serializers.CharField()
    areas = ResultOutput(many=True)
