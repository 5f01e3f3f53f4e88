"""Accuracy of ban-local on addresses typed the way people type them.

600 real BAN addresses, 30 per arrondissement (from fixtures/paris/addresses-sample.csv), each
rewritten by a seeded transform (abbreviated street type and titles, no accents, lower or upper
case, dropped articles, "bis"/"ter", the postcode written several ways, left out or wrong, one
small typo in about a third of them: see ``addresses.typing_noise``), then geocoded: the first
result must land within 30 m of the BAN point. Measured when written: 599/600 (99.8 %, the miss
is "rue charot", one letter from both Charlot and Charcot); the bar is set a little lower so
that one unlucky new rewrite does not fail the suite.
"""

import random
import statistics
import time

import pytest
from django.conf import settings

from addresses.selectors import address_search
from addresses.typing_noise import sample_addresses, typed_query

from .conftest import metres

PER_ARRONDISSEMENT = 30
SEED = 20240601
MAX_DISTANCE_M = 30
MIN_ACCURACY = 0.98


@pytest.mark.django_db
def test_typed_addresses_land_within_30_m():
    sample = sample_addresses(
        settings.FIXTURES_DIR / "paris" / "addresses-sample.csv",
        per_arrondissement=PER_ARRONDISSEMENT,
        seed=SEED,
    )
    assert len(sample) == 20 * PER_ARRONDISSEMENT
    assert len({a.citycode for a in sample}) == 20
    rng = random.Random(SEED)

    misses: list[str] = []
    durations: list[float] = []
    for expected in sample:
        query = typed_query(expected, rng)
        started = time.perf_counter()
        results = address_search(query=query, limit=5)
        durations.append(time.perf_counter() - started)
        found = results[0] if results else None
        if (
            found is None
            or metres(found.lon, found.lat, expected.lon, expected.lat) > MAX_DISTANCE_M
        ):
            misses.append(f"{query!r} → {found.label if found else 'nothing'}")

    accuracy = 1 - len(misses) / len(sample)
    print(
        f"\nban-local accuracy: {accuracy:.1%} of {len(sample)} typed addresses within "
        f"{MAX_DISTANCE_M} m; median {statistics.median(durations) * 1000:.1f} ms per query"
    )
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= MIN_ACCURACY, misses
