"""Reads for proposals."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts import roles
from core.geojson import feature_collection
from core.tiles import tile_clusters
from moderation.models import Report

from .models import MapCell, Proposal


def with_rule_facts(qs: QuerySet[Proposal], *, user: Any) -> QuerySet[Proposal]:
    """Annotate what the rules of the ``can`` maps read about reports (``proposals.rules``), so
    a list costs no query per row: ``reported_by_me`` for a signed-in reader, and for officials
    ``has_open_reports`` (whether there is something to restore or dismiss)."""
    if roles.is_authenticated(user):
        qs = qs.annotate(
            reported_by_me=Exists(Report.objects.filter(proposal=OuterRef("pk"), reporter=user))
        )
    if roles.is_official(user):
        qs = qs.annotate(
            has_open_reports=Exists(
                Report.objects.filter(proposal=OuterRef("pk"), handled_at__isnull=True)
            )
        )
    return qs


def with_supports(qs: QuerySet[Proposal], *, user: Any = None) -> QuerySet[Proposal]:
    """Annotate ``support_count`` (one correlated subquery on ``conversations.Support``, by its
    unique index: no query per row; filters and orders like a column) and, for a signed-in
    reader, ``supported_by_me``. Supports live in the app above (conversations): its model is
    named through the app registry, so this layer imports nothing from it."""
    support = apps.get_model("conversations", "Support")
    counted = (
        support.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("*"))
        .values("n")
    )
    qs = qs.annotate(support_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
    if roles.is_authenticated(user):
        qs = qs.annotate(
            supported_by_me=Exists(support.objects.filter(proposal=OuterRef("pk"), user=user))
        )
    return qs


def publicly_visible() -> Q:
    """What everyone sees (the public list, the public map): placed, not withdrawn, not hidden
    by moderation."""
    return (
        Q(location_status=Proposal.LocationStatus.PLACED)
        & ~Q(status=Proposal.Status.WITHDRAWN)
        & Q(is_hidden=False)
    )


def proposal_list(*, user: Any) -> QuerySet[Proposal]:
    """What ``user`` may see: the public sees placed, non-withdrawn proposals that moderation has
    not hidden; authors also see their own in any state (hidden ones too, with the public
    reason); officials also see everything in the areas they handle and the proposals not yet
    placed in any area; administrators see everything. For a signed-in user each proposal is
    annotated with ``reported_by_me`` (one subquery, no extra query per row)."""
    qs = (
        Proposal.objects.select_related(
            "campaign", "theme", "district", "quartier", "area", "author"
        )
        # The related polygons are never serialised with a proposal: don't load them.
        .defer("district__geometry", "quartier__geometry", "area__geometry")
        .prefetch_related("campaign__phases")
        .order_by("-created_at", "-id")
    )
    qs = with_supports(with_rule_facts(qs, user=user), user=user)
    signed_in = roles.is_authenticated(user)
    area_ids = roles.area_ids(user)
    if area_ids is None:  # administrators
        return qs
    public = publicly_visible()
    if roles.is_official(user):
        return qs.filter(public | Q(author=user) | Q(area_id__in=area_ids) | Q(area__isnull=True))
    if signed_in:
        return qs.filter(public | Q(author=user))
    return qs.filter(public)


# Each tile's single proposals' properties: name → field path (core/tiles.py builds the JSON).
TILE_PROPERTIES = {
    "title": "title",
    "theme": "theme__slug",
    "status": "status",
    "district": "district__code",
    "project": "project_id",
}
# The tile filters a ``MapCell`` keeps the values of (the others, words and supports, are read
# from the proposals).
MAP_CELL_FILTERS = frozenset({"campaign", "area", "district", "theme", "status"})
# Each map feature's properties (core/geojson.py builds the JSON): the tiles' and the count of
# supports (``with_supports``).
MAP_PROPERTIES = {**TILE_PROPERTIES, "supports": "support_count"}


def proposal_map_list() -> QuerySet[Proposal]:
    """The proposals of the public map: those everyone sees (``publicly_visible``, whatever the
    reader's role) that have a point, with their ``support_count``."""
    return with_supports(Proposal.objects.filter(publicly_visible(), location__isnull=False))


def proposal_map_geojson(*, queryset: QuerySet[Proposal] | None = None) -> bytes:
    """The public map's FeatureCollection as JSON bytes, built by PostgreSQL in one query:
    ``queryset`` (``proposal_map_list()`` narrowed by filters; by default all of it), kept to
    what the public sees even if given more, one Point feature a proposal (properties:
    ``MAP_PROPERTIES``), ordered by id."""
    base = proposal_map_list()
    queryset = base if queryset is None else queryset.filter(publicly_visible())
    if "support_count" not in queryset.query.annotations:
        queryset = with_supports(queryset)
    return feature_collection(queryset, geometry="location", properties=MAP_PROPERTIES)


def proposal_map_tile(
    *,
    z: int,
    x: int,
    y: int,
    queryset: QuerySet[Proposal] | None = None,
    cells: QuerySet[MapCell] | None = None,
) -> bytes:
    """The public map's tile ``z/x/y`` as JSON bytes (``core.tiles``): the proposals of
    ``queryset`` (as in ``proposal_map_geojson``, kept to what the public sees even if given
    more) counted in clusters, and those alone in their cell as features with
    ``TILE_PROPERTIES``. ``cells``, the ``MapCell`` rows of the same filters, answer the city's
    zooms without reading the proposals: only give them when the filters are those a cell
    keeps (``MAP_CELL_FILTERS``)."""
    base = proposal_map_list()
    queryset = base if queryset is None else queryset.filter(publicly_visible())
    return tile_clusters(
        queryset, geometry="location", properties=TILE_PROPERTIES, z=z, x=x, y=y, cells=cells
    )
