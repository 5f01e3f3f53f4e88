"""The demo campaign: the real winning projects of the Paris budget participatif (2014–2023),
placed on the map by geocoding their addresses through the geocoding service, each written by
``proposal_import`` (so each placement, or the reason there is none, is in the audit log)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from addresses import paris
from campaigns.models import Campaign, Theme
from campaigns.services import campaign_create
from core.text import clean_text

from .models import Proposal
from .services import proposal_import

DEMO_SLUG = "demo-paris"
CITY_SCALE = "Budget participatif parisien"


@dataclass
class DemoReport:
    placed: int = 0
    unplaced: list[tuple[str, str, str]] = field(default_factory=list)  # (id, address, reason)


def winner_geocode_query(address: str, code: str) -> str:
    """The text to geocode: the address, with the source's postcode when it is a Paris postcode
    the address does not already give."""
    address = " ".join(address.split())
    if paris.is_paris_postcode(code) and code not in address:
        return f"{address} {code} Paris"
    return f"{address} Paris"


def winner_description(row: dict[str, str]) -> str:
    """A winning project's description: its edition, scale, budget, lead department, progress
    and whether it lies in a quartier populaire, from its row of the city's file."""
    parts = [
        f"Projet lauréat du budget participatif {row['Edition']} "
        f"({row['Echelle du Budget participatif']}).",
    ]
    if row["Budget global du projet lauréat"]:
        parts.append(f"Budget : {row['Budget global du projet lauréat']} €.")
    if row["Direction pilote du projet lauréat"]:
        parts.append(f"Direction pilote : {row['Direction pilote du projet lauréat']}.")
    if row["Avancement du projet"]:
        parts.append(f"Avancement : {row['Avancement du projet']}.")
    if row["Projet en Quartier populaire"].strip().lower() in {"oui", "true", "1"}:
        parts.append("Projet en quartier populaire.")
    return " ".join(parts)


@transaction.atomic
def demo_campaign_load(*, csv_path: Path, now: datetime) -> DemoReport:
    """Create the demo campaign (open for submissions around ``now``) with one proposal per past
    winning project. Projects whose address cannot be placed are stored ``failed`` and reported."""
    campaign = campaign_create(
        slug=DEMO_SLUG,
        name="Budget participatif de Paris — démonstration",
        description=(
            "Campagne de démonstration : les projets lauréats du budget participatif de Paris "
            "(2014–2023), données Ville de Paris – opendata.paris.fr (ODbL)."
        ),
        submission_start=now - timedelta(days=30),
        submission_end=now + timedelta(days=90),
    )
    themes = {slugify(t.name): t for t in Theme.objects.all()}
    report = DemoReport()
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            proposal = _import_row(campaign, themes, row, now)
            if proposal.location_status == Proposal.LocationStatus.PLACED:
                report.placed += 1
            else:
                address = clean_text(row["Adresse du projet lauréat"])
                ref = row["Identifiant du projet lauréat"]
                report.unplaced.append((ref, address, proposal.location_error))
    return report


def _import_row(
    campaign: Campaign, themes: dict[str, Theme], row: dict[str, str], now: datetime
) -> Proposal:
    ref = row["Identifiant du projet lauréat"]
    code = row["Arrondissement du projet lauréat"].strip()
    address = clean_text(row["Adresse du projet lauréat"])
    theme = themes.get(slugify(row["Thématique"])) or themes["cadre-de-vie"]
    return proposal_import(
        campaign=campaign,
        title=clean_text(row["Titre du projet lauréat"])[:150] or f"Projet lauréat n° {ref}",
        description=winner_description(row),
        theme=theme,
        scope=(
            Proposal.Scope.CITY
            if row["Echelle du Budget participatif"] == CITY_SCALE
            else Proposal.Scope.ARRONDISSEMENT
        ),
        address=address or f"Paris ({code})",
        source_ref=f"bp-{ref}",
        now=now,
        geocode_query=winner_geocode_query(address, code)
        if address
        else "",  # "": nothing to geocode
        # the project's own arrondissement(s), as the source gives them
        within=paris.citycodes_of(code),
    )
