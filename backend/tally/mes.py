"""The Method of Equal Shares (pabutools ``method_of_equal_shares`` and its completions).

**Rule.** Every voter starts with an equal share ``b = budget / voters`` of the budget. A
project ``p`` of cost ``c`` can be bought when its supporters (voters with a positive
satisfaction ``u_i`` from it) hold at least ``c`` together. Its price per unit of satisfaction
``ρ`` is the smallest number such that ``Σ min(b_i, ρ·u_i) = c``: each supporter pays ``ρ·u_i``,
or everything they have left when that is less. At each round the affordable project with the
smallest ``ρ`` is funded (ties: the project id that sorts first as a string), its supporters
pay, and the rule goes on until no project is affordable. Free projects with supporters are
funded first; projects nobody supports are never funded.

**Completions** (the ``mes-increase`` and ``mes-add1`` rules of ``tally.rules``):

- :func:`equal_shares_budget_increase` — pabutools ``exhaustion_by_budget_increase``: MES is
  run again from scratch with the *total* budget raised by 1 % of the real one at each step;
  the result is the last outcome that still fits the real budget, or the first one that is
  exhaustive (no other project fits), whichever comes first. Bounded like pabutools by a total
  budget of ``budget × (voters + 1)``.
- :func:`equal_shares_voter_increment` — pabutools ``voter_budget_increment=1``
  (equalshares.net "add1"): each voter's share is raised by one currency unit at a time until
  the outcome is exhaustive among the projects MES could fund, or no longer fits (then the
  previous one is kept).

Either is then completed by the greedy rule when the outcome is not exhaustive.

**Exactness.** The outcome is the one exact arithmetic gives, by two routes:

- for approval ballots (one satisfaction per project, integral costs) each run is first done in
  floating point *with a proven error bound on every amount* (one bound per budget class, so
  an error only travels along the payments that really depend on it); every decision (is a project
  affordable, which supporters pay all they have, which project is cheapest) is taken only
  when the bounds prove it, and exact ties between prices with no partly-paying supporter
  (``ρ = c / (W·u)``, integers) are compared exactly. When a decision cannot be proven, the run
  is redone in exact fractions (:meth:`_Prepared.run`);
- otherwise, and in that fallback, budgets, prices and payments are exact fractions. Voters are
  grouped so that few fractions are handled: identical ballots are merged, and voters of a
  project who have paid for the same projects hold the same amount (a *budget class*).

**Speed.** In the floating-point run each group of identical ballots has a budget class in a
numpy array: the voters per class of a project's supporters are one ``bincount`` over its
supporters' groups (integer counts, exact), and a payment moves every group of the project at
once. Prices only rise as budgets fall, so a price computed in an earlier round is a lower
bound of the current one. Projects sit in a heap keyed by (last price, id); the top is
recomputed until it is up to date, and then it is the true minimum (a stale entry can only be
cheaper than its real price). A price is not recomputed when none of the project's supporters
has paid since. Toulouse 2022's ``mes-increase`` (about a hundred MES runs) takes under a
second; on a 200,000-ballot, 300-project election it and ``mes-add1`` (about a hundred runs
each) take about 13 s on two cores.
"""

from __future__ import annotations

import heapq
from collections import deque
from fractions import Fraction
from itertools import repeat
from operator import add, mul, sub

import numpy as np

from tally.model import Number
from tally.profile import Profile

EPS = 2.0**-52
"""Twice the unit roundoff of a double: one rounding changes a value by less than ``EPS``
times its magnitude."""

# (price ρ, id, project, round computed, error of ρ, equal share q, error of q,
#  exact ρ as (numerator, denominator) when clean)
_Entry = tuple[float, str, int, int, float, float, float, tuple[int, int] | None]


class _Uncertain(Exception):
    """The floating-point run cannot prove a decision: redo the run exactly."""


