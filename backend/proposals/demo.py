"""The demo campaign: the real winning projects of the Paris budget participatif (2014–2023),
placed on the map by geocoding their addresses with the configured (offline) geocoder."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils.text import slugify

from campaigns.models import Campaign, Theme
from campaigns.services import campaign_create
from core.errors import ApplicationError
from core.text import clean_text
from geo.selectors import point_locate
from integrations.geocoder import Geocoder, GeocoderError

from .models import Proposal
from .services import MIN_GEOCODE_SCORE, _place

DEMO_SLUG = "demo-paris"
CITY_SCALE = "Budget participatif parisien"
# Paris Centre (75123) groups the 1st–4th; 75116 is the 16th.
SOURCE_CODES = {"75123": {"75101", "75102", "75103", "75104"}, "75116": {"75116"}}


@dataclass
class DemoReport:
    placed: int = 0
    unplaced: list[tuple[str, str, str]] = field(default_factory=list)  # (id, address, reason)


def _expected_insee(code: str) -> set[str]:
    if code in SOURCE_CODES:
        return SOURCE_CODES[code]
    if code.startswith("750") and len(code) == 5:
        return {"751" + code[3:]}
    return set()


def _query(address: str, code: str) -> str:
    address = " ".join(address.split())
    if code.startswith("750") and code not in address:
        return f"{address} {code} Paris"
    return f"{address} Paris"


def _description(row: dict[str, str]) -> str:
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
def demo_campaign_load(*, csv_path: Path, geocoder: Geocoder, now: datetime) -> DemoReport:
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
            report_row = _import_row(campaign, themes, row, geocoder)
            if report_row is None:
                report.placed += 1
            else:
                report.unplaced.append(report_row)
    return report


def _import_row(
    campaign: Campaign, themes: dict[str, Theme], row: dict[str, str], geocoder: Geocoder
) -> tuple[str, str, str] | None:
    ref = row["Identifiant du projet lauréat"]
    code = row["Arrondissement du projet lauréat"].strip()
    address = clean_text(row["Adresse du projet lauréat"])
    theme = themes.get(slugify(row["Thématique"])) or themes["cadre-de-vie"]
    proposal = Proposal(
        campaign=campaign,
        author=None,
        title=clean_text(row["Titre du projet lauréat"])[:150] or f"Projet lauréat n° {ref}",
        description=_description(row),
        theme=theme,
        scope=(
            Proposal.Scope.CITY
            if row["Echelle du Budget participatif"] == CITY_SCALE
            else Proposal.Scope.ARRONDISSEMENT
        ),
        address=address or f"Paris ({code})",
        source_ref=f"bp-{ref}",
    )
    reason = _locate(proposal, address, code, geocoder) if address else "no address in the data"
    if reason:
        proposal.location_status = Proposal.LocationStatus.FAILED
        proposal.location_error = reason[:250]
    proposal.save()
    return (ref, address, reason) if reason else None


def _locate(proposal: Proposal, address: str, code: str, geocoder: Geocoder) -> str:
    """Place the project at the best confident candidate inside its own arrondissement(s); the
    reason it could not be placed otherwise."""
    try:
        candidates = geocoder.search(_query(address, code), limit=5)
    except GeocoderError as exc:
        return f"geocoder error: {exc}"
    confident = [c for c in candidates if c.score >= MIN_GEOCODE_SCORE]
    if not confident:
        return "no confident match in the address base"
    expected = _expected_insee(code)
    mismatch = ""
    for candidate in confident:
        point = Point(candidate.lon, candidate.lat, srid=4326)
        try:
            placement = point_locate(point=point)
        except ApplicationError as exc:
            mismatch = mismatch or exc.message
            continue
        if expected and placement.arrondissement.code not in expected:
            mismatch = mismatch or (
                f"matched « {candidate.label} » in {placement.arrondissement.name}, "
                f"not in the project's arrondissement ({code})"
            )
            continue
        _place(proposal, point)
        return ""
    return mismatch
