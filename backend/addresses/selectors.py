"""Reads over the Base Adresse Nationale tables: fuzzy search and nearest address. The offline
geocoder back end runs on them (``addresses.geocoding`` hands them to the adapter); the API's
geocoding answers come from ``addresses.geocoding``, whichever back end the settings select.

The SQL names the tables of ``addresses.models`` (``addresses_street``, ``addresses_address``).

Fuzzy search in two short steps, both on indexes:

1. the query is parsed in Python (``normalize.parse_query``); the distinctive part of the street
   name ("rivoli" in "12 r. de Rivoli") is matched with pg_trgm against ``Street.core_search``
   (about 6,400 rows, trigram GIN index, ``%`` and ``<%`` operators) and scored in SQL;
2. for the best streets, one query picks the house number asked for, or the nearest one on that
   street (B-tree on ``(street_id, number)``), and Python combines text, number and arrondissement
   into the final score.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from .normalize import (
    ParsedQuery,
    edit_similarity,
    parse_query,
    street_label,
)

# pg_trgm thresholds of the candidate filter. A first pass is strict (the index stays selective);
# when no street's distinctive part matches at RELAX_BELOW or better (a typo in a short name: "ftees" for "fêtes"),
# a second pass with loose thresholds gathers more streets, re-ranked in Python with an edit
# distance that forgives a missing, doubled or swapped letter.
STRICT = (0.3, 0.5)  # (similarity, word_similarity)
RELAXED = (0.12, 0.3)
RELAX_BELOW = 0.95
STREET_CANDIDATES = 30
RELAXED_CANDIDATES = 80
EDIT_FLOOR = 0.7
STREETS_KEPT = 10  # at least this many streets get their house numbers looked up

# Score weights (each part is in 0..1, so the score is too).
W_TEXT, W_NUMBER, W_CITY = 0.85, 0.1, 0.05  # house numbers
W_STREET_TEXT, W_STREET_CITY = 0.95, 0.05  # streets
W_CORE, W_TYPE = 0.8, 0.2  # within the text score: distinctive part vs street type


@dataclass(frozen=True)
class AddressMatch:
    label: str
    lon: float
    lat: float
    score: float
    postcode: str
    citycode: str
    kind: str  # "housenumber" | "street"
    street: str
    number: int | None = None
    rep: str = ""
    exact: bool = True  # False when the number asked for does not exist and the nearest is given


@dataclass(frozen=True)
class NearestAddress:
    label: str
    lon: float
    lat: float
    distance_m: float
    postcode: str
    citycode: str
    number: int
    rep: str
    street: str


@dataclass(frozen=True)
class _StreetHit:
    id: int
    name: str
    postcode: str
    citycode: str
    lon: float
    lat: float
    text: float


_STREET_SQL = """
WITH matches AS (
    SELECT s.id, s.name, s.postcode, s.citycode, s.point, s.core_search, s.type_search,
           s.name_search,
           0.6 * similarity(s.core_search, %(core)s)
           + 0.4 * word_similarity(%(core)s, s.core_search) AS core_trgm
    FROM addresses_street s
    WHERE s.core_search %% %(core)s OR %(core)s <%% s.core_search
), best AS (
    SELECT * FROM matches
    ORDER BY core_trgm + CASE WHEN citycode = %(citycode)s THEN 0.1 ELSE 0 END DESC, id
    LIMIT %(limit)s
)
SELECT id, name, postcode, citycode, ST_X(point), ST_Y(point), core_search, type_search,
       core_trgm,
       0.6 * similarity(name_search, %(full)s) + 0.4 * word_similarity(%(full)s, name_search)
FROM best
"""

_NUMBER_SQL = """
SELECT DISTINCT ON (street_id) street_id, number, rep, label, ST_X(point), ST_Y(point)
FROM addresses_address
WHERE street_id = ANY(%(streets)s)
ORDER BY street_id,
         -- the nearest number, on the same side of the street unless the other side is much nearer
         abs(number - %(number)s) + CASE WHEN number %% 2 = %(number)s %% 2 THEN 0 ELSE 4 END,
         rep <> %(rep)s, rep <> '', rep
