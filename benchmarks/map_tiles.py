"""Benchmark of the map's tiles at 10× Paris (ADR 0008): every tile covering Paris at the city
zooms (11 to 15) of a 200 000-proposal campaign, ``GET /api/v1/map/proposals/tiles/{z}/{x}/{y}/``
through Django, beside the same tile's SQL run alone (psycopg, no Django) in the same rounds,
counted from the proposals and added up from the cells (``MapCell``, what the endpoint uses for
these filters): with an empty cache (the tile computed, the campaign alone and with a theme) and
from the cache (Redis). Also the lean path over a
street-sized box (what the map asks for when zoomed in), and the whole campaign on the lean
path for comparison.

The proposals are written by one INSERT … SELECT (points spread over every quartier of Paris with
``ST_GeneratePoints``, fixed seed; themes and statuses mixed, a few hidden and withdrawn) in a
transaction rolled back at the end: the database is left as it was. ``seed`` is also used by
``map_browser.py``, which commits its proposals and deletes them afterwards.
Target: p99 under 50 ms per tile.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SLUG = "bench-map-tiles"
TARGET_P99_MS = 50.0
ZOOMS = range(11, 16)
# Paris's box (west, south, east, north), the Bois included.
PARIS = (2.224, 48.815, 2.470, 48.902)
# A few streets around the Panthéon: the lean path's box when zoomed in (about zoom 16).
STREETS = "2.3380,48.8420,2.3540,48.8500"


class _Rollback(Exception):
    pass


def seed(slug: str, count: int) -> tuple[int, int]:
    """``count`` proposals in a new campaign ``slug``, written by PostgreSQL in one statement;
    returns (proposals, how many the map shows)."""
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Theme
    from campaigns.services import campaign_create
    from geo.models import District
    from geo.selectors import area_for
    from proposals.map_cache import map_version_bump
    from proposals.models import MapCell, Proposal

    now = timezone.now()
    campaign = campaign_create(
        name="Budget participatif (banc d'essai de la carte à 10× Paris)",
        slug=slug,
        submission_start=now - timedelta(days=1),
        submission_end=now + timedelta(days=30),
    )
    areas = campaign.areas.all()
    area_of = {
        d.pk: area_for(arrondissement=d, city_wide=False, areas=areas).pk
        for d in District.objects.filter(level=District.Level.ARRONDISSEMENT)
    }
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    quartiers = District.objects.filter(level=District.Level.QUARTIER).count()
    per_quartier = -(-count // quartiers)
    table = Proposal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_area")  # an earlier seed's, same transaction
        cursor.execute(
            "CREATE TEMP TABLE bench_area (district_id bigint, area_id bigint) ON COMMIT DROP"
        )
        cursor.executemany("INSERT INTO bench_area VALUES (%s, %s)", list(area_of.items()))
        cursor.execute(
            f"INSERT INTO {table} (title, description, scope, location, address, "  # noqa: S608
            "location_status, location_error, status, source_ref, created_at, updated_at, "
            "area_id, campaign_id, district_id, quartier_id, theme_id, estimated_cost, "
            "hidden_reason, is_hidden, prepared_answer, prepared_decision, private_notes, "
            "public_answer, report_count) "
            "SELECT 'Proposition n° ' || i || ' : végétaliser la rue, des bancs et des arbres', "
            "'Planter des arbres et installer des bancs pour les habitants.', 'local', g.geom, "
            "'', 'placed', '', "
            "CASE WHEN i %% 50 = 7 THEN 'withdrawn' ELSE (ARRAY['submitted', 'in_review', "
            "'accepted', 'rejected'])[1 + i %% 4] END, '', %s, %s, a.area_id, %s, q.parent_id, "
            "q.id, (%s::bigint[])[1 + i %% %s], "
            "CASE WHEN i %% 50 <> 7 AND i %% 4 = 2 THEN 10000 + i END, "
            "CASE WHEN i %% 50 = 3 THEN 'Propos injurieux.' ELSE '' END, i %% 50 = 3, '', '', '', "
            "CASE WHEN i %% 50 <> 7 AND i %% 4 = 3 THEN 'Hors compétence.' ELSE '' END, 0 "
            "FROM (SELECT q.*, row_number() OVER (ORDER BY q.code) AS n "
            f"FROM {District._meta.db_table} q WHERE q.level = %s) q "
            "JOIN bench_area a ON a.district_id = q.parent_id, "
            "LATERAL ST_Dump(ST_GeneratePoints(q.geometry, %s, 2026)) g, "
            "LATERAL (SELECT (q.n - 1) * %s + g.path[1] AS i) k "
            "WHERE i <= %s",
            [
                now,
                now,
                campaign.pk,
                themes,
                len(themes),
                District.Level.QUARTIER,
                per_quartier,
                per_quartier,
                count,
            ],
        )
        made = cursor.rowcount
        cursor.execute(f"ANALYZE {table}")
        # What autovacuum would do after such an insert, if it could see this transaction's rows.
        cursor.execute(f"ANALYZE {MapCell._meta.db_table}")
    # Written in bulk, so no signal: forget the campaign's tiles as the services' changes do
    # (an earlier run's, rolled back, could still be in Redis under the same slug).
    map_version_bump(campaign=slug)
    shown = Proposal.objects.filter(
        campaign=campaign, is_hidden=False, location__isnull=False
    ).exclude(status=Proposal.Status.WITHDRAWN)
    return made, shown.count()


def _write_costs(bulk: int, rounds: int) -> dict[str, float]:
    """What keeping ``MapCell`` costs the writes: a bulk insert of ``bulk`` proposals into a new
    campaign, and single-row updates (hide and show again: a cell counted again; a title: no cell
    touched), with the triggers on and off, alternated, inside the caller's transaction."""
    from django.db import connection

    from proposals.models import Proposal

    table = Proposal._meta.db_table

    def triggers(on: bool) -> None:
        with connection.cursor() as cursor:
            # The foreign keys' deferred checks first: a table with pending ones cannot change.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} {'ENABLE' if on else 'DISABLE'} TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    hide = f"UPDATE {table} SET is_hidden = %s WHERE id = %s"  # noqa: S608
    title = f"UPDATE {table} SET title = title || '.' WHERE id = %s"  # noqa: S608

    def update(sql: str, params: list[int | bool]) -> float:
        with connection.cursor() as cursor:
            return _timed(lambda: cursor.execute(sql, params))

    samples: dict[str, list[float]] = {}
    for i in range(max(2, rounds)):
        for on in (True, False) if i % 2 == 0 else (False, True):
            triggers(on)
            suffix = "on" if on else "off"
            bulk_ms = _timed(partial(seed, f"{SLUG}-writes-{i}-{suffix}", bulk))
            samples.setdefault(f"bulk_{suffix}_s", []).append(bulk_ms / 1000)
            ids = list(
                Proposal.objects.filter(campaign__slug=SLUG, is_hidden=False)
                .order_by("?")
                .values_list("pk", flat=True)[:100]
            )
            for pk in ids:
                for hidden in (True, False):
                    samples.setdefault(f"hide_{suffix}_ms", []).append(update(hide, [hidden, pk]))
                samples.setdefault(f"title_{suffix}_ms", []).append(update(title, [pk]))
    triggers(True)
    figures = {name: statistics.median(values) for name, values in samples.items()}
    figures["bulk_rows"] = bulk
    return figures


