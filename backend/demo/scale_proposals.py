"""The proposals and ballot projects of a generated campaign (``demo.scale``): projects planned
per area (costs, priority flags) before the campaign's envelopes are set, then written; proposals
at BAN addresses drawn by population, a third merged into a project of their area."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.contrib.gis.geos import MultiPoint, Point

from campaigns.models import Campaign, Theme
from projects.models import Project
from proposals.models import Proposal

from .bulk import Progress, copy_rows
from .scale import (
    CITY_PROPOSALS,
    MERGED,
    POPULATION_2021,
    REJECTED,
    Geography,
    Places,
    ScaleSpec,
)

BATCH = 20_000
PRIORITY_SHARE = 0.3  # projects flagged "quartier populaire"
REASONS = (
    "Non recevable : relève du fonctionnement courant des services de la Ville.",
    "Non recevable : le coût de fonctionnement dépasse ce que le budget participatif finance.",
    "Non recevable : l'emplacement est sur le domaine privé.",
    "Non recevable : un projet semblable est déjà programmé.",
)
IDEAS = (
    "Végétaliser",
    "Rénover",
    "Aménager",
    "Sécuriser",
    "Éclairer",
    "Apaiser",
    "Équiper",
    "Embellir",
)


@dataclass(frozen=True)
class ProjectsPlan:
    counts: dict[str, int]  # area code → number of projects
    costs: dict[str, list[int]]
    priority: dict[str, list[bool]]


def _largest_remainder(total: int, weights: np.ndarray, minimum: int) -> list[int]:
    shares = weights / weights.sum() * total
    out = np.floor(shares).astype(int)
    for i in np.argsort(-(shares - out))[: total - int(out.sum())]:
        out[i] += 1
    return [max(int(n), minimum) for n in out]


def projects_plan(spec: ScaleSpec, geography: Geography) -> ProjectsPlan:
    """How many projects each area has (like its proposals: a tenth city-wide, the rest by
    population; two at least), what each costs (log-normal around 250,000 € in an
    arrondissement, 800,000 € city-wide, 10,000 € to 2 M€, to the thousand) and which are in a
    quartier populaire."""
    rng = spec.rng(1)
    codes = [geography.city.code, *(a.code for a in geography.areas)]
    weights = np.concatenate(
        [
            [CITY_PROPOSALS],
            (1 - CITY_PROPOSALS) * geography.population / geography.population.sum(),
        ]
    )
    counts = dict(zip(codes, _largest_remainder(spec.projects, weights, 2), strict=True))
    costs, priority = {}, {}
    for code in codes:
        median = 800_000 if code == geography.city.code else 250_000
        raw = np.exp(rng.normal(np.log(median), 0.8, size=counts[code]))
        costs[code] = [int(c) for c in np.clip(np.round(raw, -3), 10_000, 2_000_000)]
        priority[code] = [bool(p) for p in rng.random(counts[code]) < PRIORITY_SHARE]
    return ProjectsPlan(counts=counts, costs=costs, priority=priority)


def _in_area(geography: Geography, places: Places, area_index: int | None) -> np.ndarray | None:
    """Arrondissement indices allowed for an area (None: the whole city)."""
    if area_index is None:
        return None
    return np.array([a for a, i in enumerate(geography.area_of) if i == area_index])


def projects_write(
    spec: ScaleSpec,
    campaign: Campaign,
    places: Places,
    geography: Geography,
    plan: ProjectsPlan,
    themes: list[Theme],
) -> int:
    """The ballot projects, each at a BAN address of its area."""
    rng = spec.rng(2)
    rows = []
    for index, area in enumerate([geography.city, *geography.areas]):
        allowed = _in_area(geography, places, None if index == 0 else index - 1)
        n = plan.counts[area.code]
        if allowed is None:
            where = None
        else:
            weights = np.array([POPULATION_2021[places.codes[a]] for a in allowed], dtype=float)
            where = rng.choice(allowed, size=n, p=weights / weights.sum())
        at = places.draw(rng, n, where)
        for k in range(n):
            theme = themes[int(rng.integers(len(themes)))]
            i = int(at[k])
            street = places.labels[i].split(" ", 1)[-1].rsplit(" ", 2)[0]
            rows.append(
                Project(
                    campaign=campaign,
                    area=area,
                    title=f"{IDEAS[int(rng.integers(len(IDEAS)))]} : {theme.name.lower()}, "
                    f"{street} (projet {area.code}-{k + 1:04d})"[:150],
                    description=f"Projet {k + 1} du scrutin {area.name}, regroupant des "
                    "propositions d'habitants du quartier.",
                    cost=plan.costs[area.code][k],
                    priority_flagged=plan.priority[area.code][k],
                    locations=MultiPoint(Point(places.lon[i], places.lat[i]), srid=4326),
                    theme=theme,
                )
            )
    Project.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def proposals_write(
    spec: ScaleSpec,
    campaign: Campaign,
    places: Places,
    geography: Geography,
    themes: list[Theme],
    *,
    now: datetime,
    out: Any = None,
) -> int:
    """The proposals, COPYed in batches: each at an address drawn by population; one in ten
    city-wide; a third merged into a project of its area (Zipf-like: the first projects gather
    more), three fifths rejected with a reason, the rest withdrawn."""
    rng = spec.rng(3)
    by_area: dict[int, list[int]] = {}
    for pk, area_id in Project.objects.filter(campaign=campaign).values_list("id", "area_id"):
        by_area.setdefault(area_id, []).append(pk)
    area_ids = [a.pk for a in geography.areas]
    opened = now - timedelta(days=21 + 150)
    progress = Progress("proposals", spec.proposals, out)
    written = 0
    columns = (
        "campaign_id", "title", "description", "theme_id", "scope", "location", "address",
        "location_status", "location_error", "district_id", "quartier_id", "area_id", "status",
        "is_hidden", "hidden_reason", "report_count", "estimated_cost", "public_answer",
        "private_notes", "prepared_decision", "prepared_answer", "decided_at", "project_id",
        "source_ref", "created_at", "updated_at",
    )  # fmt: skip
    for start in range(0, spec.proposals, BATCH):
        n = min(BATCH, spec.proposals - start)
        at = places.draw(rng, n)
        city = rng.random(n) < CITY_PROPOSALS
        fate = rng.random(n)
        theme = rng.integers(len(themes), size=n)
        pick = rng.random(n)
        days = rng.random(n) * 60
        rows = []
        for k in range(n):
            i = int(at[k])
            arr = int(places.arrondissement[i])
            area_id = geography.city.pk if city[k] else area_ids[geography.area_of[arr]]
            projects = by_area.get(area_id, [])
            project = None
            if fate[k] < MERGED and projects:
                # Zipf-like: project j gets a share ∝ 1/(j+1).
                project = projects[min(int(len(projects) ** pick[k]) - 1, len(projects) - 1)]
                status = Proposal.Status.MERGED
            elif fate[k] < MERGED + REJECTED:
                status = Proposal.Status.REJECTED
            else:
                status = Proposal.Status.WITHDRAWN
            created = opened + timedelta(days=float(days[k]))
            decided = created + timedelta(days=75) if status != Proposal.Status.WITHDRAWN else None
            t = themes[int(theme[k])]
            label = places.labels[i]
            rows.append(
                (
                    campaign.pk,
                    f"{IDEAS[(start + k) % len(IDEAS)]} : {t.name.lower()}, {label}"[:150],
                    f"Proposition n° {start + k + 1} déposée au {label}.",
                    t.pk,
                    Proposal.Scope.CITY if city[k] else Proposal.Scope.ARRONDISSEMENT,
                    places.ewkt(i),
                    label,
                    Proposal.LocationStatus.PLACED,
                    "",
                    geography.district_of[arr],
                    places.quartier[i],
                    area_id,
                    status,
                    False,
                    "",
                    0,
                    None if project is None else 10_000 + 1_000 * (start + k) % 490_000,
                    REASONS[(start + k) % len(REASONS)]
                    if status == Proposal.Status.REJECTED
                    else "",
                    "",
                    "",
                    "",
                    decided,
                    project,
                    f"scale-{start + k + 1}",
                    created,
                    decided or created,
                )
            )
        written += copy_rows(Proposal, columns, rows)
        progress.advance(n)
    progress.close()
    return written
