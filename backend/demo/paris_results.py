"""The demo Paris campaign in results: the winning projects of the Paris budget participatif 2023
(the city's file, real costs, arrondissements and "quartier populaire" flags, placed by the
offline geocoder) on majority-judgment ballots, with **simulated** ballots, tallied by the results
task, so that the results page shows a Paris campaign whose winners are on the map.

The ballots are made up (``demo.scale_ballots``: a few popular projects per area, graded by their
appeal), from a fixed seed; the campaign says so (``simulated_ballots``) and the results page
shows it beside the figures. Nobody voted: there are no participations, only anonymous ballots
written as counting writes them."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.db import transaction
from django.utils.text import slugify

from campaigns.models import Campaign, Theme
from campaigns.schedule import Phase
from campaigns.services import AreaEnvelope, campaign_create, campaign_phase_apply
from projects.services import project_import
from results.models import Result
from results.tasks import tally_campaign
from voting.models import Ballot

from .scale_ballots import AreaTaste
from .voting import CITY_AREA, _known_points, _location, envelope_for, winners_read

PARIS_RESULTS_SLUG = "demo-paris-resultats"
PARIS_RESULTS_NAME = "Budget participatif de Paris 2023 (démonstration)"
EDITION = "2023"
# Simulated voters per ballot: the city-wide ballot, and each arrondissement's.
CITY_VOTERS = 900
AREA_VOTERS = 150
SEED = 2023


@dataclass(frozen=True)
class ParisResultsReport:
    created: bool
    tallied: bool
    projects: int = 0
    located: int = 0
    ballots: int = 0
    results: int = 0  # published results (one per area)


def _simulated_ballots(campaign: Campaign, *, seed: int) -> int:
    """Anonymous majority-judgment ballots for every area, as counting writes them (no date, a
    random-looking receipt hash nobody holds)."""
    rng = np.random.default_rng(seed)
    by_area: dict[int, list[int]] = defaultdict(list)
    for pid, area_id in campaign.projects.order_by("id").values_list("id", "area_id"):
        by_area[area_id].append(pid)
    areas = {a.pk: a for a in campaign.areas.all()}
    rows = []
    for area_id in sorted(by_area):
        area = areas[area_id]
        taste = AreaTaste.draw(rng, by_area[area_id])
        voters = CITY_VOTERS if area.code == CITY_AREA else AREA_VOTERS
        for choices in taste.graded(rng, voters):
            n = len(rows)
            digest = hashlib.sha256(f"{campaign.slug}:simulated:{seed}:{n}".encode()).hexdigest()
            rows.append(
                Ballot(
                    campaign=campaign,
                    area=area,
                    rule=campaign.voting_rule,
                    choices=choices,
                    receipt_hash=digest,
                    cast_on=None,
                    counted=True,
                )
            )
    Ballot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def _create(*, csv_path: Path, now: datetime, seed: int) -> ParisResultsReport:
    winners, _skipped = winners_read(csv_path, editions=(EDITION,))
    by_area: dict[str, list] = defaultdict(list)
    for winner in winners:
        by_area[winner.area_code].append(winner)
    envelopes = {
        code: envelope_for([w.cost for w in ws], [w.cost for w in ws if w.priority])
        for code, ws in by_area.items()
    }
    order = sorted(envelopes, key=lambda c: (c != CITY_AREA, c))
    day = timedelta(days=1)
    campaign = campaign_create(
        slug=PARIS_RESULTS_SLUG,
        name=PARIS_RESULTS_NAME,
        description=(
            f"Campagne de démonstration en résultats : les projets lauréats du budget participatif "
            f"de Paris {EDITION} avec leurs coûts réels, au jugement majoritaire. Les bulletins "
            "sont simulés : personne n'a voté. Données Ville de Paris – opendata.paris.fr (ODbL)."
        ),
        schedule={
            Phase.SUBMISSION: (now - 300 * day, now - 240 * day),
            Phase.REVIEW: (now - 240 * day, now - 90 * day),
            Phase.VOTING: (now - 90 * day, now - 60 * day),
            Phase.RESULTS: (now - 60 * day, None),
        },
        areas=[AreaEnvelope(code, *envelopes[code]) for code in order],
        voting_rule=Campaign.VotingRule.MAJORITY_JUDGMENT,
        simulated_ballots=True,
        now=now,
    )
    areas = {a.code: a for a in campaign.areas.all()}
    themes = {slugify(t.name): t for t in Theme.objects.all()}
    known = _known_points()
    located = 0
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
        located += locations is not None
    campaign_phase_apply(campaign=campaign, now=now)
    ballots = _simulated_ballots(campaign, seed=seed)
    return ParisResultsReport(
        created=True, tallied=False, projects=len(winners), located=located, ballots=ballots
    )


def demo_paris_results_load(
    *, csv_path: Path, now: datetime, seed: int = SEED
) -> ParisResultsReport:
    """Create the campaign (projects, simulated ballots) unless it is there, then run the
    results task on it unless it has its published results. Idempotent: a second call changes
    nothing."""
    campaign = Campaign.objects.filter(slug=PARIS_RESULTS_SLUG).first()
    report = ParisResultsReport(created=False, tallied=False)
    if campaign is None:
        report = _create(csv_path=csv_path, now=now, seed=seed)
        campaign = Campaign.objects.get(slug=PARIS_RESULTS_SLUG)
    published = Result.objects.filter(campaign=campaign, published=True)
    tallied = False
    if not published.exists():
        # The task itself, as the worker runs it when the results phase starts.
        tally_campaign.apply(args=(campaign.pk,), throw=True)
        tallied = True
    return ParisResultsReport(
        created=report.created,
        tallied=tallied,
        projects=report.projects,
        located=report.located,
        ballots=report.ballots,
        results=published.count(),
    )
