"""The count at Paris scale and at ten times it (``make bench-count``; README "Benchmarks").

    .venv/bin/python benchmarks/count_scale.py [--scale paris|10x] [--generate] [--keep]

On the campaigns ``manage.py demo_scale`` generates (``scale-<scale>``: majority judgment,
counted rank-then-fund; ``scale-<scale>-approval``: approval, at most 4 projects, counted with
``mes-increase``), still voting with their ballots sealed in the box, each run times:

1. **the baseline**: reading the box alone (every sealed row fetched, nothing decrypted), and
   reading it *and* decrypting every ballot (what opening it cannot do with less);
2. ``voting.services.ballot_box_open`` at the start of the results phase (decrypt, leave out the
   refused voters' ballots, write the rest in random order);
3. ``results.services.results_tally`` on all 18 areas (17 arrondissement ballots and Tout
   Paris), checking each area's result is exact (``arithmetic`` ``exact``, or
   ``float-certified`` with its exact recount agreeing) and that its winners are those of the
   tally library run on the same ballots in memory, whose time is the second baseline.

Peak resident memory is sampled during each step. Everything runs in one transaction rolled
back at the end (``--keep`` commits it), so the benchmark can be run again on the same data.
With ``--generate`` the campaigns are generated first when missing (Paris: a few minutes;
10×: see docs/scaling.md)."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _setup_django() -> None:
    sys.path.insert(0, str(REPO / "backend"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Peak:
    """The peak resident memory of this process while the block runs (sampled every 50 ms)."""

    def __enter__(self) -> Peak:
        self.start = self.peak = _rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, _rss_mib())

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mib())


def _step(name: str, call: Callable[[], Any]) -> tuple[float, float, Any]:
    with Peak() as peak:
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    print(f"  {name:<44} {seconds:9.2f} s   peak RSS {peak.peak:8,.0f} MiB", flush=True)
    return seconds, peak.peak, result


class _Rollback(Exception):
    pass


def count(slug: str, keep: bool = False) -> dict[str, Any]:
    """Time the count of campaign ``slug`` (see the module's docstring)."""
    from django.db import connection, transaction

    import tally
    from campaigns.models import Campaign
    from results.models import Recount
    from results.selectors import area_election, campaign_rule
    from results.services import results_tally
    from voting.models import SealedBallot
    from voting.receipts import box_open
    from voting.services import ballot_box_open

    campaign = Campaign.objects.prefetch_related("phases", "areas").get(slug=slug)
    if campaign.count_started_at is not None:
        raise SystemExit(f"{slug}: its box was opened already (regenerate with --replace).")
    sealed = SealedBallot.objects.filter(campaign=campaign)
    ballots = sealed.count()
    print(f"{slug}: {ballots:,} sealed ballots, {campaign.projects.count():,} projects", flush=True)
    rows = sealed.values_list("sealed", flat=True)

    def read() -> int:
        return sum(1 for _ in rows.iterator(chunk_size=5000))

    def read_open() -> int:
        return sum(len(box_open(s)) for s in rows.iterator(chunk_size=5000))

    figures: dict[str, Any] = {"slug": slug, "ballots": ballots}
    figures["read_s"] = _step("baseline: read the box", read)[0]
    figures["read_open_s"] = _step("baseline: read and decrypt the box", read_open)[0]
    now = campaign.phases.get(phase="results").start + timedelta(seconds=1)
    try:
        with transaction.atomic():
            seconds, peak, opened = _step(
                "ballot_box_open", lambda: ballot_box_open(campaign=campaign, now=now)
            )
            figures.update(open_s=seconds, open_peak_mib=peak)
            figures["counted"] = sum(opened.counted.values())
            figures["left_out"] = sum(opened.discarded.values())
            seconds, peak, results = _step(
                "results_tally (18 areas)",
                lambda: results_tally(campaign_id=campaign.pk, now=now + timedelta(seconds=1)),
            )
            figures.update(tally_s=seconds, tally_peak_mib=peak, areas=len(results))
            rule = campaign_rule(campaign)
            elections = {
                r.area.code: area_election(campaign=campaign, area=r.area) for r in results
            }

            def library() -> dict[str, tuple[str, ...]]:
                out = {}
                for code, source in elections.items():
                    reserved = source.reserved if rule in tally.RESERVING_RULES else 0
                    out[code] = tally.run(
                        rule, source.election, reserved=reserved, priority=source.priority
                    ).selected
                return out

            seconds, _, theirs = _step("baseline: tally library in memory", library)
            figures["library_s"] = seconds
            exact = True
            for result in results:
                ok = result.arithmetic == "exact" or result.exact_recount in (
                    Recount.PENDING,
                    Recount.AGREES,
                )
                same = [w["id"] for w in result.winners] == list(theirs[result.area.code])
                exact &= ok and same
                print(
                    f"    {result.area.code:<13} {result.ballots_counted:>9,} ballots  "
                    f"{len(result.winners):>3} winners  {result.seconds:7.2f} s  "
                    f"{result.arithmetic} (exact runs {result.exact_runs}, certified "
                    f"{result.certified_runs}){'' if same else '  DIFFERENT from the library'}"
                )
            figures["exact"] = exact
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_database_size(current_database())")
                figures["database_bytes"] = cursor.fetchone()[0]
            if not keep:
                raise _Rollback
    except _Rollback:
        pass
    print(
        f"  ratios: opening / reading+decrypting {figures['open_s'] / figures['read_open_s']:.1f}x, "
        f"results_tally / library {figures['tally_s'] / figures['library_s']:.1f}x; "
        f"database {figures['database_bytes'] / 2**30:.1f} GiB; every result exact and equal "
        f"to the library's: {figures['exact']}",
        flush=True,
    )
    return figures


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("paris", "10x"), default="paris")
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", choices=("majority_judgment", "approval"))
    args = parser.parse_args(argv)
    _setup_django()
    from django.core.management import call_command

    print(f"cores: {os.cpu_count()}", flush=True)
    out = []
    for method in ("majority_judgment", "approval"):
        if args.only and method != args.only:
            continue
        if args.generate:
            call_command("demo_scale", "--scale", args.scale, "--method", method)
        suffix = "" if method == "majority_judgment" else "-approval"
        out.append(count(f"scale-{args.scale}{suffix}", keep=args.keep))
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
