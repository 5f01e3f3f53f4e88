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
  is redone in exact fractions (:meth:`_Prepared.run`). Each outcome says how its runs were
  decided (:class:`Runs`: how many were certified in floating point, how many done in
  fractions), and ``exact=True`` does every run in fractions, for a recount;
- otherwise, and in that fallback, budgets, prices and payments are exact fractions. Voters are
  grouped so that few fractions are handled: identical ballots are merged, and voters of a
  project who have paid for the same projects hold the same amount (a *budget class*).

**Speed.** In the floating-point run each group of identical ballots has a budget class in a
numpy array: the voters per class of a project's supporters are one ``bincount`` over its
supporters' groups (float64 sums of integer weights, exact because every project's supporters
number less than 2**53, which ``float_ready`` checks), and a payment moves every group of the
project at once. Exact prices only rise as budgets fall, so a price computed in an earlier round
is at most the current one, up to its error bound. Projects sit in a heap keyed by (last price,
id); the top is recomputed until it is up to date, and every entry whose key lies within the
largest error bound of it is then made fresh and compared with it (so a stale entry cannot hide
a cheaper project). A price is not recomputed when none of the project's supporters has paid
since. Toulouse 2022's ``mes-increase`` (about a hundred MES runs) takes under a second; on the
benchmark's 200,000-ballot, 300-project election ``mes`` takes about 2 s and ``mes-increase``
and ``mes-add1`` (about a hundred runs each) about 20 s on a shared two-core machine, every run
certified in floating point.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass
from fractions import Fraction
from itertools import repeat
from operator import add, mul, sub
from typing import NamedTuple

import numpy as np

from tally.model import Number
from tally.profile import Profile

EPS = 2.0**-52
"""Twice the unit roundoff of a double: one rounding to nearest changes a value by at most
half of ``EPS`` times its magnitude (amounts here stay far above the subnormal range)."""


class _FloatPrice(NamedTuple):
    """A project's price in the floating-point run; heap entries order by (price, id)."""

    rho: float
    """The price per unit of satisfaction ρ, within ``rho_err`` of the exact price."""
    name: str
    project: int
    stamp: int
    """The round it was computed in (-1: before the first payment)."""
    rho_err: float
    share: float
    """``q``, what each supporter who is not short pays, within ``share_err``."""
    share_err: float
    clean: tuple[int, int] | None
    """The exact price as (numerator, denominator) when no supporter pays less than ``q``."""


class _ExactPrice(NamedTuple):
    """A project's price in the exact run; heap entries order by (price, id)."""

    price: Fraction
    name: str
    project: int
    stamp: int


class _Supporters(NamedTuple):
    """A project's supporters: their ballot groups, how many voters each group holds, their
    satisfactions (``None`` when all equal ``unit``)."""

    groups: list[int]
    weights: list[int]
    utilities: list[Number] | None
    unit: Number


class _FloatCost(NamedTuple):
    cost: int
    unit: int
    unit_f: float


@dataclass
class Runs:
    """How the MES runs behind an outcome were decided: ``certified`` runs took every decision
    in floating point with a proof, ``exact`` runs were done in fractions (the ballots are not
    approval ballots with whole amounts, a decision could not be proven, or exact arithmetic was
    asked for)."""

    certified: int = 0
    exact: int = 0

    @property
    def arithmetic(self) -> str:
        """``"float-certified"`` when any run was certified in floating point, else
        ``"exact"``."""
        return "float-certified" if self.certified else "exact"


class Shares(NamedTuple):
    """An MES outcome: project indices in the order they are funded, and how it was decided."""

    order: list[int]
    runs: Runs


class _Uncertain(Exception):
    """The floating-point run cannot prove a decision: redo the run exactly."""


