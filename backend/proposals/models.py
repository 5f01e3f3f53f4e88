from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.db.models import Q


class Proposal(models.Model):
    """What a resident deposits: a project idea at a point and/or an address."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "déposée"
        IN_REVIEW = "in_review", "à l'étude"
        ACCEPTED = "accepted", "recevable"
        REJECTED = "rejected", "non recevable"
        MERGED = "merged", "regroupée"
        WITHDRAWN = "withdrawn", "retirée"

    class LocationStatus(models.TextChoices):
        PLACED = "placed", "placed"  # the point is known and inside the city
        PENDING = "pending", "pending"  # only an address: a geocoding task will place it
        FAILED = "failed", "failed"  # the address could not be placed: officials fix it by hand

    class Scope(models.TextChoices):
        ARRONDISSEMENT = "arrondissement", "arrondissement"
        CITY = "city", "city-wide"

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=5000)
    theme = models.ForeignKey("campaigns.Theme", on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.ARRONDISSEMENT)
    location = models.PointField(srid=4326, null=True, blank=True)
    address = models.CharField(max_length=250, blank=True)
    location_status = models.CharField(
        max_length=10, choices=LocationStatus.choices, default=LocationStatus.PLACED
    )
    location_error = models.CharField(max_length=250, blank=True)
    district = models.ForeignKey(
        "geo.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quartier = models.ForeignKey(
        "geo.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)

    # Moderation: hidden is a soft state beside the status, never a deletion.
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)  # public
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_count = models.PositiveIntegerField(default=0)

    # Review (feasibility study): the public answer, the officials' private notes, and an
    # answer prepared in advance and published later together with others.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    estimated_cost = models.PositiveBigIntegerField("coût estimé (€)", null=True, blank=True)
    public_answer = models.TextField(max_length=5000, blank=True)
    private_notes = models.TextField(max_length=10000, blank=True)
    prepared_decision = models.CharField(
        max_length=16,
        blank=True,
        choices=[("accepted", "accepted"), ("rejected", "rejected")],
    )
    prepared_cost = models.PositiveBigIntegerField(null=True, blank=True)
    prepared_answer = models.TextField(max_length=5000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    # Merging: into another proposal, or into a ballot project.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_proposals",
    )
    # Where the demo data came from (e.g. the id of a past winning project), empty otherwise.
    source_ref = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["campaign", "is_hidden", "-report_count"]),
            GinIndex(
                name="proposal_title_trgm",
                fields=["title"],
                opclasses=["gin_trgm_ops"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(location_status="placed") | Q(location__isnull=False),
                name="proposal_placed_has_location",
            ),
            models.CheckConstraint(
                condition=Q(location__isnull=False) | ~Q(address=""),
                name="proposal_has_location_or_address",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(estimated_cost__isnull=False),
                name="proposal_accepted_has_cost",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(public_answer=""),
                name="proposal_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def _unconstrained(to: str) -> models.ForeignKey:
    """A cell's reference: what the map's filters follow (``theme__slug``, ``district__code``…),
    without a database constraint (a cell is a count kept by triggers, never the referent's)."""
    return models.ForeignKey(
        to, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )


class MapCell(models.Model):
    """The public map's proposals counted per Web Mercator cell and per value of the tile filters
    (ADR 0008, docs/scaling.md "The map at 10× Paris"): what a tile of the city's zooms is added
    up from instead of reading every proposal it covers. Each proposal is counted at each
    ``level`` of ``core.tiles.CELL_LEVELS`` (the cell is the tile of that zoom holding it), so a
    wide tile reads a few coarse cells and a narrow one a few fine cells.

    Written only by PostgreSQL's triggers on ``proposals_proposal`` (migration 0004), in the
    transaction that changes a proposal: a proposal inserted is added to its cells; the cells a
    proposal leaves or reaches (moved, hidden, withdrawn, re-themed, deleted) are counted again,
    the finest from the proposals, the others from the finer level. ``n`` may be 0 (a cell
    emptied is kept)."""

    campaign = _unconstrained("campaigns.Campaign")
    area = _unconstrained("geo.Area")
    district = _unconstrained("geo.District")
    quartier = _unconstrained("geo.District")
    theme = _unconstrained("campaigns.Theme")
    status = models.CharField(max_length=16, choices=Proposal.Status.choices)
    level = models.SmallIntegerField()  # the zoom of the cell's tile
    cx = models.IntegerField()  # column, west to east
    cy = models.IntegerField()  # row, north to south
    n = models.IntegerField()
    sum_lon = models.FloatField(null=True)
    sum_lat = models.FloatField(null=True)
    west = models.FloatField(null=True)
    south = models.FloatField(null=True)
    east = models.FloatField(null=True)
    north = models.FloatField(null=True)
    first_id = models.BigIntegerField(null=True)  # the smallest and largest proposal ids
    last_id = models.BigIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    *("campaign", "area", "district", "quartier", "theme", "status"),
                    *("level", "cx", "cy"),
                ],
                nulls_distinct=False,
                name="map_cell_key",
            )
        ]
        indexes = [models.Index(fields=["campaign", "level", "cx", "cy"], name="map_cell_place")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.level}/{self.cx}/{self.cy}: {self.n}"
