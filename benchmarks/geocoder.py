"""Benchmark of the offline geocoder (ban-local) against naive SQL on the same address table.

    .venv/bin/python benchmarks/geocoder.py [--queries 1000] [--baseline-queries 60]

On the development database (the BAN for Paris is loaded first if it is missing), ~1000
addresses of the sample (50 per arrondissement) are typed the way people type them (see
``addresses.typing_noise``) and geocoded through the ban-local adapter. Printed: accuracy (first
result within 30 m of the BAN point), median and p95 latency per query; then the same for two
baselines measured in the same run on a subset of the same queries:

- ``ILIKE``: ``label ILIKE '%query%'`` over the address table (what a first try looks like);
- ``similarity``: ``ORDER BY similarity(lower(label), lower(query))`` over the address table,
  no index, no parsing (fuzzy, but a full scan of 158,000 labels per query);

and the latency ratios baseline / ban-local. ``main()`` returns the figures for
``benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAX_DISTANCE_M = 30.0
SEED = 1789


def _setup_django() -> None:
    sys.path.insert(0, str(REPO / "backend"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


@dataclass(frozen=True)
class Figures:
    name: str
    queries: int
    accuracy: float
    median_ms: float
    p95_ms: float


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _measure(
    name: str,
    cases: Sequence[tuple[str, float, float]],
    geocode: Callable[[str], tuple[float, float] | None],
) -> Figures:
    from geopy.distance import geodesic

    hits = 0
    durations: list[float] = []
    for query, lon, lat in cases:
        started = time.perf_counter()
        found = geocode(query)
        durations.append((time.perf_counter() - started) * 1000)
        if found and geodesic((lat, lon), (found[1], found[0])).meters <= MAX_DISTANCE_M:
            hits += 1
    return Figures(
        name=name,
        queries=len(cases),
        accuracy=hits / len(cases),
        median_ms=statistics.median(durations),
        p95_ms=_percentile(durations, 0.95),
    )


def _ban_local(query: str) -> tuple[float, float] | None:
    from addresses.geocoding import ADDRESS_INDEX
    from integrations.geocoder.ban_local import BanLocalGeocoder

    results = BanLocalGeocoder(index=ADDRESS_INDEX).search(query, limit=5)
    return (results[0].lon, results[0].lat) if results else None


def _naive_ilike(query: str) -> tuple[float, float] | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(point), ST_Y(point) FROM addresses_address"
            " WHERE label ILIKE '%%' || %s || '%%' ORDER BY id LIMIT 5",
            [query],
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def _naive_similarity(query: str) -> tuple[float, float] | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ST_X(point), ST_Y(point) FROM addresses_address"
            " ORDER BY similarity(lower(label), lower(%s)) DESC, id LIMIT 5",
            [query],
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def _print(figures: Figures) -> None:
    print(
        f"  {figures.name:<22} {figures.queries:>5} queries  accuracy {figures.accuracy:6.1%}  "
        f"median {figures.median_ms:8.2f} ms  p95 {figures.p95_ms:8.2f} ms"
    )


def main(argv: Sequence[str] | None = None) -> dict[str, Figures]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=1000, help="typed queries for ban-local")
    parser.add_argument(
        "--baseline-queries", type=int, default=60, help="of those, how many for the baselines"
    )
    args = parser.parse_args(argv)

    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from addresses.typing_noise import sample_addresses, typed_query

    call_command("load_addresses", verbosity=1)  # skipped when already loaded

    per_arrondissement = max(1, args.queries // 20)
    sample = sample_addresses(
        settings.FIXTURES_DIR / "paris" / "addresses-sample.csv",
        per_arrondissement=per_arrondissement,
        seed=SEED,
    )
    rng = random.Random(SEED)
    cases = [(typed_query(a, rng), a.lon, a.lat) for a in sample]
    step = max(1, len(cases) // max(1, args.baseline_queries))
    subset = cases[::step][: args.baseline_queries]

    for query, _, _ in cases[:20]:  # warm the connection, caches and indexes
        _ban_local(query)

    print(f"Geocoding {len(cases)} typed addresses (e.g. {cases[0][0]!r}, {cases[1][0]!r})")
    ours = _measure("ban-local", cases, _ban_local)
    ours_subset = _measure("ban-local (subset)", subset, _ban_local)
    ilike = _measure("baseline ILIKE", subset, _naive_ilike)
    similarity = _measure("baseline similarity", subset, _naive_similarity)
    for figures in (ours, ours_subset, ilike, similarity):
        _print(figures)
    print(
        f"Latency ratio (median, same {len(subset)} queries): "
        f"ILIKE / ban-local = {ilike.median_ms / ours_subset.median_ms:.0f}x, "
        f"similarity / ban-local = {similarity.median_ms / ours_subset.median_ms:.0f}x"
    )
    return {
        "ban-local": ours,
        "ban-local-subset": ours_subset,
        "baseline-ilike": ilike,
        "baseline-similarity": similarity,
    }


if __name__ == "__main__":
    main()
