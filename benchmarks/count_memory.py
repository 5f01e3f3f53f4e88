"""results_tally alone on campaigns whose box is already open: its time and its peak memory
(docs/scaling.md, "The count at 10× Paris").

    .venv/bin/python benchmarks/count_memory.py SLUG [SLUG…] [--tracemalloc N]

Run on a copy of a database where ``manage.py demo_scale`` generated the campaigns and their box
was opened (``voting.services.ballot_box_open``, committed), one process per campaign so that
each peak is that count's alone: resident memory before, its peak (getrusage's high-water mark,
and sampled every 50 ms), the seconds (and the CPU seconds of this process, steadier on a shared machine; PostgreSQL's are
not in them). Rolled back at the end. With ``--tracemalloc N``, the N
allocation sites holding most memory when the most was held (traced peak), slower."""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import timedelta

from count_scale import Peak, _Rollback, _rss_mib, _setup_django


def one(slug: str, top: int) -> None:
    _setup_django()
    from django.db import transaction

    from campaigns.models import Campaign
    from results.services import results_tally

    campaign = Campaign.objects.prefetch_related("phases", "areas").get(slug=slug)
    if campaign.count_started_at is None:
        raise SystemExit(f"{slug}: open its box first (ballot_box_open, committed).")
    ballots = campaign.ballots.filter(counted=True).count()
    now = campaign.phases.get(phase="results").start + timedelta(seconds=2)
    before = _rss_mib()
    snapshots: list[tuple[int, tracemalloc.Snapshot]] = []
    if top:
        import results.selectors as selectors

        tracemalloc.start(1)
        traced = selectors.SortedTexts.__iter__ if hasattr(selectors, "SortedTexts") else None
        # The moment an area's ballots are all read (before: the texts sorted for the hash).
        name = "SortedTexts.__iter__" if traced else "_sorted"
        original = traced or selectors._sorted  # type: ignore[attr-defined]

        def snap(*args, **kwargs):  # type: ignore[no-untyped-def]
            size = tracemalloc.get_traced_memory()[0]
            if not snapshots or size > snapshots[0][0]:
                snapshots[:] = [(size, tracemalloc.take_snapshot())]
            return original(*args, **kwargs)

        if traced:
            selectors.SortedTexts.__iter__ = snap  # type: ignore[method-assign]
        else:
            selectors._sorted = snap  # type: ignore[attr-defined]
    try:
        with transaction.atomic(), Peak() as peak:
            started, cpu = time.perf_counter(), time.process_time()
            results = results_tally(campaign_id=campaign.pk, now=now)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            raise _Rollback
    except _Rollback:
        pass
    high = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{slug}: {ballots:,} ballots, {len(results)} areas: results_tally {seconds:.1f} s "
        f"({cpu:.1f} s of CPU in this process), "
        f"RSS before {before:,.0f} MiB, peak {peak.peak:,.0f} MiB (sampled), "
        f"{high:,.0f} MiB (getrusage)",
        flush=True,
    )
    if top and snapshots:
        size, snapshot = snapshots[0]
        print(f"  traced at the largest {name}: {size / 2**20:,.0f} MiB; top sites:")
        for stat in snapshot.statistics("lineno")[:top]:
            frame = stat.traceback[0]
            print(
                f"    {stat.size / 2**20:9,.1f} MiB  {frame.filename.split('backend/')[-1]}:{frame.lineno}"
            )
        print(f"  traced peak {tracemalloc.get_traced_memory()[1] / 2**20:,.0f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("slugs", nargs="+")
    parser.add_argument("--tracemalloc", type=int, default=0, metavar="N")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.here:
        one(args.slugs[0], args.tracemalloc)
        return
    for slug in args.slugs:  # a process each: one count's peak
        command = [sys.executable, __file__, slug, "--here", "--tracemalloc", str(args.tracemalloc)]
        subprocess.run(command, check=True)  # noqa: S603 (this script, its own arguments)


if __name__ == "__main__":
    main()
