from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from accounts.selectors import PublicAuthor, public_author
from accounts.serializers import PublicAuthorRef
from campaigns.models import Campaign, Theme
from campaigns.serializers import ThemeRef
from core.errors import invalid
from core.fields import GeoJSONPointField, NullableGeoJSONPointField, SlugRef
from core.geojson import map_serializers
from core.text import clean_text
from geo.serializers import AreaRef, DistrictRef

from . import rules
from .models import Proposal

TITLE_MIN, TITLE_MAX = 5, 150
DESCRIPTION_MIN, DESCRIPTION_MAX = 20, 5000
ADDRESS_MAX = 250


class ProposalInput(serializers.Serializer):
    """A new proposal: a point (`location`) and/or an `address` (placed later by a task)."""

    campaign = SlugRef(slug_field="slug", queryset=Campaign.objects.all())
    # The bounds hold for the text as sent (stated in the schema: so not trimmed first) and once
    # cleaned (validate_*, which also trims).
    title = serializers.CharField(min_length=TITLE_MIN, max_length=TITLE_MAX, trim_whitespace=False)
    description = serializers.CharField(
        min_length=DESCRIPTION_MIN, max_length=DESCRIPTION_MAX, trim_whitespace=False
    )
    theme = SlugRef(slug_field="slug", queryset=Theme.objects.all())
    location = GeoJSONPointField(required=False, allow_null=True)
    address = serializers.CharField(max_length=ADDRESS_MAX, required=False, allow_blank=True)
    scope = serializers.ChoiceField(
        choices=Proposal.Scope.choices, required=False, default=Proposal.Scope.ARRONDISSEMENT
    )

    def validate_title(self, value: str) -> str:
        return _bounded(clean_text(value), TITLE_MIN, TITLE_MAX)

    def validate_description(self, value: str) -> str:
        return _bounded(clean_text(value, multiline=True), DESCRIPTION_MIN, DESCRIPTION_MAX)

    def validate_address(self, value: str) -> str:
        return _bounded(clean_text(value), 0, ADDRESS_MAX)

    def validate(self, attrs: dict) -> dict:
        if self.partial:
            return attrs
        if attrs.get("location") is None and not attrs.get("address"):
            raise serializers.ValidationError(
                {"location": ["Give a location (a GeoJSON Point) or an address."]}
            )
        return attrs


class ProposalUpdateInput(ProposalInput):
    """The author's changes (PATCH): any of the fields; `location: null` re-places from `address`."""

    campaign = None  # type: ignore[assignment]


def _bounded(value: str, low: int, high: int) -> str:
    if len(value) < low:
        raise invalid(f"At least {low} characters (without HTML).", "min_length", min_length=low)
    if len(value) > high:
        raise invalid(f"At most {high} characters.", "max_length", max_length=high)
    return value


class ActionsOutput(serializers.Serializer):
    """What the reader may do to the proposal now (``proposals.rules``: the very checks the
    services make)."""

    edit = serializers.BooleanField(help_text="PATCH the proposal (its author)")
    withdraw = serializers.BooleanField(help_text="POST …/withdraw/ (its author)")
    report = serializers.BooleanField(help_text="POST …/report/")
    moderate = serializers.BooleanField(help_text="`hide` or `restore`")
    hide = serializers.BooleanField(help_text="POST …/hide/")
    restore = serializers.BooleanField(help_text="POST …/restore/")
    review = serializers.BooleanField(help_text="`accept` and `reject`")
    start_review = serializers.BooleanField(help_text="POST …/review/start/")
    accept = serializers.BooleanField(help_text="POST …/review/accept/")
    reject = serializers.BooleanField(help_text="POST …/review/reject/")
    prepare = serializers.BooleanField(help_text="POST …/review/prepare/")
    note = serializers.BooleanField(help_text="POST …/review/notes/")
    assign = serializers.BooleanField(help_text="POST …/review/assign/")
    merge = serializers.BooleanField(
        help_text="POST …/merge/ into an accepted proposal, or make it (part of) a project"
    )
    support = serializers.BooleanField(help_text="POST …/support/ (« je soutiens »)")
    unsupport = serializers.BooleanField(help_text="DELETE …/support/ (take one's support back)")


class _ProposalFields(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = ThemeRef(read_only=True)
    # Null while an address waits to be placed (authors and officials see those).
    district = DistrictRef(read_only=True, allow_null=True)
    quartier = DistrictRef(read_only=True, allow_null=True)
    area = AreaRef(read_only=True, allow_null=True)
    can = serializers.SerializerMethodField()
    supports = serializers.SerializerMethodField()
    supported = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(min_value=0, help_text="« Je soutiens »"))
    def get_supports(self, obj: Proposal) -> int:
        count = getattr(obj, "support_count", None)
        return obj.supports.count() if count is None else int(count)

    @extend_schema_field(
        serializers.BooleanField(help_text="Whether the reader supports it (false signed out)")
    )
    def get_supported(self, obj: Proposal) -> bool:
        found = getattr(obj, "supported_by_me", None)
        if found is not None:
            return bool(found)
        user = getattr(self.context.get("request"), "user", None)
        if not getattr(user, "is_authenticated", False):
            return False
        return obj.supports.filter(user=user).exists()

    @extend_schema_field(ActionsOutput)
    def get_can(self, obj: Proposal) -> dict[str, bool]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        now = self.context.get("now") or timezone.now()
        return rules.actions(user, obj, now)


