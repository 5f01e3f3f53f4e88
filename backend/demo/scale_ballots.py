"""The content of generated ballots, with a realistic skew: in each area a few projects are
popular (Zipf-like, rank r drawn ∝ 1/r^0.7 to be noticed) and the popular ones are liked better.

- Majority judgment: a voter grades the projects they noticed (the top one 8 times out of 10, the
  tenth 1.6 times out of 10), each with a grade drawn from the project's appeal (binomial over
  the four grades); every other project counts as the lowest grade, as ``voting.methods``
  normalises the ballot. At least one project is graded.
- Approval: a voter approves 1 to ``approval_max`` projects drawn without replacement by
  popularity (1/r: Gumbel top-k).

Contents are the normalised ballots ``voting.methods.validate`` returns, ready for
``voting.receipts.box_seal``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from voting.methods import GRADE_KEYS

NOTICE_TOP, NOTICE_EXPONENT = 0.8, 0.7


@dataclass(frozen=True)
class AreaTaste:
    """What voters of one area think of its projects."""

    pids: list[int]  # project ids, ascending
    rank: np.ndarray  # popularity rank of each project (0: the most popular)
    appeal: np.ndarray  # probability of each step up the grades

    @classmethod
    def draw(cls, rng: np.random.Generator, pids: list[int]) -> AreaTaste:
        pids = sorted(pids)
        n = len(pids)
        rank = rng.permutation(n)
        appeal = np.clip(0.25 + 0.5 * (1 - rank / max(n, 1)) + rng.normal(0, 0.1, n), 0.05, 0.95)
        return cls(pids=pids, rank=rank, appeal=appeal)

    @property
    def notice(self) -> np.ndarray:
        return NOTICE_TOP / (self.rank + 1.0) ** NOTICE_EXPONENT

    def graded(self, rng: np.random.Generator, m: int) -> list[dict[str, Any]]:
        """``m`` majority-judgment ballots."""
        n = len(self.pids)
        noticed = rng.random((m, n)) < self.notice[None, :]
        grades = rng.binomial(len(GRADE_KEYS) - 1, self.appeal[None, :], size=(m, n))
        empty = ~noticed.any(axis=1)
        if empty.any():  # a voter who noticed nothing grades the most popular project
            noticed[np.flatnonzero(empty), int(np.argmin(self.rank))] = True
        grades[~noticed] = 0
        keys = [str(p) for p in self.pids]
        return [
            {"grades": dict(zip(keys, (GRADE_KEYS[g] for g in row), strict=True))}
            for row in grades.tolist()
        ]

    def approved(self, rng: np.random.Generator, m: int, most: int) -> list[dict[str, Any]]:
        """``m`` approval ballots of 1 to ``most`` projects."""
        n = len(self.pids)
        keys = -np.log(self.rank + 1.0)[None, :] - np.log(-np.log(rng.random((m, n))))
        sizes = rng.integers(1, min(most, n) + 1, size=m)
        order = np.argsort(-keys, axis=1)
        return [
            {"projects": sorted(self.pids[j] for j in order[v, : sizes[v]].tolist())}
            for v in range(m)
        ]
