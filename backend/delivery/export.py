"""The delivered projects in the shape Paris publishes its own winning projects
(opendata.paris.fr, dataset ``bp_projets_gagnants``: /work/shared/data/paris/README.md), so that
the city's tools read ours as they read theirs: the same columns, in the same order and spelling
(« prévisonnelle » included), `;`-separated UTF-8 with a byte order mark and CRLF line ends; the
same values (``75005``, « Budget participatif d'arrondissement », « Oui »/« Non », « FIN »,
dates as ``YYYY-MM``). Two columns the city's file lacks come after its own: the budget spent
and every service in charge. The GeoJSON carries the same properties with a Point per project.

Column names and layout: « Ville de Paris – opendata.paris.fr », ODbL 1.0."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from geo.models import Area

from .models import MilestoneKind, Status

ATTRIBUTION = (
    "Format des données : jeu « bp_projets_gagnants », Ville de Paris – opendata.paris.fr "
    "(ODbL 1.0)."
)

# The city's columns, as its file spells them.
PARIS_COLUMNS = [
    "Identifiant du projet lauréat",
    "Lien URL vers le projet soumis au vote",
    "Lien URL vers le projet lauréat",
    "Edition",
    "Titre du projet lauréat",
    "Thématique",
    "Direction pilote du projet lauréat",
    "Budget global du projet lauréat",
    "Echelle du Budget participatif",
    "Adresse du projet lauréat",
    "Arrondissement du projet lauréat",
    "Projet en Quartier populaire",
    "Avancement du projet",
    "Date de début des études du projet",
    "Date de lancement des procédures du projet",
    "Date de lancement des travaux du projet",
    "Date prévisonnelle de livraison du projet",
    "Date d'ouverture du projet au public",
    "Dernière mise à jour des données du projet",
]
EXTRA_COLUMNS = ["Budget dépensé du projet lauréat", "Services en charge du projet lauréat"]
COLUMNS = PARIS_COLUMNS + EXTRA_COLUMNS

# The city's « Avancement du projet » words.
PROGRESS = {
    Status.STUDY: "ETUDES",
    Status.IN_PROGRESS: "TRAVAUX",
    Status.DELIVERED: "FIN",
    Status.ABANDONED: "ABANDONNÉ",
}
DATE_COLUMNS = {
    MilestoneKind.STUDY: "Date de début des études du projet",
    MilestoneKind.PROCEDURES: "Date de lancement des procédures du projet",
    MilestoneKind.WORKS: "Date de lancement des travaux du projet",
    MilestoneKind.DELIVERY: "Date prévisonnelle de livraison du projet",
    MilestoneKind.OPENING: "Date d'ouverture du projet au public",
}
CITY_SCALE = "Budget participatif parisien"
AREA_SCALE = "Budget participatif d’arrondissement"  # the city's typographic apostrophe


def postcode(area_code: str, area_kind: str) -> str:
    """The city's « Arrondissement » value: the postcode, 75123 for Paris Centre, and for a
    Paris-wide project that of the Hôtel de Ville (75004), as the city writes them."""
    if area_kind == Area.Kind.CITY:
        return "75004"
    if area_code == "paris-centre":
        return "75123"
    number = area_code.rsplit("-", 1)[-1]
    return f"750{int(number):02d}" if number.isdigit() else ""


def paris_record(row: dict[str, Any], public_url: str) -> dict[str, Any]:
    """One delivered project as the city's columns (plus ours after them)."""
    record: dict[str, Any] = {
        "Identifiant du projet lauréat": row["id"],
        "Lien URL vers le projet soumis au vote": "",
        "Lien URL vers le projet lauréat": f"{public_url}/realisations/{row['id']}",
        "Edition": row["edition"],
        "Titre du projet lauréat": row["title"],
        "Thématique": row["theme"],
        "Direction pilote du projet lauréat": row["services"][0] if row["services"] else "",
        "Budget global du projet lauréat": row["cost"],
        "Echelle du Budget participatif": (
            CITY_SCALE if row["area_kind"] == Area.Kind.CITY else AREA_SCALE
        ),
        "Adresse du projet lauréat": row["address"],
        "Arrondissement du projet lauréat": postcode(row["area_code"], row["area_kind"]),
        "Projet en Quartier populaire": "Oui" if row["priority"] else "Non",
        "Avancement du projet": PROGRESS[Status(row["status"])],
    }
    for kind, column in DATE_COLUMNS.items():
        record[column] = row["dates"].get(kind, "")
    record["Dernière mise à jour des données du projet"] = f"{row['updated_at']:%Y-%m-%d}"
    record["Budget dépensé du projet lauréat"] = row["budget_spent"]
    record["Services en charge du projet lauréat"] = " | ".join(row["services"])
    return record


def _safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (=, +, -, @) is quoted with an
    apostrophe (OWASP's advice against CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def to_csv(rows: list[dict[str, Any]], public_url: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        record = paris_record(row, public_url)
        writer.writerow({key: _safe_cell(value) for key, value in record.items()})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_geojson(rows: list[dict[str, Any]], public_url: str) -> bytes:
    """A FeatureCollection (RFC 7946, WGS84) with the same properties; a project with no
    location has a null geometry, as the specification allows."""
    features = []
    for row in rows:
        point = row["point"]
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": (
                    {"type": "Point", "coordinates": list(point)} if point is not None else None
                ),
                "properties": paris_record(row, public_url),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")
