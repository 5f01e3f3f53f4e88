"""Benchmark of the tally library (backend/tally) against pabutools 1.2.3, in the same run.

    .venv/bin/python benchmarks/tally_rules.py [--voters 200000] [--projects 300] [--quick]

1. **Toulouse 2022** (the shared pabulib file: 4,532 approval ballots, 199 projects): each rule
   that pabutools has (greedy, MES, sequential Phragmén, and ``mes-increase``, i.e. MES with
   the budget raised by 1 % steps then greedy completion) is timed for both libraries on the
   same parsed election; the outcomes are checked equal, and the ratio pabutools / ours is
   printed. pabutools' ``mes-increase`` alone takes about two and a half minutes here (it
   re-runs MES for every 1 % step); ``--quick`` leaves it out.
2. **A synthetic approval election** (200,000 ballots, 300 projects by default; seeded, so every
   run counts the same election): each voter approves 1 to 5 projects drawn with unequal
   popularity; the budget is a quarter of the total cost. Every rule is timed (building the
   compact profile included): greedy, rank-then-fund, MES, Phragmén, and ``mes-increase`` and
   ``mes-add1``, which re-run MES once per budget step (about a hundred runs each here).
   pabutools is not run on it: at its Toulouse speed it would take hours.

``main()`` returns the figures for ``benchmarks/run.py``. The parsing of files is not timed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TOULOUSE = REPO / "fixtures" / "pabulib" / "France_Toulouse_2022.pb"
SEED = 1789


def _library() -> ModuleType:
    """The tally package from backend/ (plain Python: no Django set-up needed)."""
    sys.path.insert(0, str(REPO / "backend"))
    import tally

    return tally


@dataclass(frozen=True)
class Figures:
    name: str
    ours_s: float
    pabutools_s: float | None
    winners: int
    same: bool | None

    @property
    def ratio(self) -> float | None:
        return None if self.pabutools_s is None else self.pabutools_s / self.ours_s


def _timed(call: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - started)
    return best, result


def _print(figures: Figures) -> None:
    theirs = "—" if figures.pabutools_s is None else f"{figures.pabutools_s:9.3f} s"
    ratio = "" if figures.ratio is None else f"  ratio {figures.ratio:7.1f}x"
    same = "" if figures.same is None else ("  same outcome" if figures.same else "  DIFFERENT")
    print(
        f"  {figures.name:<34} ours {figures.ours_s:8.3f} s   pabutools {theirs:>11}{ratio}"
        f"  ({figures.winners} winners){same}"
    )


def _toulouse(tally: ModuleType, quick: bool) -> list[Figures]:
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib
    from pabutools.rules import (
        completion_by_rule_combination,
        exhaustion_by_budget_increase,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    election = tally.read(TOULOUSE)
    instance, profile = parse_pabulib(str(TOULOUSE))
    theirs: dict[str, Callable[[], Any]] = {
        "greedy": lambda: greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat),
        "mes": lambda: method_of_equal_shares(instance, profile, sat_class=Cost_Sat),
        "phragmen": lambda: sequential_phragmen(instance, profile),
        "mes-increase": lambda: completion_by_rule_combination(
            instance,
            profile,
            [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [
                {"rule": method_of_equal_shares, "rule_params": {"sat_class": Cost_Sat}},
                {"sat_class": Cost_Sat},
            ],
        ),
    }
    print(f"Toulouse 2022: {len(election.ballots)} ballots, {len(election.projects)} projects")
    figures = []
    for rule, reference in theirs.items():
        if quick and rule == "mes-increase":
            continue
        ours_s, result = _timed(partial(tally.run, rule, election), repeat=3)
        their_s, allocation = _timed(reference)
        same = list(result.selected) == [project.name for project in allocation]
        figures.append(Figures(f"{rule}", ours_s, their_s, len(result.selected), same))
        _print(figures[-1])
    return figures


def synthetic(tally: ModuleType, voters: int, projects: int, seed: int = SEED) -> Any:
    """A seeded approval election: 1–5 approvals per voter, popularity ∝ 1/(rank + 10)."""
    rng = random.Random(seed)
    ids = [str(i) for i in range(1, projects + 1)]
    costs = [rng.randrange(10, 500) * 1000 for _ in ids]
    popularity = [1 / (rank + 10) for rank in range(projects)]
    rng.shuffle(popularity)
    cumulative = list(itertools.accumulate(popularity))
    indices = range(projects)
    ballots = []
    for voter in range(voters):
        size = rng.randint(1, 5)
        chosen: set[int] = set()
        while len(chosen) < size:
            chosen.update(rng.choices(indices, cum_weights=cumulative, k=size - len(chosen)))
        ballots.append(tally.Ballot(str(voter), tuple(ids[i] for i in sorted(chosen))))
    return tally.Election(
        meta={"budget": str(sum(costs) // 4), "vote_type": "approval"},
        projects=[tally.Project(pid, cost) for pid, cost in zip(ids, costs, strict=True)],
        ballots=ballots,
    )


def graded(tally: ModuleType, voters: int, projects: int, seed: int = SEED) -> Any:
    """A seeded majority-judgment election: each voter grades 10 projects (0–3, unequal
    popularity and appeal); the others count as the lowest grade."""
    rng = random.Random(seed + 1)
    ids = [str(i) for i in range(1, projects + 1)]
    costs = [rng.randrange(10, 500) * 1000 for _ in ids]
    appeal = [rng.random() for _ in ids]
    popularity = [1 / (rank + 10) for rank in range(projects)]
    rng.shuffle(popularity)
    cumulative = list(itertools.accumulate(popularity))
    indices = range(projects)
    ballots = []
    for voter in range(voters):
        chosen: set[int] = set()
        while len(chosen) < 10:
            chosen.update(rng.choices(indices, cum_weights=cumulative, k=10 - len(chosen)))
        order = sorted(chosen)
        points = tuple(min(3, int(4 * appeal[i] * rng.random() + 0.5)) for i in order)
        ballots.append(tally.Ballot(str(voter), tuple(ids[i] for i in order), points))
    return tally.Election(
        meta={"budget": str(sum(costs) // 4), "vote_type": "scoring"},
        projects=[tally.Project(pid, cost) for pid, cost in zip(ids, costs, strict=True)],
        ballots=ballots,
    )


def main(argv: Sequence[str] | None = None) -> dict[str, Figures]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=200_000)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--quick", action="store_true", help="skip pabutools' mes-increase")
    args = parser.parse_args(argv)
    tally = _library()

    results = {f"toulouse-{f.name}": f for f in _toulouse(tally, args.quick)}
    increase = results.get("toulouse-mes-increase")
    if increase is not None and increase.ratio is not None:
        verdict = "meets" if increase.ratio >= 100 else "MISSES"
        print(
            f"  mes-increase on Toulouse: {increase.ratio:.0f}x faster ({verdict} the 100x target)"
        )

    print()
    election = synthetic(tally, args.voters, args.projects)
    print(
        f"Synthetic approval election: {len(election.ballots)} ballots, "
        f"{len(election.projects)} projects, budget {election.budget}"
    )
    for rule in ("greedy", "rank-then-fund", "mes", "phragmen", "mes-increase", "mes-add1"):
        ours_s, result = _timed(partial(tally.run, rule, election))
        figures = Figures(rule, ours_s, None, len(result.selected), None)
        results[f"synthetic-{rule}"] = figures
        _print(figures)

    print()
    election = graded(tally, args.voters, args.projects)
    print(
        f"Synthetic graded election: {len(election.ballots)} ballots of 10 grades, "
        f"{len(election.projects)} projects"
    )
    ours_s, result = _timed(partial(tally.run, "majority-judgment", election))
    figures = Figures("majority-judgment", ours_s, None, len(result.selected), None)
    results["synthetic-majority-judgment"] = figures
    _print(figures)
    judged = tally.majority_judgment(election)
    ours_s, _ = _timed(partial(_rank, judged), repeat=5)
    figures = Figures("majority-judgment ranking alone", ours_s, None, len(judged.ranking), None)
    results["synthetic-majority-judgment-rank"] = figures
    _print(figures)
    return results


def _rank(judged: Any) -> list[str]:
    """Majority judgment's ranking from the grade counts alone (the counting of ballots left
    out)."""
    from tally.majority_judgment import rank

    return rank(judged.profiles)


if __name__ == "__main__":
    main()
