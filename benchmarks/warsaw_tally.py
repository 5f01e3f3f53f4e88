"""``pb_tally --rule mes-increase`` on Warsaw 2026 (Praga-Północ, pabulib: 61,668 approval
ballots) beside pabutools 1.2.3 in the same run (``make bench-count``).

    .venv/bin/python benchmarks/warsaw_tally.py [--timeout 600]

The election is imported once (``pb_import``, not timed); ``pb_tally`` is timed as a command
(reading the ballots from the database included); pabutools runs the call its ``.expected.json``
records (``completion_by_rule_combination`` of ``exhaustion_by_budget_increase`` over MES with
``Cost_Sat``, then greedy) in a subprocess stopped after ``--timeout`` seconds, parsing not timed.
Both winner lists are checked against the ``.expected.json``."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILE = REPO / "fixtures" / "pabulib" / "Poland_Warszawa_2026_Praga-Polnoc.pb"
EXPECTED = FILE.with_suffix(".expected.json")
KEY = "mes_Cost_Sat_exhaustion_budget_increase_then_greedy"
SLUG = "bench-warsaw-2026-praga-polnoc"

PABUTOOLS = """
import json, sys, time
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import (completion_by_rule_combination, exhaustion_by_budget_increase,
    greedy_utilitarian_welfare, method_of_equal_shares)
instance, profile = parse_pabulib(sys.argv[1])
started = time.perf_counter()
outcome = completion_by_rule_combination(instance, profile,
    [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
    [{"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat}},
     {"sat_class": Cost_Sat}])
print(json.dumps({"seconds": time.perf_counter() - started,
                  "winners": sorted(p.name for p in outcome)}))
"""


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "benchmarks"))
    from count_scale import _setup_django

    _setup_django()
    from django.core.management import call_command

    from campaigns.models import Campaign

    expected = sorted(json.loads(EXPECTED.read_text())["results"][KEY]["winners"])
    if not Campaign.objects.filter(slug=SLUG).exists():
        call_command("pb_import", str(FILE), "--slug", SLUG, stdout=io.StringIO())
    out = io.StringIO()
    started = time.perf_counter()
    call_command("pb_tally", SLUG, "--rule", "mes-increase", "--json", stdout=out)
    ours_s = time.perf_counter() - started
    ours = sorted(json.loads(out.getvalue())["selected"])
    try:
        done = subprocess.run(  # noqa: S603 (this interpreter, a fixed script and file)
            [sys.executable, "-c", PABUTOOLS, str(FILE)],
            capture_output=True,
            text=True,
            timeout=args.timeout,
            check=True,
        )
        theirs = json.loads(done.stdout)
    except subprocess.TimeoutExpired:
        theirs = {"seconds": None, "winners": None}
    print(f"cores: {os.cpu_count()}")
    print(
        f"Warsaw 2026 Praga-Północ, mes-increase: pb_tally {ours_s:.2f} s, winners equal to "
        f".expected.json: {ours == expected}"
    )
    if theirs["seconds"] is None:
        print(f"  pabutools: stopped after {args.timeout:.0f} s")
    else:
        print(
            f"  pabutools {theirs['seconds']:.2f} s (ratio {theirs['seconds'] / ours_s:.1f}x), "
            f"winners equal to .expected.json: {theirs['winners'] == expected}"
        )
    return {"ours_s": ours_s, "pabutools_s": theirs["seconds"], "same": ours == expected}


if __name__ == "__main__":
    main(sys.argv[1:])
