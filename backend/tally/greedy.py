"""Greedy utilitarian welfare (pabutools ``greedy_utilitarian_welfare``).

Projects are ranked once by *satisfaction density*, their total satisfaction divided by their
cost, highest first; ties go to the project id that sorts first as a string. The rule then walks
down the ranking and funds every project that still fits in what is left of the budget, skipping
those that do not (it does not stop at the first one).

With the ``cost`` satisfaction (approval) the density is the number of approvals; with
``score_cost`` it is the project's total score (points, or k, k-1, …, 1 for a ranking of length
k): that is the classic city rule "fund by votes while money lasts".

Edge cases follow pabutools exactly: a project nobody gets satisfaction from has density 0 (it
is still funded at the end if it fits); a free project with supporters has infinite density.
pabutools computes Borda satisfaction through its general (non-additive) code path, where a free
project has infinite density even without supporters; ``zero_cost_first`` reproduces that.

All densities are exact fractions, so no rounding can reorder two projects.
"""

from __future__ import annotations

from fractions import Fraction

from tally.profile import Profile

_INFINITE = (0, Fraction(0))  # sorts before every finite density key (1, -density)


def greedy(
    profile: Profile,
    *,
    initial: list[int] | None = None,
    zero_cost_first: bool = False,
) -> list[int]:
    """Project indices in the order the rule funds them, after ``initial`` (already funded)."""
    selection = list(initial or [])
    chosen = set(selection)
    left = profile.budget - profile.cost_of(selection)

    def key(p: int) -> tuple[tuple[int, Fraction], str]:
        total, cost = profile.total[p], profile.costs[p]
        if cost == 0 and (zero_cost_first or total > 0):
            return _INFINITE, profile.names[p]
        density = Fraction(total) / cost if total > 0 else Fraction(0)
        return (1, -density), profile.names[p]

    for p in sorted((p for p in range(len(profile.names)) if p not in chosen), key=key):
        if profile.costs[p] <= left:
            selection.append(p)
            left -= profile.costs[p]
    return selection
