"""Races for tests: the same call from ``n`` threads released together, each on its own
database connection (closed after), so PostgreSQL's locks and constraints decide."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def race(target: Callable[[int], Any], n: int) -> tuple[list[Any], list[Exception]]:
    """Run ``target(i)`` for ``i`` in ``range(n)`` at once; what they returned and what they
    raised."""
    barrier = threading.Barrier(n)
    results: list[Any] = []
    failures: list[Exception] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcome = target(i)
            with lock:
                results.append(outcome)
        except Exception as exc:  # collected and asserted by the caller
            with lock:
                failures.append(exc)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, failures
