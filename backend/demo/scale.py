"""A campaign at city scale for benchmarks and tests (``manage.py demo_scale``): proposals at real
BAN addresses spread like Paris's population, ballot projects merged from them, and voters with
declarations, voter-roll entries, participations and sealed ballots, written as the casting path
leaves them while the vote is still open (docs/adr/0007-ballot-secrecy.md), so that a benchmark
can time the count from the opening of the ballot box.

Seeded: the same arguments give the same campaign (the people, places, projects, costs and every
ballot's content; the seal's ciphertext differs, Fernet draws its IV). Idempotent: a campaign
already complete under the slug is left as it is; one left half written by an interrupted run is
removed and written again. Rows go through COPY (``demo.bulk``), committed table by table and
batch by batch, so no transaction holds the cluster's horizon for the whole run.

Choices where the issue is silent, as a city's operator and a researcher would expect:
- ballot projects: one for a hundred proposals (Paris 2021: 217 projects on the ballots; the
  10× preset keeps 1,000, about 55 per arrondissement ballot: ten times the voters do not make
  ballots ten times as long), spread over the areas like the proposals, two at least per area;
- a third of the proposals are merged into a project of their area, three fifths rejected with a
  public reason, the rest withdrawn; one in ten is city-wide (the "Tout Paris" ballot);
- every voter votes in the ballot of their arrondissement de cœur (their home's, nine times out
  of ten), and ``city_share`` of them (half) in the city-wide ballot as well; 15 % of the
  declarations are still pending, 0.2 % refused after casting (their ballots are left out when
  the box is opened); every ballot is cast online;
- popularity is Zipf-like per area (``demo.scale_ballots``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Campaign, Theme
from campaigns.schedule import Phase
from campaigns.services import AreaEnvelope, campaign_create, campaign_phase_apply
from geo.models import Area, District

from .bulk import Rates
from .voting import envelope_for

V = Campaign.VotingRule
GENERATING = "[demo_scale: en cours] "
EMAIL = "scale-voter-{:07d}@belvedere.invalid"

# Population municipale of each arrondissement, INSEE, recensement de la population 2021
# (populations légales millésimées 2021, géographie au 1er janvier 2024, insee.fr/fr/statistiques
# « Évolution et structure de la population », one page per commune 75101–75120), in thousands
# of inhabitants: only the shares matter here.
POPULATION_2021 = {
    "75101": 16, "75102": 20, "75103": 33, "75104": 28, "75105": 56,
    "75106": 40, "75107": 48, "75108": 35, "75109": 59, "75110": 83,
    "75111": 143, "75112": 139, "75113": 178, "75114": 136, "75115": 228,
    "75116": 163, "75117": 166, "75118": 191, "75119": 183, "75120": 194,
}  # fmt: skip

# (proposals, voters, ballot projects)
PRESETS = {"paris": (20_000, 200_000, 200), "10x": (200_000, 2_000_000, 1_000)}
CITY_PROPOSALS = 0.1  # share of city-wide proposals
MERGED, REJECTED = 0.35, 0.60  # the rest: withdrawn


@dataclass(frozen=True)
class ScaleSpec:
    proposals: int
    voters: int
    projects: int
    method: str = V.MAJORITY_JUDGMENT
    seed: int = 2026
    city_share: float = 0.5
    pending_share: float = 0.15
    refused_share: float = 0.002
    slug: str = ""

    @classmethod
    def preset(cls, scale: str, **kw: Any) -> ScaleSpec:
        proposals, voters, projects = PRESETS[scale]
        return cls(proposals, voters, projects, **kw)

    @property
    def campaign_slug(self) -> str:
        if self.slug:
            return self.slug
        sizes = {v: k for k, v in PRESETS.items()}.get(
            (self.proposals, self.voters, self.projects),
            f"{self.proposals}p-{self.voters}v",
        )
        return f"scale-{sizes}" + ("" if self.method == V.MAJORITY_JUDGMENT else f"-{self.method}")

    @property
    def signature(self) -> str:
        return (
            f"demo_scale proposals={self.proposals} voters={self.voters} "
            f"projects={self.projects} method={self.method} seed={self.seed} "
            f"city_share={self.city_share} pending={self.pending_share} "
            f"refused={self.refused_share}"
        )

    def rng(self, stream: int) -> np.random.Generator:
        """An independent, seeded stream for each part (adding a part changes no other)."""
        return np.random.default_rng([self.seed, stream])


@dataclass(frozen=True)
class Places:
    """The BAN addresses of the city, by arrondissement, with what a row needs."""

    labels: list[str]
    lon: np.ndarray
    lat: np.ndarray
    arrondissement: np.ndarray  # index into ``codes``
    quartier: list[int | None]  # geo District id
    codes: list[str]  # INSEE codes of the arrondissements, in POPULATION_2021 order
    by_arrondissement: list[np.ndarray]  # address indices of each

    def draw(self, rng: np.random.Generator, n: int, where: np.ndarray | None = None) -> np.ndarray:
        """``n`` address indices: the arrondissement by population (or ``where``), then an
        address of it uniformly."""
        if where is None:
            weights = np.array([POPULATION_2021[c] for c in self.codes], dtype=float)
            where = rng.choice(len(self.codes), size=n, p=weights / weights.sum())
        out = np.empty(n, dtype=np.int64)
        for a, indices in enumerate(self.by_arrondissement):
            mask = where == a
            out[mask] = indices[rng.integers(0, len(indices), size=int(mask.sum()))]
        return out

    def ewkt(self, i: int) -> str:
        return f"SRID=4326;POINT({self.lon[i]:.7f} {self.lat[i]:.7f})"


def places_load() -> Places:
    """Every address of the BAN table with its quartier (point in polygon, once), in BAN id
    order so that the same seed draws the same addresses in any database."""
    sql = (
        "SELECT a.label, ST_X(a.point), ST_Y(a.point), a.citycode, q.id "
        "FROM addresses_address a LEFT JOIN geo_district q "
        "ON q.level = 'quartier' AND ST_Covers(q.geometry, a.point) ORDER BY a.ban_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    if not rows:
        raise RuntimeError("No BAN address: run `manage.py load_addresses` first.")
    codes = list(POPULATION_2021)
    index = {c: i for i, c in enumerate(codes)}
    arrondissement = np.array([index[r[3]] for r in rows], dtype=np.int64)
    return Places(
        labels=[r[0] for r in rows],
        lon=np.array([r[1] for r in rows]),
        lat=np.array([r[2] for r in rows]),
        arrondissement=arrondissement,
        quartier=[r[4] for r in rows],
        codes=codes,
        by_arrondissement=[np.flatnonzero(arrondissement == a) for a in range(len(codes))],
    )


@dataclass(frozen=True)
class Geography:
    """The ballot areas and arrondissements, as ids."""

    city: Area
    areas: list[Area]  # arrondissement ballot areas, by code
    area_of: list[int]  # per arrondissement (Places.codes order): index into ``areas``
    district_of: list[int]  # per arrondissement: geo District id

    @property
    def population(self) -> np.ndarray:
        """Each arrondissement area's population (thousands)."""
        out = np.zeros(len(self.areas))
        for a, code in enumerate(POPULATION_2021):
            out[self.area_of[a]] += POPULATION_2021[code]
        return out


