"""Belvédère's tally library: plain data in, ordered winners out.

No Django, no database, no settings, no clock: an :class:`Election` (read from a pabulib
``.pb`` file with :func:`read`, or built by the caller) goes into :func:`run` with a rule name,
and a :class:`Result` comes out::

    from tally import read, run

    result = run("mes-increase", read("France_Toulouse_2022.pb"))
    result.selected, result.total_cost

The rules reproduce pabutools 1.2.3 exactly, tie-breaking included (ties go to the project id
that sorts first as a string), with exact arithmetic. See :mod:`tally.rules` for the rules and
their satisfaction functions, and each rule's module for its definition.
"""

from tally.majority_judgment import (
    GRADES,
    GradeCounts,
    InvalidGrade,
    MajorityJudgment,
    majority_judgment,
)
from tally.model import Ballot, Election, Number, Project
from tally.pabulib import PabulibError, parse, read, write
from tally.profile import SATISFACTIONS, UnsupportedRule
from tally.rank_then_fund import Funding, rank_by_score, rank_then_fund
from tally.rules import RESERVING_RULES, RULES, Result, default_satisfaction, run

__all__ = [
    "GRADES",
    "RESERVING_RULES",
    "RULES",
    "SATISFACTIONS",
    "Ballot",
    "Election",
    "Funding",
    "GradeCounts",
    "InvalidGrade",
    "MajorityJudgment",
    "Number",
    "PabulibError",
    "Project",
    "Result",
    "UnsupportedRule",
    "default_satisfaction",
    "majority_judgment",
    "parse",
    "rank_by_score",
    "rank_then_fund",
    "read",
    "run",
    "write",
]
