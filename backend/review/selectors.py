"""Reads for the feasibility study: the officials' review queue, duplicate suggestions, and the
rows of the CSV export."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import F, FloatField, Func, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat, Greatest

from accounts import roles
from proposals.models import Proposal
from proposals.selectors import with_rule_facts, with_supports

S = Proposal.Status

DUPLICATE_RADIUS_M = 300
DUPLICATE_MAX_RADIUS_M = 2000
DUPLICATE_LIMIT = 10
# Below this text similarity two proposals are not suggested as duplicates, however near.
MIN_SIMILARITY = 0.12
# Without a point (address not placed yet), only clearly similar texts are suggested.
MIN_SIMILARITY_WITHOUT_POINT = 0.3
# The score mixes text similarity (0–1) and nearness (1 at the same spot, 0 at the radius).
TEXT_WEIGHT, NEAR_WEIGHT = 0.7, 0.3
METRES_PER_DEGREE = 111_320.0


def review_queue(*, user: Any) -> QuerySet[Proposal]:
    """The proposals an official studies: those of the areas they handle (administrators: all),
    hidden ones included, oldest first."""
    qs = (
        Proposal.objects.select_related(
            "campaign", "theme", "district", "quartier", "area", "assignee", "author"
        )
        .prefetch_related("campaign__phases")
        .order_by("created_at", "id")
    )
    qs = with_rule_facts(qs, user=user)  # what the `can` maps read, without a query per row
    qs = with_supports(qs, user=user)  # the residents' supports, shown to officials
    area_ids = roles.area_ids(user)
    if area_ids is None:
        return qs
    if not roles.is_official(user):
        return qs.none()
    return qs.filter(area_id__in=area_ids)


def review_export(*, user: Any) -> QuerySet[Proposal]:
    """The queue with what the CSV export prints (authors' display names, never their emails)."""
    return (
        review_queue(user=user)
        .prefetch_related(None)
        .select_related("author")
        .defer("description", "private_notes", "prepared_answer", "location_error")
    )


class _Unaccent(Func):
    function = "unaccent"
    output_field = TextField()


@dataclass(frozen=True)
class Duplicate:
    id: int
    title: str
    status: str
    area: str | None
    distance_m: float | None
    similarity: float
    score: float


def proposal_duplicates(
    *, proposal: Proposal, radius_m: float = DUPLICATE_RADIUS_M, limit: int = DUPLICATE_LIMIT
) -> list[Duplicate]:
    """Other proposals of the same campaign that look like ``proposal``: within ``radius_m``
    metres and similar in text (pg_trgm on the titles and on title + description, accents
    ignored), withdrawn and merged ones left out, best first by a score mixing similarity and
    nearness. A proposal without a point gets the clearly similar texts of the campaign.

    The spatial index does the first cut (``dwithin`` in degrees, a box a little larger than the
    radius), then the exact distance on the sphere keeps the ones really within the radius."""
    # (typed Any: django-stubs expect plain strings where PostgreSQL takes any text expression)
    title: Any = _Unaccent(Value(proposal.title))
    text: Any = _Unaccent(Value(f"{proposal.title} {proposal.description}"))
    other_title: Any = _Unaccent(F("title"))
    other_text: Any = _Unaccent(
        Concat(F("title"), Value(" "), F("description"), output_field=TextField())
    )
    qs = (
        Proposal.objects.filter(campaign_id=proposal.campaign_id)
        .exclude(pk=proposal.pk)
        .exclude(status__in=[S.WITHDRAWN, S.MERGED])
        .annotate(
            title_sim=TrigramSimilarity(other_title, title),
            # How much of each title appears somewhere in the other's text.
            words_sim=Greatest(
                TrigramWordSimilarity(title, other_text),
                TrigramWordSimilarity(other_title, text),
            ),
            text_sim=TrigramSimilarity(other_text, text),
        )
        .annotate(
            similarity=Cast(
                0.4 * F("title_sim") + 0.3 * F("words_sim") + 0.3 * F("text_sim"),
                FloatField(),
            )
        )
        .select_related("area")
        .only("id", "title", "status", "area__code", "location")
    )
    point = proposal.location
    if point is None:
        rows = qs.filter(similarity__gte=MIN_SIMILARITY_WITHOUT_POINT).order_by(
            "-similarity", "id"
        )[:limit]
        return [_duplicate(row, None, radius_m) for row in rows]
    margin = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(point.y)), 0.01)) * 1.1
    rows = (
        qs.filter(location__dwithin=(point, margin))
        .filter(location__distance_lte=(point, D(m=radius_m)))
        .annotate(distance=Distance("location", point))
        .filter(similarity__gte=MIN_SIMILARITY)
    )
    found = [_duplicate(row, row.distance.m, radius_m) for row in rows]
    found.sort(key=lambda d: (-d.score, d.distance_m or 0.0, d.id))
    return found[:limit]


def _duplicate(row: Proposal, distance: float | None, radius_m: float) -> Duplicate:
    similarity = float(row.similarity)  # type: ignore[attr-defined]
    nearness = 0.0 if distance is None else max(0.0, 1.0 - distance / radius_m)
    return Duplicate(
        id=row.pk,
        title=row.title,
        status=row.status,
        area=row.area.code if row.area is not None else None,
        distance_m=None if distance is None else round(distance, 1),
        similarity=round(similarity, 3),
        score=round(TEXT_WEIGHT * similarity + NEAR_WEIGHT * nearness, 3),
    )