def _cheaper(a: _Entry, b: _Entry) -> bool:
    """Whether ``a`` comes before ``b`` (lower price, then id), or raise :class:`_Uncertain`."""
    if a[0] + a[4] < b[0] - b[4]:
        return True
    if b[0] + b[4] < a[0] - a[4]:
        return False
    if a[7] is None or b[7] is None:
        raise _Uncertain
    left, right = a[7][0] * b[7][1], b[7][0] * a[7][1]
    return left < right or (left == right and a[1] < b[1])


class _Prepared:
    """What does not depend on the voters' share, computed once for a series of runs."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        names, costs = profile.names, profile.costs
        self.free: list[int] = []
        self.candidates: list[int] = []
        self.supporters: dict[int, tuple[list[int], list[int], list[Number] | None, Number]] = {}
        self.start: list[tuple[Fraction, str, int, int]] = []
        for p in sorted(range(len(names)), key=names.__getitem__):
            pairs = [
                (g, u)
                for g, u in zip(profile.groups[p], profile.utilities[p], strict=True)
                if u > 0
            ]
            if not pairs:
                continue
            if costs[p] == 0:
                self.free.append(p)
                continue
            groups = [g for g, _ in pairs]
            weights = [profile.weights[g] for g in groups]
            utilities = [u for _, u in pairs]
            uniform: list[Number] | None = None if len(set(utilities)) == 1 else utilities
            unit = utilities[0]
            total = sum(w * u for w, u in zip(weights, utilities, strict=True))
            self.supporters[p] = (groups, weights, uniform, unit)
            self.candidates.append(p)
            self.start.append((Fraction(costs[p]) / total, names[p], p, -1))
        # The floating-point run needs one satisfaction per project (approval ballots) and
        # integral amounts that doubles hold exactly.
        limit = 2**53
        self.float_ready = all(
            self.supporters[p][2] is None
            and isinstance(costs[p], int)
            and isinstance(self.supporters[p][3], int)
            and costs[p] < limit
            and sum(self.supporters[p][1]) * self.supporters[p][3] < limit
            for p in self.candidates
        )
        self.exact_runs = 0
        self.float_supporters: dict[int, tuple[int, int, float]] = {}
        self.float_groups: dict[int, np.ndarray] = {}
        self.float_weights: dict[int, np.ndarray] = {}
        self.float_start: list[_Entry] = []
        self.float_start_error = 0.0
        self.neighbours: dict[int, list[int]] = {}
        if self.float_ready:
            near: dict[int, set[int]] = {p: set() for p in self.candidates}
            for ballot in profile.ballots:  # approval: a ballot's projects are its supported ones
                for p in ballot:
                    if p in near:
                        near[p].update(ballot)
            for p in self.candidates:
                groups, weights, _, _ = self.supporters[p]
                self.neighbours[p] = sorted(near[p])
                self.float_groups[p] = np.array(groups, dtype=np.intp)
                self.float_weights[p] = np.array(weights, dtype=np.int64)
            for p in self.candidates:
                groups, weights, _, unit = self.supporters[p]
                cost = int(costs[p])
                self.float_supporters[p] = (cost, int(unit), float(unit))
                rho = cost / (sum(weights) * int(unit))  # correctly rounded: a lower bound
                rho_err = rho * EPS
                self.float_start.append((rho, names[p], p, -1, rho_err, 0.0, 0.0, None))
                self.float_start_error = max(self.float_start_error, rho_err)
            heapq.heapify(self.float_start)

    def run(self, share: Fraction) -> list[int]:
        """One run of MES with ``share`` per voter: the funded projects in order.

        The certified floating-point run is tried first; whenever it cannot prove one of its
        decisions (a near tie, an exact tie between prices that are not simple fractions, a
        budget that exactly covers a cost…) the run is redone in exact fractions."""
        if self.float_ready:
            try:
                return self._run_float(share)
            except _Uncertain:
                self.exact_runs += 1
        return self._run_exact(share)

    def _run_float(self, share: Fraction) -> list[int]:
        """MES in floating point with a rigorous bound on every value's error.

        Every amount ``x`` is held as a float ``x_f`` with a bound ``e`` such that the exact
        value lies in ``[x_f - e, x_f + e]`` (each rounding adds at most ``EPS`` times the
        magnitudes involved; the bounds are deliberately generous). Each budget class has its
        own bound (``slack``): a class made by a payment ``β - q`` has the bound of ``β`` plus
        that of ``q`` plus the rounding, and ``q``'s bound sums the bounds of the poor classes
        it was computed from. A decision is taken only when the intervals prove it; otherwise
        :class:`_Uncertain` is raised and the caller recomputes exactly. Proven decisions are
        the exact rule's decisions, so the outcome is the exact outcome:

        - *affordable*: ``Σ W·β ≥ c`` proven from the interval of the sum;
        - *price*: the float water-fill splits the supporters' classes into poor ``P`` and rich
          ``R``; ``q = (c - Σ_P W·β) / W_R`` is the exact equal share iff every poor budget is
          ``≤ q`` and every rich budget ``≥ q``, which is checked with the intervals of every
          class (their float order need not be their exact order);
        - *cheapest project*: a fresh top of the heap is compared with every entry whose key
          could hide a cheaper or equal price (keys within the top's error plus the largest
          error of any key); prices proven apart are ordered by their floats; prices that may be
          equal are compared exactly when both are *clean* (no supporter paying part of the
          share: ``ρ = c / (W·u)`` with integers), otherwise the run is redone exactly.
        """
        profile = self.profile
        names = profile.names
        if profile.voters == 0:
            return []
        share_f = float(share)
        cls = np.zeros(len(profile.weights), dtype=np.intp)  # each group's budget class
        beta: list[float] = [share_f, 0.0]  # class 1: voters with exactly nothing left
        slack: list[float] = [share_f * EPS, 0.0]  # bounds the error of each class's budget
        beta_np = np.zeros(64)  # the same values as arrays, for the gathers in price()
        slack_np = np.zeros(64)
        beta_np[0], slack_np[0] = beta[0], slack[0]
        supporters = self.float_supporters
        heap = list(self.float_start)
        worst = self.float_start_error  # bounds the error of every price in the heap
        selection = list(self.free)
        rounds = 0
        heappop, heappush = heapq.heappop, heapq.heappush
        changed = [0] * len(names)  # the round after which a project's supporters last paid
        neighbours = self.neighbours
        float_groups, float_weights = self.float_groups, self.float_weights

        def price(p: int) -> _Entry | None:
            cost, unit, unit_f = supporters[p]
            # voters per class (integer counts: exact)
            held = np.bincount(cls[float_groups[p]], weights=float_weights[p])
            held[1:2] = 0  # voters with nothing left (exactly): they pay nothing
            present = held.nonzero()[0]
            order = present[np.argsort(beta_np[present], kind="stable")]
            classes = order.tolist()
            weights = held[order].astype(np.int64).tolist()
            budgets = beta_np[order].tolist()
            errors = slack_np[order].tolist()
            rich = sum(weights)
            avail = sum(map(mul, weights, budgets))
            avail_err = 2 * (sum(map(mul, weights, errors)) + avail * EPS * (2 * len(classes) + 2))
            if avail + avail_err < cost:
                return None
            if avail - avail_err < cost:
                raise _Uncertain
            need = float(cost)
            poor = 0
            for w, b in zip(weights, budgets, strict=True):
                if need <= b * rich:
                    break
                need -= w * b
                rich -= w
                poor += 1
            if poor == len(classes):
                raise _Uncertain
            spent = cost - need
            need_err = sum(map(mul, weights[:poor], errors[:poor]))
            need_err = 2 * need_err + EPS * (2 * poor + 2) * (cost + spent)
            q = need / rich
            q_err = 2 * (need_err / rich + EPS * q)  # doubled: covers the comparisons' rounding
            # Every rich budget proven >= q, every poor one <= q (the float order of the
            # budgets need not be their exact order: each class is checked with its own bound).
            if q + q_err > min(map(sub, budgets[poor:], errors[poor:])):
                raise _Uncertain
            if poor and q - q_err < max(map(add, budgets[:poor], errors[:poor])):
                raise _Uncertain
            rho = q / unit_f
            rho_err = 2 * (q_err / unit_f + EPS * rho)
            clean = (cost, rich * unit) if poor == 0 else None
            return (rho, names[p], p, rounds, rho_err, q, q_err, clean)

        while heap:
            top = heap[0]
            if top[3] != rounds:
                heappop(heap)
                if changed[top[2]] <= top[3]:  # nobody paying for it has paid since
                    heappush(heap, (*top[:3], rounds, *top[4:]))  # type: ignore[arg-type]
                    continue
                entry = price(top[2])
                if entry is not None:
                    worst = max(worst, entry[4])
                    heappush(heap, entry)
                continue
            heappop(heap)
            # Every entry that might be as cheap as the top, made fresh.
            limit = top[0] + top[4] + worst
            rivals: list[_Entry] = []
            while heap and heap[0][0] <= limit:
                other = heappop(heap)
                if changed[other[2]] > other[3]:
                    fresh = price(other[2])
                    if fresh is None:
                        continue
                    worst = max(worst, fresh[4])
                    other = fresh
                    if other[0] > limit:
                        heappush(heap, other)
                        continue
                rivals.append(other)
            best = top
            for other in rivals:
                if _cheaper(other, best):
                    best = other
            for other in (top, *rivals):
                if other is not best:
                    heappush(heap, other)
            _, _, p, _, _, q, q_err, _ = best
            selection.append(p)
            rounds += 1
            # (map() runs these loops at C speed)
            deque(map(changed.__setitem__, neighbours[p], repeat(rounds)), maxlen=0)
            groups = float_groups[p]
            old = cls[groups]
            moves: dict[int, int] = {1: 1}
            before = len(beta)
            for a in np.bincount(old).nonzero()[0].tolist():
                if a != 1:
                    left = beta[a] - q
                    left_err = slack[a] + q_err + 2 * EPS * (beta[a] + q)
                    if left + left_err <= 0:  # proven: pays all it has
                        moves[a] = 1
                    else:
                        moves[a] = len(beta)
                        beta.append(left if left > 0 else 0.0)
                        slack.append(left_err)
            if len(beta) > len(beta_np):
                beta_np = np.array(beta + [0.0] * len(beta))
                slack_np = np.array(slack + [0.0] * len(slack))
            else:
                beta_np[before : len(beta)] = beta[before:]
                slack_np[before : len(slack)] = slack[before:]
            table = np.arange(len(beta), dtype=np.intp)
            for a, b in moves.items():
                table[a] = b
            cls[groups] = table[old]
        return selection

    def _run_exact(self, share: Fraction) -> list[int]:
        """MES in exact fractions."""
        profile = self.profile
        costs = profile.costs
        if profile.voters == 0:
            return []
        cls = [0] * len(profile.weights)
        budgets: list[Fraction] = [share]
        zero: list[int] = []  # the class of voters with nothing left, once it exists
        heap = list(self.start)
        heapq.heapify(heap)
        selection = list(self.free)
        rounds = 0
        heappop, heappush = heapq.heappop, heapq.heappush
        while heap:
            price, name, p, stamp = heap[0]
            groups, weights, utilities, unit = self.supporters[p]
            if stamp == rounds:  # up to date: the cheapest project this round
                heappop(heap)
                selection.append(p)
                rounds += 1
                moves: dict[object, int] = {}
                if utilities is None:
                    pay = price * unit
                    for g in groups:
                        a = cls[g]
                        b = moves.get(a)
                        if b is None:
                            b = moves[a] = _pay(budgets, zero, a, pay)
                        cls[g] = b
                else:
                    for g, u in zip(groups, utilities, strict=True):
                        a = cls[g]
                        b = moves.get((a, u))
                        if b is None:
                            b = moves[(a, u)] = _pay(budgets, zero, a, price * u)
                        cls[g] = b
                continue
            heappop(heap)
            cost = costs[p]
            if utilities is None:
                held: dict[int, int] = {}
                for g, w in zip(groups, weights, strict=True):
                    a = cls[g]
                    held[a] = held.get(a, 0) + w
                if sum(w * budgets[a] for a, w in held.items()) < cost:
                    continue  # never affordable again: budgets only go down
                need: Fraction | Number = cost
                rich = sum(held.values())
                for a in sorted(held, key=budgets.__getitem__):
                    if need <= budgets[a] * rich:
                        break
                    need -= held[a] * budgets[a]
                    rich -= held[a]
                new_price = Fraction(need) / (rich * unit)
            else:
                mixed: dict[tuple[int, Number], int] = {}
                for g, w, u in zip(groups, weights, utilities, strict=True):
                    key = (cls[g], u)
                    mixed[key] = mixed.get(key, 0) + w
                if sum(w * budgets[a] for (a, _), w in mixed.items()) < cost:
                    continue
                need = cost
                denominator = sum(w * u for (_, u), w in mixed.items())
                for a, u in sorted(mixed, key=lambda k: budgets[k[0]] / k[1]):
                    if need * u <= budgets[a] * denominator:
                        break
                    w = mixed[(a, u)]
                    need -= w * budgets[a]
                    denominator -= w * u
                new_price = Fraction(need) / denominator
            heappush(heap, (new_price, name, p, rounds))
        return selection


def _pay(budgets: list[Fraction], zero: list[int], a: int, pay: Fraction) -> int:
    """The class a voter of class ``a`` moves to after paying ``pay`` (or all they have)."""
    left = budgets[a] - pay
    if left > 0:
        budgets.append(left)
        return len(budgets) - 1
    if not zero:
        budgets.append(Fraction(0))
        zero.append(len(budgets) - 1)
    return zero[0]


def equal_shares(profile: Profile) -> list[int]:
    """Plain MES: project indices in the order they are funded."""
    if profile.voters == 0:
        return []
    return _Prepared(profile).run(Fraction(profile.budget) / profile.voters)


def equal_shares_voter_increment(profile: Profile, increment: Number = 1) -> list[int]:
    """MES with each voter's share raised by ``increment`` until exhaustive (pabutools
    ``method_of_equal_shares(..., voter_budget_increment=increment)``)."""
    if profile.voters == 0:
        return []
    prepared = _Prepared(profile)
    budget = profile.budget
    share = Fraction(budget) / profile.voters
    previous = list(prepared.free)
    while True:
        outcome = prepared.run(share)
        if profile.cost_of(outcome) > budget:
            return previous
        if profile.is_exhaustive(outcome, budget, prepared.candidates):
            return outcome
        share += increment
        previous = outcome


def equal_shares_budget_increase(profile: Profile, step: Number | None = None) -> list[int]:
    """MES re-run with the total budget raised by ``step`` (1 % of the budget by default) until
    exhaustive (pabutools ``exhaustion_by_budget_increase(instance, profile,
    method_of_equal_shares, ...)``)."""
    budget = Fraction(profile.budget)
    step_size = budget / 100 if step is None else Fraction(step)
    bound = budget * (profile.voters + 1)
    every = range(len(profile.names))
    if profile.voters == 0:
        return []  # pabutools' MES returns nothing without ballots; the loop stops at once
    prepared = _Prepared(profile)
    reachable = prepared.free + prepared.candidates
    if profile.cost_of(reachable) <= budget and not profile.is_exhaustive(reachable, budget, every):
        # Every outcome fits and leaves room for a project MES never funds: pabutools raises
        # the budget up to the bound and returns the last outcome. Only that one is computed.
        steps = (bound - budget) // step_size if step_size > 0 else 0
        return prepared.run((budget + steps * step_size) / profile.voters)
    previous: list[int] = []
    current = budget
    while current <= bound:
        outcome = prepared.run(current / profile.voters)
        if profile.cost_of(outcome) > budget:
            return previous
        if profile.is_exhaustive(outcome, budget, every):
            return outcome
        current += step_size
        previous = outcome
    return previous
