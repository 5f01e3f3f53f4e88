"""Sequential Phragmén (pabutools ``sequential_phragmen``), approval ballots only.

Voters carry a *load*, starting at 0. Funding a project of cost ``c`` approved by ``n``
voters whose loads add up to ``L`` would bring each of them to the load ``(L + c) / n``; at each
round the project with the smallest such load is funded (ties: the project id that sorts first
as a string) and its voters' loads are set to it. A project nobody approves has an infinite
load. The rule **stops** at the first round where one of the projects tied for the smallest
load does not fit in what is left of the budget (it does not skip it). Projects costing more
than the whole budget are never considered.

As in pabutools, the outcome is returned sorted by project id (as strings), not in the order of
the rounds; :func:`sequential_phragmen` gives both.

Loads are exact fractions. Every voter of a funded project gets the same load, so voters fall
into few *load classes* (the last funded project they approve); a project's total load is a sum
over the classes of its voters. Loads only grow, so a heap of lower bounds (last computed load,
id) finds each round's minimum with few recomputations, as in :mod:`tally.mes`.
"""

from __future__ import annotations

import heapq
from fractions import Fraction

from tally.profile import Profile


def sequential_phragmen(profile: Profile) -> tuple[list[int], list[int]]:
    """``(outcome sorted by id, funding order)`` as project indices."""
    names, costs, budget = profile.names, profile.costs, profile.budget
    considered = [p for p in range(len(names)) if costs[p] <= budget]
    supporters = {p: [(g, profile.weights[g]) for g in profile.groups[p]] for p in considered}
    score = {p: sum(w for _, w in supporters[p]) for p in considered}
    cls = [0] * len(profile.weights)
    loads: list[Fraction] = [Fraction(0)]
    heap = [(Fraction(costs[p]) / score[p], names[p], p, -1) for p in considered if score[p] > 0]
    heapq.heapify(heap)
    unsupported = sorted((p for p in considered if score[p] == 0), key=names.__getitem__)
    order: list[int] = []
    spent = Fraction(0)
    rounds = 0

    def load_of(p: int) -> Fraction:
        held: dict[int, int] = {}
        for g, w in supporters[p]:
            a = cls[g]
            held[a] = held.get(a, 0) + w
        return (Fraction(sum(w * loads[a] for a, w in held.items())) + costs[p]) / score[p]

    while heap or unsupported:
        while heap and heap[0][3] != rounds:
            _, name, p, _ = heapq.heappop(heap)
            heapq.heappush(heap, (load_of(p), name, p, rounds))
        if heap:
            best = heap[0][0]
            tied = []
            while heap and heap[0][0] == best:
                entry = heapq.heappop(heap)
                if entry[3] != rounds:
                    entry = (load_of(entry[2]), entry[1], entry[2], rounds)
                    if entry[0] != best:
                        heapq.heappush(heap, entry)
                        continue
                tied.append(entry)
            tied.sort(key=lambda entry: entry[1])
            if any(spent + costs[entry[2]] > budget for entry in tied):
                break
            chosen = tied[0][2]
            for entry in tied[1:]:
                heapq.heappush(heap, entry)
            rounds += 1
            new_class = len(loads)
            loads.append(best)
            for g, _ in supporters[chosen]:
                cls[g] = new_class
        else:
            if any(spent + costs[p] > budget for p in unsupported):
                break
            chosen = unsupported.pop(0)
        order.append(chosen)
        spent += costs[chosen]
    return sorted(order, key=names.__getitem__), order
