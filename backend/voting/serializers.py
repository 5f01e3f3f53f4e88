"""Input and output shapes of the voting API. No output names a person next to a ballot."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Campaign, Envelope
from core.fields import CleanTextField
from core.text import clean_text
from geo.serializers import AreaRef

from . import paper
from .methods import GRADES
from .models import Ballot, VoterDeclaration

MAX_CHOICES = 1000


# --- settings, envelopes, priority ----------------------------------------------------------


class VotingSettingsOutput(serializers.ModelSerializer):
    frozen = serializers.BooleanField()

    class Meta:
        model = Campaign
        fields = [
            "voting_rule",
            "minimum_age",
            "approval_max",
            "cumulative_points",
            "knapsack_min_share",
            "frozen",
        ]


class VotingSettingsInput(serializers.Serializer):
    minimum_age = serializers.IntegerField(min_value=0, max_value=120, required=False)
    approval_max = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True
    )
    cumulative_points = serializers.IntegerField(min_value=1, max_value=10000, required=False)
    knapsack_min_share = serializers.IntegerField(min_value=0, max_value=100, required=False)
    reason = CleanTextField(
        max_length=500, multiline=True, required=False, allow_blank=True, default=""
    )


class EnvelopeOutput(serializers.ModelSerializer):
    area = AreaRef(read_only=True)
    reserved_share = serializers.SerializerMethodField(
        help_text="The reserved amount as a share of the envelope (0 to 1)."
    )

    class Meta:
        model = Envelope
        fields = ["area", "amount", "reserved_amount", "reserved_share"]

    def get_reserved_share(self, obj: Envelope) -> float:
        return round(obj.reserved_amount / obj.amount, 4)


class EnvelopeInput(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, max_value=10**12, help_text="Euros.")
    reserved_amount = serializers.IntegerField(
        min_value=0, max_value=10**12, default=0, help_text="Euros reserved for priority zones."
    )
    reason = CleanTextField(
        max_length=500, multiline=True, required=False, allow_blank=True, default=""
    )


class PriorityInput(serializers.Serializer):
    priority = serializers.BooleanField()
    reason = CleanTextField(
        max_length=500, multiline=True, required=False, allow_blank=True, default=""
    )


class PriorityZonesResult(serializers.Serializer):
    zones = serializers.IntegerField()


class BallotProjectOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    cost = serializers.IntegerField()
    priority = serializers.BooleanField(
        help_text="In a priority neighbourhood: flagged by an official or inside a priority zone."
    )
    priority_flagged = serializers.BooleanField()
    in_priority_zone = serializers.BooleanField()


# --- can.vote ---------------------------------------------------------------------------------


class VoteCanOutput(serializers.Serializer):
    vote = serializers.BooleanField()
    replace = serializers.BooleanField()
    reason = serializers.CharField(
        allow_null=True,
        help_text="Why not, when ``vote`` is false: phase_closed, too_young, not_eligible, "
        "other_area_chosen, already_voted, already_voted_on_paper, declaration_missing, "
        "email_not_verified, not_authenticated, not_in_campaign.",
    )
    message = serializers.CharField(allow_null=True)


class AreaVotingOutput(serializers.Serializer):
    area = AreaRef()
    envelope = serializers.IntegerField(allow_null=True)
    reserved_amount = serializers.IntegerField(allow_null=True)
    voted = serializers.ChoiceField(choices=["online", "paper"], allow_null=True)
    can = VoteCanOutput()


class DeclarationOutput(serializers.ModelSerializer):
    heart_area = AreaRef(allow_null=True, read_only=True)
    home_arrondissement = serializers.CharField(source="home_district.name", read_only=True)

    class Meta:
        model = VoterDeclaration
        fields = [
            "full_name",
            "birth_date",
            "address",
            "address_label",
            "home_arrondissement",
            "heart_area",
            "status",
            "review_reason",
            "reviewed_at",
        ]


class VotingStatusOutput(serializers.Serializer):
    campaign = serializers.SlugField()
    voting_rule = serializers.ChoiceField(choices=Campaign.VotingRule.choices)
    minimum_age = serializers.IntegerField()
    can = VoteCanOutput(help_text="May this person vote in at least one of the campaign's ballots.")
    declaration = DeclarationOutput(allow_null=True)
    areas = AreaVotingOutput(many=True)


# --- declarations -----------------------------------------------------------------------------


class DeclarationInput(serializers.Serializer):
    full_name = serializers.CharField(
        max_length=150,
        help_text="Your name as on your identity papers (required): with your birth date it "
        "finds you in the voter roll, where a paper ballot entered under your name would be.",
    )
    birth_date = serializers.DateField()
    address = serializers.CharField(max_length=200)
    heart_area = serializers.SlugField(
        max_length=40,
        required=False,
        allow_null=True,
        default=None,
        help_text="The code of an arrondissement area of the campaign (default: the area of the "
        "home address).",
    )

    def validate_address(self, value: str) -> str:
        value = clean_text(value)
        if not value:
            raise serializers.ValidationError("Enter your home address.", code="required")
        return value

    def validate_full_name(self, value: str) -> str:
        value = clean_text(value)
        if not paper.name_key(value):
            raise serializers.ValidationError(
                "Enter your full name, as on your identity papers.", code="required"
            )
        return value


class DeclarationOfficialOutput(DeclarationOutput):
    id = serializers.IntegerField(read_only=True)
    person = serializers.SerializerMethodField()

    class Meta(DeclarationOutput.Meta):
        fields = ["id", "person", *DeclarationOutput.Meta.fields]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"email": {"type": "string"}, "display_name": {"type": "string"}},
            "required": ["email", "display_name"],
        }
    )
    def get_person(self, obj: VoterDeclaration) -> dict[str, str]:
        return {"email": obj.person.email, "display_name": obj.person.display_name}


class DeclarationReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[VoterDeclaration.Status.CHECKED, VoterDeclaration.Status.REFUSED]
    )
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")

    def validate_reason(self, value: str) -> str:
        return clean_text(value, multiline=True)


# --- ballots ----------------------------------------------------------------------------------

_GRADE_HELP = ", ".join(f"{key} ({label})" for key, label in reversed(GRADES))


class BallotInput(serializers.Serializer):
    """The field the campaign's voting rule reads: ``projects`` (approval, knapsack),
    ``grades`` (majority judgment) or ``points`` (cumulative)."""

    area = serializers.SlugField(max_length=40, help_text="The code of the ballot's area.")
    projects = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=MAX_CHOICES,
        help_text="Approval and knapsack: the ids of the chosen projects.",
    )
    grades = serializers.DictField(
        child=serializers.CharField(max_length=40),
        required=False,
        help_text=f"Majority judgment: project id → grade, one of {_GRADE_HELP}. An ungraded "
        "project gets the lowest grade.",
    )
    points = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=10000),
        required=False,
        help_text="Cumulative: project id → points (at most the campaign's points in all).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("grades", "points"):
            if len(attrs.get(name) or {}) > MAX_CHOICES:
                raise serializers.ValidationError({name: [f"At most {MAX_CHOICES} entries."]})
        return attrs


_BALLOT_KEYS = frozenset(BallotInput().fields)
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,40}")
_GRADE_KEY = re.compile(r"[a-z0-9_]{1,40}")


def _plain_int(value: Any, low: int, high: int | None = None) -> bool:
    return type(value) is int and value >= low and (high is None or value <= high)


def ballot_input(data: Any) -> dict[str, Any] | None:
    """``BallotInput``'s validated data for a plainly valid ballot (an area's code, project ids
    as JSON numbers, grades as keys, points as JSON numbers, within the limits), read directly:
    every cast on vote day, where building the serializer's fields took a tenth of the request's
    time. None for anything else, which the serializer then reads, refuses or converts itself
    (``test_ballot_input_is_what_the_serializer_gives`` holds the two equal)."""
    if type(data) is not dict or not data.keys() <= _BALLOT_KEYS:
        return None
    area = data.get("area")
    if type(area) is not str or not _SLUG.fullmatch(area):
        return None
    out: dict[str, Any] = {"area": area}
    if "projects" in data:
        projects = data["projects"]
        if type(projects) is not list or len(projects) > MAX_CHOICES:
            return None
        if not all(_plain_int(p, 1) for p in projects):
            return None
        out["projects"] = list(projects)
    for name, plain in (
        ("grades", lambda v: type(v) is str and _GRADE_KEY.fullmatch(v) is not None),
        ("points", lambda v: _plain_int(v, 0, 10000)),
    ):
        if name not in data:
            continue
        given = data[name]
        if type(given) is not dict or len(given) > MAX_CHOICES:
            return None
        if not all(type(k) is str and plain(v) for k, v in given.items()):
            return None
        out[name] = dict(given)
    return out


class PaperBallotInput(BallotInput):
    """A ballot collected at a polling station, with its voter: ``email`` (their account) or
    ``full_name``, ``birth_date`` and ``address`` (the voter roll)."""

    area = None  # type: ignore[assignment]  # the area is in the path
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        attrs["full_name"] = clean_text(attrs["full_name"])
        attrs["address"] = clean_text(attrs["address"])
        if not attrs["email"]:
            missing = {
                name: ["Enter the voter's email, or their full name, birth date and address."]
                for name in ("full_name", "birth_date", "address")
                if not attrs[name]
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class PaperImportInput(serializers.Serializer):
    file = serializers.FileField(
        help_text="CSV, comma or semicolon separated, UTF-8: a header line, then one ballot a "
        "line. Identity columns: ``email``, or ``full_name``, ``birth_date`` (YYYY-MM-DD or "
        "DD/MM/YYYY) and ``address``. Every other column is the id of a project of the area's "
        "ballot; its cells hold the choice in the campaign's method: a grade key or label for "
        "majority judgment (empty: ungraded), points for cumulative voting, 1 or x for a chosen "
        "project in approval and knapsack voting (empty: not chosen)."
    )


class PaperImportOutput(serializers.Serializer):
    entered = serializers.IntegerField(help_text="How many ballots the file held and entered.")


class BallotReplaceInput(BallotInput):
    receipt = serializers.CharField(max_length=40, help_text="The receipt code of your ballot.")


class BallotChoiceOutput(serializers.Serializer):
    project = serializers.IntegerField()
    title = serializers.CharField()
    cost = serializers.IntegerField()
    grade = serializers.CharField(required=False)
    points = serializers.IntegerField(required=False)


class BallotOutput(serializers.Serializer):
    """A ballot as anyone holding its receipt sees it: nothing about who cast it."""

    campaign = serializers.SlugField(source="campaign.slug")
    campaign_name = serializers.CharField(source="campaign.name")
    area = AreaRef()
    rule = serializers.CharField()
    cast_on = serializers.DateField(
        allow_null=True, help_text="The day it was cast; not kept once counting has started."
    )
    status = serializers.ChoiceField(
        choices=["sealed", "counted", "not_counted"],
        help_text="sealed: in the ballot box until counting starts; counted; not_counted: left "
        "out because the voter's declaration was refused before counting (its content is gone).",
    )
    counted = serializers.BooleanField()
    choices = BallotChoiceOutput(many=True)


class BallotCastOutput(serializers.Serializer):
    receipt = serializers.CharField(
        help_text="Shown once, never stored: keep it to check or replace your ballot."
    )
    ballot = BallotOutput()


class ReceiptInput(serializers.Serializer):
    receipt = serializers.CharField(max_length=40)


def ballot_data(ballot: Ballot, titles: dict[int, tuple[str, int]]) -> dict[str, Any]:
    content = ballot.choices
    choices: list[dict[str, Any]] = []

    def item(pid: Any, **extra: Any) -> dict[str, Any]:
        title, cost = titles.get(int(pid), ("", 0))
        return {"project": int(pid), "title": title, "cost": cost, **extra}

    for pid in content.get("projects", []):
        choices.append(item(pid))
    for pid, grade in content.get("grades", {}).items():
        choices.append(item(pid, grade=grade))
    for pid, n in content.get("points", {}).items():
        choices.append(item(pid, points=n))
    # In the ballot's order (``titles`` is), not the stored content's: a JSON object's keys come
    # back from PostgreSQL in its own order, and approval ids are stored sorted by number.
    position = {pid: i for i, pid in enumerate(titles)}
    choices.sort(key=lambda c: (position.get(c["project"], len(position)), c["project"]))
    return {
        "campaign": ballot.campaign,
        "area": ballot.area,
        "rule": ballot.rule,
        "cast_on": ballot.cast_on,
        "status": getattr(ballot, "status", "counted" if ballot.counted else "not_counted"),
        "counted": ballot.counted,
        "choices": choices,
    }


_CHOICE_TYPES = {"project": int, "title": str, "cost": int, "grade": str, "points": int}


def ballot_cast_output(receipt: str, data: dict[str, Any]) -> dict[str, Any]:
    """What ``BallotCastOutput`` gives for ``receipt`` and ``ballot_data``, built directly: the
    answer to every cast on vote day, where DRF's serializers took a tenth of the request's time
    (``test_cast_output_is_what_the_serializer_gives`` holds the two equal)."""
    area, campaign, cast_on = data["area"], data["campaign"], data["cast_on"]
    return {
        "receipt": str(receipt),
        "ballot": {
            "campaign": str(campaign.slug),
            "campaign_name": str(campaign.name),
            "area": {"code": str(area.code), "name": str(area.name), "kind": str(area.kind)},
            "rule": str(data["rule"]),
            "cast_on": cast_on.isoformat() if cast_on is not None else None,
            "status": str(data["status"]),
            "counted": bool(data["counted"]),
            "choices": [
                {key: _CHOICE_TYPES[key](value) for key, value in choice.items()}
                for choice in data["choices"]
            ],
        },
    }


# --- identity conflicts -----------------------------------------------------------------------


class ConflictBallotOutput(serializers.Serializer):
    area = AreaRef()
    channel = serializers.ChoiceField(choices=["online", "paper"])


class ConflictSideOutput(serializers.Serializer):
    """One claim of the identity, as the officials compare them (never what was chosen)."""

    entry = serializers.IntegerField(source="entry.pk", help_text="The voter roll entry.")
    standing = serializers.CharField(
        source="entry.standing", help_text="holder, claimant, homonym or void."
    )
    full_name = serializers.CharField(source="entry.full_name")
    birth_date = serializers.DateField(source="entry.birth_date")
    address = serializers.CharField(source="entry.address")
    source = serializers.SerializerMethodField(
        help_text="online: an account's declaration; paper: a ballot entered by name."
    )
    account = serializers.SerializerMethodField()
    entered_at = serializers.DateTimeField(source="entry.created_at")
    declared_at = serializers.DateTimeField(source="declaration.created_at", allow_null=True)
    heart_area = serializers.SerializerMethodField()
    ballots = ConflictBallotOutput(many=True, help_text="Where this side voted, and how.")

    def get_source(self, side: dict[str, Any]) -> str:
        return "paper" if side["entry"].entered_by_id is not None else "online"

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"display_name": {"type": "string"}},
            "required": ["display_name"],
        }
    )
    def get_account(self, side: dict[str, Any]) -> dict[str, str] | None:
        user = side["entry"].user
        return {"display_name": user.display_name} if user is not None else None

    @extend_schema_field(AreaRef(allow_null=True))
    def get_heart_area(self, side: dict[str, Any]) -> Any:
        declaration = side["declaration"]
        area = declaration.heart_area if declaration is not None else side["entry"].heart_area
        return AreaRef(area).data if area is not None else None


class ConflictCanOutput(serializers.Serializer):
    decide = serializers.BooleanField()


class IdentityConflictOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["open", "decided"])
    channel = serializers.ChoiceField(
        choices=["online", "paper"], help_text="How the second claim came."
    )
    opened_at = serializers.DateTimeField()
    first = ConflictSideOutput(help_text="The claim that held the identity.")
    second = ConflictSideOutput(help_text="The second claim, with an entry of its own.")
    decision = serializers.CharField(
        help_text="first_is_genuine, second_is_genuine, different_people; empty while open."
    )
    reason = serializers.CharField()
    decided_by = serializers.CharField(allow_null=True, help_text="The official's display name.")
    decided_at = serializers.DateTimeField(allow_null=True)
    on_hold = serializers.IntegerField(
        help_text="How many ballots this conflict holds (not counted while it is open)."
    )
    can = ConflictCanOutput()


class IdentityConflictDecideInput(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=["first_is_genuine", "second_is_genuine", "different_people"],
        help_text="first_is_genuine: the second claim is void; second_is_genuine: the first "
        "claim is void; different_people: two people of the same name and birth date.",
    )
    reason = serializers.CharField(
        max_length=1000, help_text="Why (recorded; told to a voter whose claim is set aside)."
    )

    def validate_reason(self, value: str) -> str:
        value = clean_text(value, multiline=True)
        if not value:
            raise serializers.ValidationError("Say why.", code="required")
        return value