def _cheaper(a: _FloatPrice, b: _FloatPrice) -> bool:
    """Whether ``a`` comes before ``b`` (lower price, then id), or raise :class:`_Uncertain`."""
    if a.rho + a.rho_err < b.rho - b.rho_err:
        return True
    if b.rho + b.rho_err < a.rho - a.rho_err:
        return False
    if a.clean is None or b.clean is None:
        raise _Uncertain
    left, right = a.clean[0] * b.clean[1], b.clean[0] * a.clean[1]
    return left < right or (left == right and a.name < b.name)


class _Prepared:
    """What does not depend on the voters' share, computed once for a series of runs."""

    def __init__(self, profile: Profile, *, exact: bool = False) -> None:
        self.profile = profile
        names, costs = profile.names, profile.costs
        self.free: list[int] = []
        self.candidates: list[int] = []
        self.supporters: dict[int, _Supporters] = {}
        self.start: list[_ExactPrice] = []
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
            self.supporters[p] = _Supporters(groups, weights, uniform, unit)
            self.candidates.append(p)
            self.start.append(_ExactPrice(Fraction(costs[p]) / total, names[p], p, -1))
        # The floating-point run needs one satisfaction per project (approval ballots) and
        # integral amounts that doubles hold exactly.
        limit = 2**53
        self.float_ready = not exact and all(
            self.supporters[p].utilities is None
            and isinstance(costs[p], int)
            and isinstance(self.supporters[p].unit, int)
            and costs[p] < limit
            and sum(self.supporters[p].weights) * self.supporters[p].unit < limit
            for p in self.candidates
        )
        self.runs = Runs()
        self.float_supporters: dict[int, _FloatCost] = {}
        self.float_groups: dict[int, np.ndarray] = {}
        self.float_weights: dict[int, np.ndarray] = {}
        self.float_start: list[_FloatPrice] = []
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
                self.float_supporters[p] = _FloatCost(cost, int(unit), float(unit))
                # One division of integers below 2**53, rounded to nearest: within half an
                # ulp of the exact price, above or below it; ``rho * EPS`` bounds that.
                rho = cost / (sum(weights) * int(unit))
                rho_err = rho * EPS
                self.float_start.append(_FloatPrice(rho, names[p], p, -1, rho_err, 0.0, 0.0, None))
                self.float_start_error = max(self.float_start_error, rho_err)
            heapq.heapify(self.float_start)

    def run(self, share: Fraction) -> list[int]:
        """One run of MES with ``share`` per voter: the funded projects in order.

        The certified floating-point run is tried first; whenever it cannot prove one of its
        decisions (a near tie, an exact tie between prices that are not simple fractions, a
        budget that exactly covers a cost…) the run is redone in exact fractions. ``runs``
        counts the runs of each kind."""
        if self.float_ready:
            try:
                outcome = self._run_float(share)
            except _Uncertain:
                pass
            else:
                self.runs.certified += 1
                return outcome
        self.runs.exact += 1
        return self._run_exact(share)

    def _run_float(self, share: Fraction) -> list[int]:
        """MES in floating point with a rigorous bound on every value's error.

        Every amount ``x`` is held as a float ``x_f`` with a bound ``e`` such that the exact
        value lies in ``[x_f - e, x_f + e]``. Every operation rounds to nearest (IEEE 754
        doubles; no directed rounding is used), so each adds at most ``EPS / 2`` times the
        magnitude of its result; the bounds count ``EPS`` or more per operation and are then
        doubled, which also covers the rounding of the sums ``x_f ± e`` the checks compare. Each budget class has its
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

        def price(p: int) -> _FloatPrice | None:
            cost, unit, unit_f = supporters[p]
            # voters per class (float64 sums of integer weights below 2**53: exact)
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
            # the division's rounding, doubled (covers computing q ± q_err below)
            q_err = 2 * (need_err / rich + EPS * q)
            # Every rich budget proven >= q, every poor one <= q (the float order of the
            # budgets need not be their exact order: each class is checked with its own bound).
            if q + q_err > min(map(sub, budgets[poor:], errors[poor:])):
                raise _Uncertain
            if poor and q - q_err < max(map(add, budgets[:poor], errors[:poor])):
                raise _Uncertain
            rho = q / unit_f
            rho_err = 2 * (q_err / unit_f + EPS * rho)
            clean = (cost, rich * unit) if poor == 0 else None
            return _FloatPrice(rho, names[p], p, rounds, rho_err, q, q_err, clean)

        while heap:
            top = heap[0]
            if top.stamp != rounds:
                heappop(heap)
                if changed[top.project] <= top.stamp:  # nobody paying for it has paid since
                    heappush(heap, top._replace(stamp=rounds))
                    continue
                entry = price(top.project)
                if entry is not None:
                    worst = max(worst, entry.rho_err)
                    heappush(heap, entry)
                continue
            heappop(heap)
            # Every entry that might be as cheap as the top, made fresh.
            limit = top.rho + top.rho_err + worst
            rivals: list[_FloatPrice] = []
            while heap and heap[0].rho <= limit:
                other = heappop(heap)
                if changed[other.project] > other.stamp:
                    fresh = price(other.project)
                    if fresh is None:
                        continue
                    worst = max(worst, fresh.rho_err)
                    other = fresh
                    if other.rho > limit:
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
            p, q, q_err = best.project, best.share, best.share_err
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
            heappush(heap, _ExactPrice(new_price, name, p, rounds))
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


def equal_shares(profile: Profile, *, exact: bool = False) -> Shares:
    """Plain MES: project indices in the order they are funded (``exact``: in fractions only)."""
    if profile.voters == 0:
        return Shares([], Runs())
    prepared = _Prepared(profile, exact=exact)
    return Shares(prepared.run(Fraction(profile.budget) / profile.voters), prepared.runs)


def equal_shares_voter_increment(
    profile: Profile, increment: Number = 1, *, exact: bool = False
) -> Shares:
    """MES with each voter's share raised by ``increment`` until exhaustive (pabutools
    ``method_of_equal_shares(..., voter_budget_increment=increment)``)."""
    if profile.voters == 0:
        return Shares([], Runs())
    prepared = _Prepared(profile, exact=exact)
    budget = profile.budget
    share = Fraction(budget) / profile.voters
    previous = list(prepared.free)
    while True:
        outcome = prepared.run(share)
        if profile.cost_of(outcome) > budget:
            return Shares(previous, prepared.runs)
        if profile.is_exhaustive(outcome, budget, prepared.candidates):
            return Shares(outcome, prepared.runs)
        share += increment
        previous = outcome


def equal_shares_budget_increase(
    profile: Profile, step: Number | None = None, *, exact: bool = False
) -> Shares:
    """MES re-run with the total budget raised by ``step`` (1 % of the budget by default) until
    exhaustive (pabutools ``exhaustion_by_budget_increase(instance, profile,
    method_of_equal_shares, ...)``)."""
    budget = Fraction(profile.budget)
    step_size = budget / 100 if step is None else Fraction(step)
    bound = budget * (profile.voters + 1)
    every = range(len(profile.names))
    if profile.voters == 0:
        return Shares([], Runs())  # pabutools' MES returns nothing without ballots
    prepared = _Prepared(profile, exact=exact)
    reachable = prepared.free + prepared.candidates
    if profile.cost_of(reachable) <= budget and not profile.is_exhaustive(reachable, budget, every):
        # Every outcome fits and leaves room for a project MES never funds: pabutools raises
        # the budget up to the bound and returns the last outcome. Only that one is computed.
        steps = (bound - budget) // step_size if step_size > 0 else 0
        return Shares(prepared.run((budget + steps * step_size) / profile.voters), prepared.runs)
    previous: list[int] = []
    current = budget
    while current <= bound:
        outcome = prepared.run(current / profile.voters)
        if profile.cost_of(outcome) > budget:
            return Shares(previous, prepared.runs)
        if profile.is_exhaustive(outcome, budget, every):
            return Shares(outcome, prepared.runs)
        current += step_size
        previous = outcome
    return Shares(previous, prepared.runs)