def paris_tiles(z: int) -> list[tuple[int, int, int]]:
    """Every tile of zoom ``z`` that covers part of Paris's box."""
    import math

    def column(lon: float) -> int:
        return int((lon + 180.0) / 360.0 * 2**z)

    def row(lat: float) -> int:
        return int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * 2**z)

    west, south, east, north = PARIS
    return [
        (z, x, y)
        for x in range(column(west), column(east) + 1)
        for y in range(row(north), row(south) + 1)
    ]


def _same(a: dict, b: dict) -> bool:
    """The same tile, but for the last digit of a mean (parallel sums add in any order)."""

    def close(x: object, y: object) -> bool:
        if isinstance(x, float | int) and isinstance(y, float | int):
            return abs(x - y) <= 2e-6
        if isinstance(x, dict) and isinstance(y, dict):
            return x.keys() == y.keys() and all(close(x[k], y[k]) for k in x)
        if isinstance(x, list) and isinstance(y, list):
            return len(x) == len(y) and all(close(i, j) for i, j in zip(x, y, strict=True))
        return x == y

    return close(a, b)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main(count: int = 200_000, rounds: int = 5) -> dict[str, float]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from geocoder import _setup_django

    _setup_django()
    import os

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from core.tiles import tile_cells_sql, tile_clusters_sql
    from proposals.map_cache import map_cache_clear
    from proposals.map_warm import WARM_ZOOMS, map_tiles_warm
    from proposals.models import MapCell
    from proposals.selectors import TILE_PROPERTIES, proposal_map_list

    call_command("load_reference_data", verbosity=0)
    times: dict[str, list[float]] = {
        "raw": [],
        "cells": [],
        "cold": [],
        "cold_theme": [],
        "cached": [],
        "revalidated": [],
        "health": [],
        "warmed": [],
    }
    warm_s: list[float] = []
    by_zoom: dict[int, list[float]] = {z: [] for z in ZOOMS}
    figures: dict[str, float] = {}
    try:
        with transaction.atomic():
            start = time.perf_counter()
            made, shown = seed(SLUG, count)
            seed_s = time.perf_counter() - start
            client = Client(HTTP_HOST="127.0.0.1")
            connection.ensure_connection()
            raw = connection.connection  # the psycopg connection under Django's
            tiles = [t for z in ZOOMS for t in paris_tiles(z)]
            campaign = {"campaign": SLUG}
            queryset = proposal_map_list().filter(campaign__slug=SLUG)
            shape: dict[str, Any] = {"geometry": "location", "properties": TILE_PROPERTIES}
            statements = {
                t: tile_clusters_sql(queryset, **shape, z=t[0], x=t[1], y=t[2]) for t in tiles
            }
            cells = MapCell.objects.filter(campaign__slug=SLUG)
            from_cells = {
                t: tile_cells_sql(cells, queryset, **shape, z=t[0], x=t[1], y=t[2]) for t in tiles
            }
            themed = {**campaign, "theme": "environnement"}

            def url(t: tuple[int, int, int]) -> str:
                return "/api/v1/map/proposals/tiles/{}/{}/{}/".format(*t)

            # The tiles agree with the raw SQL, and count every shown proposal once per zoom.
            for z in ZOOMS:
                total = 0
                for t in paris_tiles(z):
                    answer = client.get(url(t), campaign)
                    assert answer.status_code == 200, answer.content[:300]
                    with raw.cursor() as cursor:
                        cursor.execute(*statements[t])
                        assert _same(json.loads(answer.content), json.loads(cursor.fetchone()[0]))
                    total += json.loads(answer.content)["count"]
                assert total == shown, (z, total, shown)
            sizes = [len(client.get(url(t), campaign).content) for t in tiles]

            for _ in range(rounds):
                map_cache_clear()
                for t in tiles:
                    sql, params = statements[t]

                    def run_raw(sql: str = sql, params: tuple = params) -> None:
                        with raw.cursor() as cursor:
                            cursor.execute(sql, params)
                            cursor.fetchone()

                    times["raw"].append(_timed(run_raw))
                    sql, params = from_cells[t]
                    times["cells"].append(
                        _timed(lambda sql=sql, params=params: run_raw(sql, params))
                    )
                    cold = _timed(lambda t=t: client.get(url(t), campaign))
                    times["cold"].append(cold)
                    by_zoom[t[0]].append(cold)
                    # A filtered map's tile (not warmed): added up from the cells too.
                    times["cold_theme"].append(_timed(lambda t=t: client.get(url(t), themed)))
                    seen: dict[str, str] = {}

                    def cached(t: tuple[int, int, int] = t, seen: dict = seen) -> None:
                        seen["etag"] = client.get(url(t), campaign)["ETag"]

                    def revalidated(t: tuple[int, int, int] = t, seen: dict = seen) -> None:
                        client.get(url(t), campaign, HTTP_IF_NONE_MATCH=seen["etag"])

                    times["health"].append(
                        _timed(lambda: client.get("/api/v1/health/", {"probe": "live"}))
                    )
                    times["cached"].append(_timed(cached))
                    times["revalidated"].append(_timed(revalidated))
            # After a change: the warming task (proposals.map_warm) computes the tiles the map
            # opens on (the world's and zooms 10-13 over the campaign); readers then ask for
            # every tile, the narrow zooms (14-15) still computed by their first reader.
            for _ in range(rounds):
                map_cache_clear()
                warm_s.append(_timed(lambda: map_tiles_warm(campaign=SLUG)) / 1000)
                for t in tiles:
                    if t[0] <= WARM_ZOOMS[-1]:
                        times["warmed"].append(_timed(lambda t=t: client.get(url(t), campaign)))
            lean_box = [
                _timed(lambda: client.get("/api/v1/map/proposals/", {**campaign, "bbox": STREETS}))
                for _ in range(rounds * 4)
            ]
            box_count = json.loads(
                client.get("/api/v1/map/proposals/", {**campaign, "bbox": STREETS}).content
            )["count"]
            whole = [
                _timed(lambda: client.get("/api/v1/map/proposals/", campaign))
                for _ in range(max(2, rounds // 2))
            ]
            writes = _write_costs(count // 10, rounds)
            raise _Rollback
    except _Rollback:
        pass

    for name, values in times.items():
        figures[f"{name}_p50_ms"] = statistics.median(values)
        figures[f"{name}_p99_ms"] = _percentile(values, 0.99)
    cores = os.cpu_count()
    print(
        f"Tiles of one campaign: {made} proposals ({shown} on the map), written in {seed_s:.1f} s; "
        f"{len(tiles)} tiles covering Paris at zooms {ZOOMS.start}-{ZOOMS.stop - 1}, "
        f"{rounds} rounds ({len(times['raw'])} requests each), {cores} cores:"
    )
    print(
        f"  tile size: median {statistics.median(sizes) / 1000:.1f} kB, max {max(sizes) / 1000:.1f} kB"
    )
    rows = [
        ("the tile's SQL alone (psycopg)", "raw"),
        ("the same from the cells (psycopg)", "cells"),
        ("GET tile, cache empty (computed)", "cold"),
        ("GET tile, a theme, cache empty", "cold_theme"),
        ("GET tile, from the cache (Redis)", "cached"),
        ("GET tile, revalidated (304)", "revalidated"),
        ("GET tile z<=13 after a change, warmed", "warmed"),
        ("GET health/?probe=live (cheapest)", "health"),
    ]
    for label, key in rows:
        print(
            f"  {label:<36} p50 {figures[f'{key}_p50_ms']:7.1f} ms   "
            f"p99 {figures[f'{key}_p99_ms']:7.1f} ms"
        )
    for z, values in by_zoom.items():
        print(
            f"    zoom {z}: {len(paris_tiles(z)):3d} tiles, cache empty p50 "
            f"{statistics.median(values):6.1f} ms, max {max(values):6.1f} ms"
        )
    wide = [v for z, values in by_zoom.items() if z <= 13 for v in values]
    figures["cold_wide_p99_ms"] = _percentile(wide, 0.99)
    print(
        f"  the same zooms (<=13) cache empty: p50 {statistics.median(wide):.1f} ms, "
        f"p99 {figures['cold_wide_p99_ms']:.1f} ms; warmed p99 / cache-empty p99 = "
        f"{figures['warmed_p99_ms'] / figures['cold_wide_p99_ms']:.2f}x"
    )
    ratio = figures["cold_p50_ms"] / figures["raw_p50_ms"]
    print(f"  ratio GET (cache empty) / SQL alone, p50 = {ratio:.2f}x")
    ratio = figures["cells_p99_ms"] / figures["raw_p99_ms"]
    print(f"  ratio SQL from the cells / from the proposals, p99 = {ratio:.2f}x")
    ratio = figures["cached_p50_ms"] / figures["health_p50_ms"]
    print(f"  ratio GET (from the cache) / the cheapest request, p50 = {ratio:.2f}x")
    figures["lean_box_ms"] = statistics.median(lean_box)
    figures["lean_whole_ms"] = statistics.median(whole)
    print(
        f"  lean path, a few streets ({box_count} proposals, bbox) median "
        f"{figures['lean_box_ms']:.1f} ms; the whole campaign ({shown}) median "
        f"{figures['lean_whole_ms']:.0f} ms"
    )
    print(
        f"  warming after a change (one task: the world's tile and zooms 10-13): median "
        f"{statistics.median(warm_s):.2f} s"
    )
    print(
        f"  keeping the cells (triggers on, against off, same run): a bulk insert of "
        f"{writes['bulk_rows']} proposals {writes['bulk_on_s']:.2f} s against "
        f"{writes['bulk_off_s']:.2f} s ({writes['bulk_on_s'] / writes['bulk_off_s']:.2f}x); "
        f"one proposal hidden or shown again {writes['hide_on_ms']:.2f} ms against "
        f"{writes['hide_off_ms']:.2f} ms ({writes['hide_on_ms'] / writes['hide_off_ms']:.2f}x); "
        f"its title edited {writes['title_on_ms']:.2f} ms against {writes['title_off_ms']:.2f} ms "
        f"({writes['title_on_ms'] / writes['title_off_ms']:.2f}x) (medians)"
    )
    figures.update({f"write_{k}": v for k, v in writes.items()})
    for key in ("cold", "cold_theme", "cached", "warmed"):
        verdict = "ok" if figures[f"{key}_p99_ms"] <= TARGET_P99_MS else "ABOVE TARGET"
        print(f"  p99 per tile ({key}) <= {TARGET_P99_MS:.0f} ms: {verdict}")
    return figures


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