"""


def _street_rows(
    cursor: CursorWrapper, parsed: ParsedQuery, *, thresholds: tuple[float, float], limit: int
) -> list[tuple]:
    # Per-transaction settings: the thresholds of the `%` / `<%` operators, and no sequential
    # scan (the planner underrates the cost of trigram functions on 6,400 rows; the GIN index
    # answers in about a millisecond).
    cursor.execute(
        "SELECT set_config('pg_trgm.similarity_threshold', %s, true),"
        " set_config('pg_trgm.word_similarity_threshold', %s, true),"
        " set_config('enable_seqscan', 'off', true)",
        [str(thresholds[0]), str(thresholds[1])],
    )
    cursor.execute(
        _STREET_SQL,
        {
            "core": parsed.street_core,
            "full": parsed.street,
            "citycode": parsed.citycode,
            "limit": limit,
        },
    )
    return cursor.fetchall()


def _text_score(
    parsed: ParsedQuery, *, core: str, street_type: str, core_trgm: float, full_trgm: float
) -> float:
    """How well the street part of the query names this street, in 0..1: the distinctive part
    (trigrams, or edit distance for typos) and the street type, or the whole name (when the query
    takes a word of the name for a type: "porte de saint cloud")."""
    # an edit distance only counts from one edit in four letters up ("fetes"/"ftees": 0.8)
    floor = max(EDIT_FLOOR, core_trgm)
    core_score = max(core_trgm, edit_similarity(parsed.street_core, core, floor=floor))
    if not parsed.street_type:
        type_score = 0.5
    else:
        type_score = 1.0 if parsed.street_type == street_type else 0.0
    return min(1.0, max(W_CORE * core_score + W_TYPE * type_score, full_trgm))


def _street_hits(parsed: ParsedQuery, *, keep: int) -> list[_StreetHit]:
    with transaction.atomic(), connection.cursor() as cursor:
        rows = _street_rows(cursor, parsed, thresholds=STRICT, limit=STREET_CANDIDATES)
        # no street whose distinctive part matches almost exactly: look wider
        if not rows or max(float(r[8]) for r in rows) < RELAX_BELOW:
            rows += _street_rows(cursor, parsed, thresholds=RELAXED, limit=RELAXED_CANDIDATES)
    hits: dict[int, _StreetHit] = {}
    for row in rows:
        hits.setdefault(row[0], _hit(parsed, row))
    ranked = sorted(
        hits.values(),
        key=lambda h: (-(h.text + 0.1 * (h.citycode == parsed.citycode)), h.name, h.postcode),
    )
    return ranked[:keep]


def _hit(parsed: ParsedQuery, row: tuple) -> _StreetHit:
    return _StreetHit(
        id=row[0],
        name=row[1],
        postcode=row[2],
        citycode=row[3],
        lon=row[4],
        lat=row[5],
        text=_text_score(
            parsed,
            core=row[6],
            street_type=row[7],
            core_trgm=float(row[8]),
            full_trgm=float(row[9]),
        ),
    )


def _city_score(parsed: ParsedQuery, citycode: str) -> float:
    """1 when the query names no arrondissement or the right one, 0 when it names another."""
    return 1.0 if not parsed.citycode or parsed.citycode == citycode else 0.0


def _number_score(*, wanted: int, wanted_rep: str, number: int, rep: str) -> float:
    if number == wanted:
        return 1.0 if rep == wanted_rep else 0.75
    return max(0.1, 0.4 - 0.02 * abs(number - wanted))


def address_search(*, query: str, limit: int = 5) -> list[AddressMatch]:
    """Addresses (or streets, when the query has no house number) matching a free-text query the
    way people type it, best first, with a score in 0..1. No match is an empty list."""
    parsed = parse_query(query)
    if len(parsed.street_core) < 2:
        return []
    hits = _street_hits(parsed, keep=max(limit, STREETS_KEPT))
    if not hits:
        return []

    matches: list[AddressMatch] = []
    if parsed.number is None:
        for hit in hits:
            score = W_STREET_TEXT * hit.text + W_STREET_CITY * _city_score(parsed, hit.citycode)
            matches.append(
                AddressMatch(
                    label=street_label(street=hit.name, postcode=hit.postcode),
                    lon=hit.lon,
                    lat=hit.lat,
                    score=score,
                    postcode=hit.postcode,
                    citycode=hit.citycode,
                    kind="street",
                    street=hit.name,
                )
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                _NUMBER_SQL,
                {"streets": [h.id for h in hits], "number": parsed.number, "rep": parsed.suffix},
            )
            best = {r[0]: r[1:] for r in cursor.fetchall()}
        for hit in hits:
            if hit.id not in best:
                continue
            number, rep, label, lon, lat = best[hit.id]
            score = (
                W_TEXT * hit.text
                + W_NUMBER
                * _number_score(
                    wanted=parsed.number, wanted_rep=parsed.suffix, number=number, rep=rep
                )
                + W_CITY * _city_score(parsed, hit.citycode)
            )
            matches.append(
                AddressMatch(
                    label=label,
                    lon=lon,
                    lat=lat,
                    score=score,
                    postcode=hit.postcode,
                    citycode=hit.citycode,
                    kind="housenumber",
                    street=hit.name,
                    number=number,
                    rep=rep,
                    exact=number == parsed.number,
                )
            )
    matches.sort(key=lambda m: (-m.score, m.label))
    return [
        AddressMatch(**{**m.__dict__, "score": round(min(1.0, max(0.0, m.score)), 4)})
        for m in matches[:limit]
    ]


def address_nearest(
    *, lon: float, lat: float, max_distance_m: float | None = None
) -> NearestAddress | None:
    """The address nearest to a point (KNN on the GiST index), with its distance in metres;
    None when there is none within ``max_distance_m``."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH target AS (SELECT ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326) AS geom)
            SELECT a.label, ST_X(a.point), ST_Y(a.point),
                   ST_Distance(a.point::geography, target.geom::geography),
                   a.postcode, a.citycode, a.number, a.rep, s.name
            FROM target, LATERAL (
                SELECT * FROM addresses_address ORDER BY point <-> target.geom LIMIT 1
            ) a
            JOIN addresses_street s ON s.id = a.street_id
            """,
            {"lon": lon, "lat": lat},
        )
        row = cursor.fetchone()
    if row is None:
        return None
    nearest = NearestAddress(
        label=row[0],
        lon=row[1],
        lat=row[2],
        distance_m=float(row[3]),
        postcode=row[4],
        citycode=row[5],
        number=row[6],
        rep=row[7],
        street=row[8],
    )
    if max_distance_m is not None and nearest.distance_m > max_distance_m:
        return None
    return nearest
