"""Benchmark of the map's lean path: every proposal of a 20 000-proposal campaign as one GeoJSON
FeatureCollection (``GET /api/v1/map/proposals/``), against the same FeatureCollection built by
hand-written SQL alone (psycopg cursor, no Django), and the paginated list for comparison.

The proposals are made in a transaction rolled back at the end (the database is left as it
was): one campaign, points spread over every quartier of Paris (``ST_GeneratePoints``, fixed
seed), themes and statuses mixed, a few hidden and withdrawn (which the map leaves out).
Prints the medians and the ratio API / raw SQL (target: at most 2).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SLUG = "bench-map-geojson"
TARGET_RATIO = 2.0


class _Rollback(Exception):
    pass


def _medians_ms(fns: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The median time of each function, run in turn in every round (so that a busy moment of
    the machine weighs on all of them alike)."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()  # warm up
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def _seed(count: int) -> tuple[int, int]:
    """``count`` proposals in a new campaign; returns (proposals, how many the map shows)."""
    from django.contrib.gis.geos import Point
    from django.db import connection
    from django.utils import timezone

    from campaigns.models import Theme
    from campaigns.services import campaign_create
    from geo.models import District
    from geo.selectors import area_for
    from proposals.models import Proposal

    now = timezone.now()
    campaign = campaign_create(
        name="Budget participatif (banc d'essai de la carte)",
        slug=SLUG,
        submission_start=now - timedelta(days=1),
        submission_end=now + timedelta(days=30),
    )
    quartiers = District.objects.filter(level=District.Level.QUARTIER).count()
    per_quartier = -(-count // quartiers)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT q.id, q.parent_id, ST_X(g.geom), ST_Y(g.geom) "  # noqa: S608 (a model's table)
            f"FROM {District._meta.db_table} q, "
            "LATERAL ST_Dump(ST_GeneratePoints(q.geometry, %s, 2026)) g "
            "WHERE q.level = %s ORDER BY q.code, g.path",
            [per_quartier, District.Level.QUARTIER],
        )
        points = cursor.fetchall()[:count]
    arrondissements = {d.pk: d for d in District.objects.filter(level="arrondissement")}
    areas = {
        pk: area_for(arrondissement=d, city_wide=False, areas=campaign.areas.all())
        for pk, d in arrondissements.items()
    }
    themes = list(Theme.objects.all())
    statuses = [
        Proposal.Status.SUBMITTED,
        Proposal.Status.IN_REVIEW,
        Proposal.Status.ACCEPTED,
        Proposal.Status.REJECTED,
    ]
    proposals = []
    for i, (quartier_id, arrondissement_id, lon, lat) in enumerate(points):
        withdrawn = i % 50 == 7
        status = Proposal.Status.WITHDRAWN if withdrawn else statuses[i % len(statuses)]
        proposals.append(
            Proposal(
                campaign=campaign,
                title=f"Proposition n° {i} : végétaliser la rue, des bancs et des arbres",
                description="Planter des arbres et installer des bancs pour les habitants.",
                theme=themes[i % len(themes)],
                location=Point(lon, lat, srid=4326),
                district_id=arrondissement_id,
                quartier_id=quartier_id,
                area=areas[arrondissement_id],
                status=status,
                estimated_cost=10_000 + i if status == Proposal.Status.ACCEPTED else None,
                public_answer="Hors compétence." if status == Proposal.Status.REJECTED else "",
                is_hidden=i % 50 == 3,
                hidden_reason="Propos injurieux." if i % 50 == 3 else "",
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Proposal._meta.db_table}")
    shown = sum(1 for p in proposals if not p.is_hidden and p.status != Proposal.Status.WITHDRAWN)
    return len(proposals), shown


def _raw_sql() -> str:
    """The public map's FeatureCollection of the campaign, written by hand (what the API's one
    query amounts to, without Django)."""
    from campaigns.models import Campaign, Theme
    from geo.models import District
    from proposals.models import Proposal

    return (
        "SELECT json_build_object("  # noqa: S608 (models' tables)
        "'type', 'FeatureCollection', 'count', count(*), "
        "'features', coalesce(json_agg(json_build_object("
        "'type', 'Feature', 'id', p.id, "
        "'geometry', ST_AsGeoJSON(ST_PointOnSurface(p.location), 6)::json, "
        "'properties', json_build_object("
        "'title', p.title, 'theme', t.slug, 'status', p.status, 'district', d.code, "
        "'project', p.project_id)"
        ") ORDER BY p.id), '[]'::json))::text "
        f"FROM {Proposal._meta.db_table} p "
        f"JOIN {Campaign._meta.db_table} c ON c.id = p.campaign_id "
        f"JOIN {Theme._meta.db_table} t ON t.id = p.theme_id "
        f"LEFT JOIN {District._meta.db_table} d ON d.id = p.district_id "
        "WHERE c.slug = %s AND p.location_status = 'placed' AND p.status <> 'withdrawn' "
        "AND NOT p.is_hidden AND p.location IS NOT NULL"
    )


def main(count: int = 20_000, rounds: int = 9) -> dict[str, float]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from geocoder import _setup_django

    _setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    call_command("load_reference_data", verbosity=0)
    figures: dict[str, float] = {}
    try:
        with transaction.atomic():
            proposals, shown = _seed(count)
            client = Client(HTTP_HOST="127.0.0.1")
            api_url = f"/api/v1/map/proposals/?campaign={SLUG}"
            list_url = f"/api/v1/proposals/?campaign={SLUG}&page_size=1000"
            connection.ensure_connection()
            raw = connection.connection  # the psycopg connection under Django's
            sql = _raw_sql()

            def raw_sql() -> str:
                with raw.cursor() as cursor:
                    cursor.execute(sql, [SLUG])
                    return cursor.fetchone()[0]

            def api() -> bytes:
                response = client.get(api_url)
                assert response.status_code == 200, response.content[:300]
                return response.content

            def api_revalidated() -> None:
                response = client.get(api_url, HTTP_IF_NONE_MATCH=etag)
                assert response.status_code == 304, response.status_code

            def list_page() -> None:
                response = client.get(list_url)
                assert response.status_code == 200, response.content[:300]

            body = api()
            etag = client.get(api_url)["ETag"]
            expected = json.loads(raw_sql())
            answered = json.loads(body)
            assert answered == expected, "the API and the raw SQL disagree"
            assert answered["count"] == shown, (answered["count"], shown)

            executed: list[str] = []
            with connection.execute_wrapper(lambda run, q, *a: executed.append(q) or run(q, *a)):
                api()
            figures.update(
                _medians_ms(
                    {"raw_sql_ms": raw_sql, "api_ms": api, "api_304_ms": api_revalidated},
                    rounds,
                )
            )
            figures.update(_medians_ms({"list_page_ms": list_page}, max(3, rounds // 2)))
            figures["features"] = answered["count"]
            raise _Rollback
    except _Rollback:
        pass

    ratio = figures["api_ms"] / figures["raw_sql_ms"]
    size_mb = len(body) / 1e6
    pages = -(-int(figures["features"]) // 1000)
    print(
        f"Map of one campaign: {proposals} proposals, {int(figures['features'])} on the map "
        f"(hidden and withdrawn left out), {size_mb:.1f} MB of GeoJSON ({rounds} rounds, median):"
    )
    print(
        f"  raw SQL alone (psycopg, FeatureCollection by PostgreSQL) {figures['raw_sql_ms']:8.1f} ms"
    )
    print(
        f"  GET /api/v1/map/proposals/ (whole map, {len(executed)} queries)     "
        f"{figures['api_ms']:8.1f} ms"
    )
    print(
        f"  same, revalidated (If-None-Match, 304)                  {figures['api_304_ms']:8.1f} ms"
    )
    print(
        f"  GET /api/v1/proposals/ one page of 1000 (of {pages})        "
        f"{figures['list_page_ms']:8.1f} ms"
    )
    verdict = "ok" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(f"  ratio API / raw SQL = {ratio:.2f}x (target <= {TARGET_RATIO:.1f}: {verdict})")
    return {**figures, "ratio": ratio}


if __name__ == "__main__":
    main()
