"""The demo campaign open for voting: the real winning projects of the Paris budget participatif
2021–2023 (the majority-judgment editions, with Paris Centre) on the ballots again, with their
real costs, arrondissements and "quartier populaire" flags, so that a newcomer can register,
declare themselves and vote.

Everything goes through the services, audited: ``campaign_create`` (schedule, areas with their
envelopes and reserved shares, majority judgment, minimum age 7), ``project_import`` for each
project, ``campaign_phase_apply``. The envelope of each area is about half of what its projects
cost, so that the vote decides; a third of it at most is reserved for projects in quartiers
populaires."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.gis.geos import MultiPoint, Point
from django.db import transaction
from django.utils.text import slugify

from addresses import paris
from addresses.geocoding import address_place
from campaigns.models import Campaign, Theme
from campaigns.schedule import Phase
from campaigns.services import AreaEnvelope, campaign_create, campaign_phase_apply
from core.errors import ApplicationError
from core.text import clean_text
from geo.models import Area
from projects.services import project_import
from proposals.demo import CITY_SCALE, DEMO_SLUG, winner_description, winner_geocode_query
from proposals.models import Proposal

VOTING_SLUG = "demo-paris-vote"
EDITIONS = ("2021", "2022", "2023")
CITY_AREA = "paris"
ROUND = 10_000  # envelopes in round tens of thousands of euros
RESERVED_SHARE = 3  # at most a third reserved for quartiers populaires (as in Paris)
YES = {"oui", "true", "1"}


@dataclass(frozen=True)
class Winner:
    """One past winning project, as the city's file gives it."""

    ref: str
    area_code: str
    title: str
    description: str
    cost: int
    priority: bool
    theme: str
    address: str
    citycodes: frozenset[str]
    geocode_query: str


@dataclass
class VotingDemoReport:
    created: bool
    projects: int = 0
    located: int = 0
    envelopes: dict[str, tuple[int, int]] = field(default_factory=dict)  # code → (amount, reserved)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (ref, reason)


def _area_codes() -> dict[str, str]:
    """The ballot area of each arrondissement's INSEE code (the 1st–4th: Paris Centre)."""
    out: dict[str, str] = {}
    areas = Area.objects.filter(kind=Area.Kind.ARRONDISSEMENTS).prefetch_related("districts")
    for area in areas:
        for district in area.districts.all():
            out[district.code] = area.code
    return out


def winners_read(
    csv_path: Path, *, editions: Iterable[str] = EDITIONS
) -> tuple[list[Winner], list[tuple[str, str]]]:
    """The winning projects of ``editions`` with the ballot area each one belongs to: the city
    for the Paris-wide budget, else the area of the arrondissement(s) the file names; and the
    rows left out, with why (no cost, no single area: none in the editions used)."""
    wanted = set(editions)
    areas = _area_codes()
    out: list[Winner] = []
    skipped: list[tuple[str, str]] = []
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["Edition"] not in wanted:
                continue
            ref = row["Identifiant du projet lauréat"].strip()
            code = row["Arrondissement du projet lauréat"].strip()
            citycodes = paris.citycodes_of(code)
            if row["Echelle du Budget participatif"] == CITY_SCALE:
                area_code = CITY_AREA
            else:
                found = {areas[c] for c in citycodes if c in areas}
                if len(found) != 1:
                    skipped.append((ref, f"no single ballot area for « {code} »"))
                    continue
                area_code = found.pop()
            cost = row["Budget global du projet lauréat"].strip()
            if not cost.isdigit() or int(cost) <= 0:
                skipped.append((ref, f"no cost (« {cost} »)"))
                continue
            address = clean_text(row["Adresse du projet lauréat"])
            out.append(
                Winner(
                    ref=ref,
                    area_code=area_code,
                    title=clean_text(row["Titre du projet lauréat"])[:150]
                    or f"Projet lauréat n° {ref}",
                    description=winner_description(row),
                    cost=int(cost),
                    priority=row["Projet en Quartier populaire"].strip().lower() in YES,
                    theme=slugify(row["Thématique"]),
                    address=address,
                    citycodes=citycodes,
                    geocode_query=winner_geocode_query(address, code) if address else "",
                )
            )
    return out, skipped


