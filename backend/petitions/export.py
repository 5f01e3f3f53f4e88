"""Open data: the published petitions with their counts (counted signatures, in total and by
arrondissement of the signers), as CSV and GeoJSON. Never a signer's identity, shown name or
not, and never anything about held or rejected signatures but their absence from the counts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from .models import Petition
from .selectors import arrondissement_codes, export_counts_by_area, export_list

COLUMNS = [
    "id",
    "title",
    "status",
    "authority",
    "authority_name",
    "theme",
    "signature_count",
    "threshold",
    "published_at",
    "signing_ends_at",
    "threshold_reached_at",
    "answer_due_at",
    "answered_at",
    "proposal",
    "longitude",
    "latitude",
]


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def export_rows() -> tuple[list[str], list[dict[str, Any]]]:
    """(the arrondissement codes, one row per published petition), the counts by code in
    ``counts``."""
    petitions: list[Petition] = list(export_list())
    counts = export_counts_by_area(petition_ids=[p.pk for p in petitions])
    codes = arrondissement_codes()
    rows = []
    for p in petitions:
        rows.append(
            {
                "id": p.pk,
                "title": p.title,
                "status": p.status,
                "authority": p.area.code if p.area_id else "city",
                "authority_name": p.area.name if p.area_id else "Ville de Paris",
                "theme": p.theme.slug,
                "signature_count": p.signature_count,
                "threshold": p.threshold,
                "published_at": _iso(p.published_at),
                "signing_ends_at": _iso(p.signing_ends_at),
                "threshold_reached_at": _iso(p.threshold_reached_at),
                "answer_due_at": _iso(p.answer_due_at),
                "answered_at": _iso(p.answered_at),
                "proposal": p.proposal_id or "",
                "longitude": round(p.location.x, 6) if p.location is not None else "",
                "latitude": round(p.location.y, 6) if p.location is not None else "",
                "counts": counts.get(p.pk, {}),
                "point": p.location,
            }
        )
    return codes, rows


def to_csv(codes: list[str], rows: Iterable[dict[str, Any]]) -> str:
    """`;`-separated UTF-8 with a byte order mark (as the city's open data), CRLF; one column per
    arrondissement (``signatures_<code>``)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(f"signatures_{c}" for c in codes)])
    for row in rows:
        writer.writerow([row[c] for c in COLUMNS] + [row["counts"].get(code, 0) for code in codes])
    return out.getvalue()


def to_geojson(codes: list[str], rows: Iterable[dict[str, Any]]) -> str:
    """A FeatureCollection (RFC 7946) of every published petition (``geometry`` null for those
    without a place), with the CSV's columns and ``counts_by_area`` as properties."""
    features = []
    for row in rows:
        point = row["point"]
        properties = {c: row[c] for c in COLUMNS if c not in ("longitude", "latitude", "id")}
        properties["counts_by_area"] = {code: row["counts"].get(code, 0) for code in codes}
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": None
                if point is None
                else {"type": "Point", "coordinates": [round(point.x, 6), round(point.y, 6)]},
                "properties": properties,
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
