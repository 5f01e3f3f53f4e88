"""Reads for winning projects' delivery: the tracked projects (list, detail, map) and the rows
of the open-data export."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from campaigns.schedule import Phase
from core.geojson import feature_collection
from results.models import Result

from .models import Delivery, Milestone, Photo, Status

MAP_PROPERTIES = {
    "title": "project__title",
    "status": "status",
    "area": "area__code",
    "area_name": "area__name",
    "campaign": "campaign__slug",
    "cost": "project__cost",
    "budget_spent": "budget_spent",
}


def delivery_list() -> QuerySet[Delivery]:
    return (
        Delivery.objects.select_related("project", "project__theme", "area", "campaign")
        .annotate(milestone_count=Count("milestones"))
        .order_by("campaign__slug", "area__code", "project__title", "pk")
    )


def delivery_detail() -> QuerySet[Delivery]:
    photos = Photo.objects.order_by("position", "id")
    milestones = Milestone.objects.order_by("-date", "-id").prefetch_related(
        Prefetch("photos", queryset=photos)
    )
    return (
        Delivery.objects.select_related("project", "project__theme", "area", "campaign")
        .prefetch_related("campaign__phases", Prefetch("milestones", queryset=milestones))
        .order_by("pk")
    )


def delivery_map_geojson(queryset: QuerySet[Delivery]) -> bytes:
    """The tracked projects placed on the map (at one of their project's locations)."""
    return feature_collection(queryset, geometry="project__locations", properties=MAP_PROPERTIES)


# --- the open-data export ------------------------------------------------------------------


def _edition(delivery: Delivery) -> str:
    """The campaign's year: that of its vote (else of its creation)."""
    for phase in delivery.campaign.phases.all():
        if phase.phase == Phase.VOTING:
            return str(phase.start.year)
    return str(delivery.campaign.created_at.year)


def _priority(campaign_ids: set[int]) -> dict[int, bool]:
    """{project id: in a priority neighbourhood} from the published results' winners."""
    flags: dict[int, bool] = {}
    rows = Result.objects.filter(campaign_id__in=campaign_ids, published=True).values_list(
        "winners", flat=True
    )
    for winners in rows:
        for winner in winners or []:
            if isinstance(winner.get("project"), int):
                flags[winner["project"]] = bool(winner.get("priority"))
    return flags


def _first_dates(milestones: list[Milestone]) -> dict[str, str]:
    """The first date of each kind of milestone, as Paris writes them (YYYY-MM)."""
    out: dict[str, str] = {}
    for milestone in sorted(milestones, key=lambda m: (m.date, m.pk)):
        out.setdefault(milestone.kind, f"{milestone.date:%Y-%m}")
    return out


def export_rows(queryset: QuerySet[Delivery]) -> list[dict[str, Any]]:
    """The delivered projects of ``queryset`` as plain data (``delivery.export`` writes them
    in the city's columns)."""
    deliveries = list(
        queryset.filter(status=Status.DELIVERED)
        .select_related("project", "project__theme", "area", "campaign")
        .prefetch_related("campaign__phases", "milestones")
        .order_by("campaign__slug", "area__code", "pk")
    )
    priority = _priority({d.campaign_id for d in deliveries})
    rows = []
    for delivery in deliveries:
        project = delivery.project
        point = None
        if project.locations:
            first = project.locations[0]
            point = (round(first.x, 6), round(first.y, 6))
        rows.append(
            {
                "id": project.pk,
                "edition": _edition(delivery),
                "title": project.title,
                "theme": project.theme.name if project.theme is not None else "",
                "services": list(delivery.services),
                "cost": project.cost,
                "budget_spent": delivery.budget_spent,
                "area_kind": delivery.area.kind,
                "area_code": delivery.area.code,
                "address": delivery.address,
                "priority": priority.get(project.pk, bool(project.priority_flagged)),
                "status": delivery.status,
                "dates": _first_dates(list(delivery.milestones.all())),
                "updated_at": delivery.updated_at,
                "point": point,
            }
        )
    return rows
