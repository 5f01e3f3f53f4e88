"""Benchmark of the map's main read: the proposal list as GeoJSON (1 000 features a page).

Measures the real endpoint (selectors + serializers, through Django's test client, on the
development database with the demo campaign) against a baseline measured in the same run: the
same serialisation without the selector's select_related/prefetch (one query per related row,
the N+1 the query-budget tests guard against). Prints figures and the ratio.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(rounds: int = 15) -> dict[str, float]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from geocoder import _setup_django

    _setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from proposals.demo import DEMO_SLUG
    from proposals.models import Proposal
    from proposals.serializers import ProposalFeature

    call_command("load_reference_data", verbosity=0)
    call_command("load_addresses", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/api/v1/proposals/?campaign={DEMO_SLUG}&page_size=1000"

    def endpoint() -> int:
        response = client.get(url)
        assert response.status_code == 200, response.content[:200]
        return len(response.json()["features"])

    def naive() -> int:
        qs = Proposal.objects.filter(campaign__slug=DEMO_SLUG, location_status="placed")[:1000]
        return len(ProposalFeature(qs, many=True, context={"request": None}).data["features"])

    def timed(fn) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
        fn()  # warm up
        times = []
        executed = []
        with connection.execute_wrapper(lambda run, sql, *a: executed.append(sql) or run(sql, *a)):
            count = fn()
        n_queries = len(executed)
        for _ in range(rounds):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times), count, n_queries

    ours_ms, features, ours_q = timed(endpoint)
    base_ms, _, base_q = timed(naive)
    print(f"Proposal list, {features} features a page ({rounds} rounds, median):")
    print(f"  GET /api/v1/proposals/ (selectors)   {ours_ms:8.1f} ms  {ours_q:5d} queries")
    print(f"  baseline without select_related     {base_ms:8.1f} ms  {base_q:5d} queries")
    print(f"  ratio baseline / endpoint = {base_ms / ours_ms:.1f}x (queries {base_q}/{ours_q})")
    return {"endpoint_ms": ours_ms, "baseline_ms": base_ms, "features": features}


if __name__ == "__main__":
    main()