def envelope_for(costs: list[int], priority_costs: list[int]) -> tuple[int, int]:
    """An area's envelope and reserved share: about half of what its projects cost (so the vote
    decides), at least the dearest one (so the favourite can be funded), rounded up to ten
    thousand euros; the reserved share at most a third of it, and no more than its projects in
    quartiers populaires cost."""
    half = -(-sum(costs) // 2)
    amount = max(half, max(costs))
    amount = -(-amount // ROUND) * ROUND
    reserved = min((amount // RESERVED_SHARE) // ROUND * ROUND, sum(priority_costs))
    return amount, reserved


def _known_points() -> dict[str, Point]:
    """Where the submission demo campaign placed the same projects (the same file, geocoded
    once): ``bp-<id>`` → point."""
    placed = Proposal.objects.filter(
        campaign__slug=DEMO_SLUG,
        location_status=Proposal.LocationStatus.PLACED,
        source_ref__startswith="bp-",
    ).values_list("source_ref", "location")
    return {ref[3:]: point for ref, point in placed if point is not None}


def _location(winner: Winner, area: Area, known: dict[str, Point]) -> MultiPoint | None:
    """The project's point: the submission demo's placement, else the geocoding service's; only
    inside its ballot area."""
    point = known.get(winner.ref)
    if point is None and winner.geocode_query:
        try:
            point = address_place(address=winner.geocode_query, within=winner.citycodes).point
        except ApplicationError:
            point = None
    if point is None or not area.geometry.covers(point):
        return None
    return MultiPoint(point, srid=4326)


@transaction.atomic
def demo_voting_load(
    *, csv_path: Path, now: datetime, editions: Iterable[str] = EDITIONS
) -> VotingDemoReport:
    """Create the demo campaign open for voting at ``now`` (for four weeks) with the winners of
    ``editions`` on its ballots. Idempotent: when the campaign exists, nothing changes."""
    if Campaign.objects.filter(slug=VOTING_SLUG).exists():
        return VotingDemoReport(created=False)
    winners, skipped = winners_read(csv_path, editions=editions)
    by_area: dict[str, list[Winner]] = defaultdict(list)
    for winner in winners:
        by_area[winner.area_code].append(winner)
    envelopes = {
        code: envelope_for([w.cost for w in ws], [w.cost for w in ws if w.priority])
        for code, ws in by_area.items()
    }
    order = sorted(envelopes, key=lambda c: (c != CITY_AREA, c))
    campaign = campaign_create(
        slug=VOTING_SLUG,
        name="Budget participatif de Paris — vote (démonstration)",
        description=(
            "Campagne de démonstration ouverte au vote : les projets lauréats du budget "
            f"participatif de Paris ({', '.join(sorted(set(editions)))}) avec leurs coûts réels, "
            "au jugement majoritaire. Données Ville de Paris – opendata.paris.fr (ODbL)."
        ),
        schedule={
            Phase.SUBMISSION: (now - timedelta(days=120), now - timedelta(days=60)),
            Phase.REVIEW: (now - timedelta(days=60), now),
            Phase.VOTING: (now, now + timedelta(days=28)),
            Phase.RESULTS: (now + timedelta(days=28), None),
        },
        areas=[AreaEnvelope(code, *envelopes[code]) for code in order],
        voting_rule=Campaign.VotingRule.MAJORITY_JUDGMENT,
        minimum_age=7,
        now=now,
    )
    report = VotingDemoReport(
        created=True, envelopes={c: envelopes[c] for c in order}, skipped=skipped
    )
    areas = {a.code: a for a in campaign.areas.all()}
    themes = {slugify(t.name): t for t in Theme.objects.all()}
    known = _known_points()
    for winner in winners:
        area = areas[winner.area_code]
        locations = _location(winner, area, known)
        project_import(
            campaign=campaign,
            area=area,
            title=winner.title,
            description=winner.description,
            cost=winner.cost,
            now=now,
            locations=locations,
            theme=themes.get(winner.theme) or themes.get("cadre-de-vie"),
            priority_flagged=winner.priority,
            external_id=f"bp-{winner.ref}",
        )
        report.projects += 1
        report.located += locations is not None
    campaign_phase_apply(campaign=campaign, now=now)
    return report
