"""Reads for ballot projects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from accounts import roles
from core.errors import ApplicationError
from core.geojson import feature_collection
from proposals.models import Proposal
from proposals.selectors import proposal_list

from .models import Project


def project_list(*, user: Any) -> QuerySet[Project]:
    """Every project (they are public), with its source proposals: the public does not see the
    sources hidden by moderation, officials see them all."""
    sources = Proposal.objects.only("id", "title", "status", "project_id").order_by("id")
    if not roles.is_official(user):
        sources = sources.filter(is_hidden=False)
    return (
        Project.objects.select_related("campaign", "area", "theme")
        .prefetch_related("campaign__phases", Prefetch("source_proposals", queryset=sources))
        .order_by("campaign_id", "area__code", "title", "id")
    )


def proposals_by_ids(*, user: Any, ids: Iterable[int], field: str = "proposals") -> list[Proposal]:
    """The proposals ``user`` may see with these ids, in the given order; a 400 naming ``field``
    when one of them is unknown."""
    wanted = list(dict.fromkeys(ids))
    found = {p.pk: p for p in proposal_list(user=user).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ApplicationError(
            "No such proposal: " + ", ".join(f"#{pk}" for pk in missing[:20]) + ".", field=field
        )
    return [found[pk] for pk in wanted]


# Each map feature's properties: name → field path (core/geojson.py builds the JSON).
MAP_PROPERTIES = {
    "title": "title",
    "theme": "theme__slug",
    "cost": "cost",
    "area": "area__code",
}


def project_map_list() -> QuerySet[Project]:
    """The projects of the public map: every project (they are public)."""
    return Project.objects.all()


def project_map_geojson(*, queryset: QuerySet[Project] | None = None) -> bytes:
    """The public map's projects as FeatureCollection JSON bytes, built by PostgreSQL in one
    query: those of ``queryset`` (``project_map_list()`` narrowed by filters; by default all)
    that have locations, one Point feature a project (a point of its locations:
    ``ST_PointOnSurface``), properties ``MAP_PROPERTIES``, ordered by id."""
    queryset = project_map_list() if queryset is None else queryset
    return feature_collection(queryset, geometry="locations", properties=MAP_PROPERTIES)