FIELDS = [
    "id",
    "campaign",
    "title",
    "description",
    "theme",
    "scope",
    "status",
    "location_status",
    "location_error",
    "address",
    "estimated_cost",
    "public_answer",
    "is_hidden",
    "hidden_reason",
    "merged_into",
    "project",
    "district",
    "quartier",
    "area",
    "created_at",
    "updated_at",
    "supports",
    "supported",
    "can",
]


class ProposalOutput(_ProposalFields):
    location = NullableGeoJSONPointField(read_only=True, allow_null=True)
    author = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [*FIELDS[:10], "location", *FIELDS[10:], "author"]
        read_only_fields = fields

    @extend_schema_field(PublicAuthorRef(allow_null=True))
    def get_author(self, obj: Proposal) -> PublicAuthor | None:
        """The author as everyone sees them (null for imported proposals)."""
        return public_author(obj.author)


class ProposalOfficialOutput(ProposalOutput):
    """What officials of the proposal's area see in addition: notes, prepared answer, reports."""

    assignee = serializers.EmailField(  # type: ignore[assignment]
        source="assignee.email", read_only=True, allow_null=True
    )
    prepared_decision = serializers.ChoiceField(
        choices=[("accepted", "accepted"), ("rejected", "rejected")],
        allow_blank=True,
        read_only=True,
        help_text='"" when no answer is prepared',
    )

    class Meta(ProposalOutput.Meta):
        fields = [
            *ProposalOutput.Meta.fields,
            "report_count",
            "assignee",
            "private_notes",
            "prepared_decision",
            "prepared_cost",
            "prepared_answer",
            "decided_at",
        ]
        read_only_fields = fields


class ProposalFeature(_ProposalFields, GeoFeatureModelSerializer):
    location = GeoJSONPointField(read_only=True)  # a plain dict: no GDAL round trip per row

    class Meta:
        model = Proposal
        geo_field = "location"
        fields = ["location", *FIELDS]
        read_only_fields = fields


class ProposalMapProperties(serializers.Serializer):
    title = serializers.CharField()
    theme = serializers.SlugField(help_text="Theme slug")
    status = serializers.ChoiceField(choices=Proposal.Status.choices)
    district = serializers.CharField(allow_null=True, help_text="INSEE code of the arrondissement")
    project = serializers.IntegerField(
        allow_null=True, help_text="Id of the ballot project it is part of"
    )
    supports = serializers.IntegerField(min_value=0, help_text="« Je soutiens »: how many")


ProposalMapFeature, ProposalMapCollection = map_serializers(
    "ProposalMap",
    ProposalMapProperties,
    doc="""The public map's proposals (``GET /map/proposals/``). Documents the answer, which
    PostgreSQL writes (``selectors.proposal_map_geojson``).""",
)


class ProposalTileProperties(serializers.Serializer):
    count = serializers.IntegerField(
        min_value=1, help_text="How many proposals: 1 for a proposal alone, 3 or more a cluster"
    )
    bbox = serializers.ListField(
        child=serializers.FloatField(),
        min_length=4,
        max_length=4,
        required=False,
        help_text="A cluster's extent, [west, south, east, north]: where a click zooms to",
    )
    title = serializers.CharField(required=False)
    theme = serializers.SlugField(required=False, help_text="Theme slug")
    status = serializers.ChoiceField(choices=Proposal.Status.choices, required=False)
    district = serializers.CharField(
        allow_null=True, required=False, help_text="INSEE code of the arrondissement"
    )
    project = serializers.IntegerField(
        allow_null=True, required=False, help_text="Id of the ballot project it is part of"
    )


ProposalTileFeature, ProposalTileCollection = map_serializers(
    "ProposalTile",
    ProposalTileProperties,
    doc="""One tile of the public map (``GET /map/proposals/tiles/{z}/{x}/{y}/``): the proposals
    of the tile counted per cell of a 4 × 4 grid. A cell of 3 proposals or more is a cluster
    (``count``, ``bbox``, no ``id``, drawn at the mean of its proposals); the others are the
    proposals themselves (``id``, ``count`` 1 and the lean path's properties). ``count`` is the
    number of proposals in the tile. Written by PostgreSQL (``selectors.proposal_map_tile``).""",
    id_required=False,
)
