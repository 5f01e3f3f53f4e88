"""Plain data for an election: projects with a cost, ballots, the budget.

Nothing here knows about Django or a database. An :class:`Election` is what the pabulib parser
returns (``tally.pabulib``) and what every rule takes (``tally.run``). Amounts are exact numbers:
``int`` when integral, :class:`fractions.Fraction` otherwise (never ``float``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TypeAlias

Number: TypeAlias = int | Fraction
"""An exact amount: an integer, or a fraction when the file gives decimals."""

VOTE_TYPES = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
"""The pabulib vote types: approval and choose-1 are sets of projects, cumulative and scoring give
points to projects, ordinal ranks projects best first."""

APPROVAL_TYPES = frozenset({"approval", "choose-1"})
POINTS_TYPES = frozenset({"cumulative", "scoring"})


def exact(value: int | Fraction) -> Number:
    """``value`` as an ``int`` when it is integral, else as a ``Fraction``."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value.numerator)
    return value


@dataclass(frozen=True)
class Project:
    """A project on the ballot: its id (kept as written, e.g. ``"116"``), its cost, its name and
    every other column of the file (``votes``, ``category``, ``latitude``…) as text."""

    id: str
    cost: Number
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot.

    ``vote`` lists project ids: a set for approval (in the file's order), the projects given
    points for cumulative/scoring (``points`` aligned with it), a ranking best first for ordinal.
    ``extra`` holds the voter's other columns (``age``, ``sex``…) as text."""

    voter_id: str
    vote: tuple[str, ...]
    points: tuple[Number, ...] | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Election:
    """A participatory-budgeting election: ``meta`` (pabulib META section, text values, in order),
    its projects and its ballots. ``budget`` and ``vote_type`` are read from ``meta``."""

    meta: dict[str, str]
    projects: list[Project]
    ballots: list[Ballot]

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def budget(self) -> Number:
        return parse_number(self.meta["budget"])

    def project(self, project_id: str) -> Project:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)


def parse_number(text: str) -> Number:
    """An exact number from pabulib text: ``"4000"``, ``"4000.0"``, ``"12,5"`` (decimal comma),
    ``"1/3"``. Raises ``ValueError`` on anything else (including ``nan`` and ``inf``)."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned or cleaned.lower() in {"nan", "inf", "-inf", "infinity", "-infinity"}:
        raise ValueError(f"not a number: {text!r}")
    return exact(Fraction(cleaned))


def format_number(value: Number) -> str:
    """The text for an exact number: ``"4000"``, ``"12.5"``, or ``"1/3"`` when no finite decimal
    writes it (``parse_number`` reads every form back to the same value)."""
    value = exact(value)
    if isinstance(value, int):
        return str(value)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    scaled = value * 10**digits
    sign = "-" if scaled < 0 else ""
    whole, rest = divmod(abs(int(scaled)), 10**digits)
    return f"{sign}{whole}.{rest:0{digits}d}"