def geography_load(places: Places) -> Geography:
    city = Area.objects.get(kind=Area.Kind.CITY)
    areas = list(
        Area.objects.filter(kind=Area.Kind.ARRONDISSEMENTS)
        .prefetch_related("districts")
        .order_by("code")
    )
    by_code = {d.code: i for i, a in enumerate(areas) for d in a.districts.all()}
    districts = dict(
        District.objects.filter(level=District.Level.ARRONDISSEMENT).values_list("code", "id")
    )
    return Geography(
        city=city,
        areas=areas,
        area_of=[by_code[c] for c in places.codes],
        district_of=[districts[c] for c in places.codes],
    )


@dataclass
class Report:
    slug: str
    created: bool
    rates: Rates = field(default_factory=Rates)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def _existing(spec: ScaleSpec) -> Campaign | None:
    campaign = Campaign.objects.filter(slug=spec.campaign_slug).first()
    if campaign is None:
        return None
    if campaign.description.startswith(GENERATING):
        campaign_remove(campaign)  # what an interrupted run left
        return None
    if spec.signature not in campaign.description:
        raise ValueError(
            f"The campaign « {campaign.slug} » was generated with other settings "
            f"({campaign.description.rsplit('(', 1)[-1].rstrip(')')}): pass --replace."
        )
    return campaign


