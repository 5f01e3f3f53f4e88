"""Input and output shapes of the results API. Results carry counts, never a ballot or a person."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from geo.serializers import AreaRef
from voting.methods import GRADE_KEYS

from .models import Result
from .recount import recount, vote_type_of
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


class RecountParametersOutput(serializers.Serializer):
    vote_type = serializers.CharField(help_text="The ballot file's pabulib vote type.")
    method = serializers.CharField(help_text="The voting method.")
    budget = serializers.IntegerField(help_text="The envelope.")
    reserved_amount = serializers.IntegerField(
        help_text="The share reserved for priority projects (their PROJECTS column priority=1)."
    )
    satisfaction = serializers.CharField(
        allow_null=True, help_text="The pabutools satisfaction class the rule counts with."
    )


class RecountOutput(serializers.Serializer):
    ballot_file = serializers.CharField(help_text="URL of the anonymous ballot file (.pb).")
    file_name = serializers.CharField(help_text="The name it downloads as.")
    rule = serializers.CharField()
    parameters = RecountParametersOutput()
    inputs_hash = serializers.CharField(help_text="SHA-256 of what the result was computed from.")
    pabutools = serializers.CharField(
        allow_null=True,
        help_text="Shell command recounting the downloaded file with pabutools 1.2.3 (prints "
        "the winners' ids as JSON). Majority judgment, which pabutools lacks: a short script "
        "that reads the file with pabutools and ranks by majority values, then funds in rank "
        "order. Null for a rule with neither.",
    )
    pabutools_note = serializers.CharField()
    pb_tally = serializers.CharField(
        help_text="Shell command recounting it with this project's pb_import and pb_tally."
    )


class ResultOutput(serializers.ModelSerializer):
    area = AreaRef(read_only=True)
    winners = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()
    turnout = serializers.SerializerMethodField()
    recount = serializers.SerializerMethodField(
        help_text="The ballot file, the rule with its parameters, the inputs hash and the "
        "commands that recount the result (pabutools, pb_tally)."
    )
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
            "statement_en",
            "arithmetic",
            "certified_runs",
            "exact_runs",
            "exact_recount",
            "recounted_at",
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
            "recount",
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

    @extend_schema_field(RecountOutput)
    def get_recount(self, obj: Result) -> dict[str, Any]:
        request = self.context.get("request")
        base = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
        vote_types = self.context.setdefault("vote_types", {})  # one look-up per campaign
        if obj.campaign_id not in vote_types:
            vote_types[obj.campaign_id] = vote_type_of(obj.campaign)
        return recount(obj, vote_type=vote_types[obj.campaign_id], base_url=base)

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
    public = serializers.BooleanField(help_text="Whether the results are public (always true)")
    count_started_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When counting started: the ballot box was opened and the counted set became "
        "final.",
    )
    late_refusals = serializers.IntegerField(
        help_text="Declarations refused after counting started: recorded and reported, never "
        "subtracted from the count (their ballots, anonymous by then, are counted)."
    )
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