def campaign_remove(campaign: Campaign) -> None:
    """Remove a generated campaign and everything written for it (not the voters' accounts,
    shared by every generated campaign)."""
    from audit.models import AuditRecord
    from results.models import Result
    from voting import models as vm

    with transaction.atomic():
        for model in (
            vm.SealedBallot,
            vm.Ballot,
            vm.DiscardedReceipt,
            vm.Participation,
            vm.IdentityConflict,
            vm.VoterRollEntry,
            vm.VoterDeclaration,
            Result,
        ):
            model.objects.filter(campaign=campaign).delete()
        campaign.proposals.all().delete()
        campaign.projects.all().delete()
        AuditRecord.objects.filter(campaign=campaign).delete()
        campaign.delete()


def _timed(rates: Rates, table: str, write: Callable[[], int]) -> int:
    started = time.perf_counter()
    rows = write()
    rates.add(table, rows, time.perf_counter() - started)
    return rows


def demo_scale_load(
    *, spec: ScaleSpec, now: datetime | None = None, replace: bool = False, out: Any = None
) -> Report:
    """Generate the campaign ``spec`` describes (see the module's docstring); ``out`` receives
    the progress bars (stdout by default)."""
    from . import scale_people, scale_proposals

    started = time.perf_counter()
    now = now or timezone.now()
    if replace:
        for old in Campaign.objects.filter(slug=spec.campaign_slug):
            campaign_remove(old)
    existing = _existing(spec)
    if existing is not None:
        return Report(slug=existing.slug, created=False)
    report = Report(slug=spec.campaign_slug, created=True)
    places = places_load()
    geography = geography_load(places)
    themes = list(Theme.objects.order_by("position", "slug"))
    plan = scale_proposals.projects_plan(spec, geography)
    voting_start = now - timedelta(days=21)
    campaign = _campaign_create(spec, geography, plan, now=now, voting_start=voting_start)
    report.counts["projects"] = _timed(
        report.rates,
        "projects_project",
        lambda: scale_proposals.projects_write(spec, campaign, places, geography, plan, themes),
    )
    report.counts["proposals"] = _timed(
        report.rates,
        "proposals_proposal",
        lambda: scale_proposals.proposals_write(
            spec, campaign, places, geography, themes, now=now, out=out
        ),
    )
    counts = scale_people.people_write(
        spec, campaign, places, geography, voting_start=voting_start, now=now,
        rates=report.rates, out=out,
    )  # fmt: skip
    report.counts.update(counts)
    Campaign.objects.filter(pk=campaign.pk).update(
        description=campaign.description.removeprefix(GENERATING)
    )
    with connection.cursor() as cursor:
        for table in ("voting_sealedballot", "voting_participation", "proposals_proposal"):
            cursor.execute(f"ANALYZE {table}")
    report.seconds = time.perf_counter() - started
    return report


def _campaign_create(
    spec: ScaleSpec, geography: Geography, plan: Any, *, now: datetime, voting_start: datetime
) -> Campaign:
    """The campaign through the service (schedule, areas and envelopes, method), in its voting
    phase: three weeks of voting done, one to go, then the results."""
    approval = spec.method == V.APPROVAL
    areas = []
    for area in [geography.city, *geography.areas]:
        costs = plan.costs[area.code]
        priority = [c for c, p in zip(costs, plan.priority[area.code], strict=True) if p]
        amount, reserved = envelope_for(costs, priority)
        areas.append(AreaEnvelope(area.code, amount, 0 if approval else reserved))
    with transaction.atomic():
        campaign = campaign_create(
            slug=spec.campaign_slug,
            name=f"Budget participatif à l'échelle ({spec.campaign_slug})",
            description=GENERATING
            + "Campagne générée pour les mesures de charge et de dépouillement "
            f"(docs/scaling.md). ({spec.signature})",
            schedule={
                Phase.SUBMISSION: (
                    voting_start - timedelta(days=150),
                    voting_start - timedelta(days=90),
                ),
                Phase.REVIEW: (voting_start - timedelta(days=90), voting_start),
                Phase.VOTING: (voting_start, voting_start + timedelta(days=28)),
                Phase.RESULTS: (voting_start + timedelta(days=28), None),
            },
            areas=areas,
            voting_rule=spec.method,
            tally_rule=Campaign.TallyRule.MES_INCREASE if approval else Campaign.TallyRule.GREEDY,
            approval_max=4 if approval else None,
            now=voting_start - timedelta(days=151),
        )
        campaign_phase_apply(campaign=campaign, now=now)
    return campaign
