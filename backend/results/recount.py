"""How anyone recounts a published result: the ballot file, the rule and its parameters, and
the exact commands, with pabutools 1.2.3 (the reference implementation) and with our own
``pb_import`` + ``pb_tally``.

The pabutools command is a short Python script that uses pabutools' public API alone, reads the
downloaded ``.pb`` file and prints the winners' ids as JSON. ``manage.py pb_verify`` runs that
same script text; a test runs it as published, on the downloaded file.

pabutools has no majority-judgment rule: for such an area the script reads the file with
pabutools and applies, in a dozen lines of its own, Balinski and Laraki's majority values (the
lower median grade, remove one grade equal to it, repeat; higher first, then the id) and
rank-then-fund (the priority projects within the reserved share first, then every project in
rank order while it fits) — a recount independent of our ``tally`` library. Score-based
rank-then-fund (never a published rule, only a comparison) gets no pabutools command."""

from __future__ import annotations

from typing import Any

from campaigns.models import Campaign
from tally.model import POINTS_TYPES

from .models import Result
from .selectors import VOTE_TYPE, _imported

PABUTOOLS = "pabutools==1.2.3"

# pabutools' satisfaction for each rule and vote type (our tally library's defaults, see
# tally.rules.default_satisfaction); "ScoreTimesCost" is points × cost, defined in the script.
_SATISFACTION = {
    ("greedy", "approval"): "Cost_Sat",
    ("greedy", "points"): "ScoreTimesCost",
    ("greedy", "ordinal"): "ScoreTimesCost",
    ("mes", "approval"): "Cost_Sat",
    ("mes", "points"): "Additive_Cardinal_Sat",
    ("mes", "ordinal"): "Additive_Borda_Sat",
}

_CALLS = {
    "greedy": "greedy_utilitarian_welfare(i, p, sat_class=S)",
    "mes": "method_of_equal_shares(i, p, sat_class=S)",
    "mes-increase": (
        "completion_by_rule_combination(i, p, [exhaustion_by_budget_increase, "
        "greedy_utilitarian_welfare], [{'rule': method_of_equal_shares, "
        "'rule_params': {'sat_class': S}}, {'sat_class': S}])"
    ),
    "mes-add1": (
        "completion_by_rule_combination(i, p, [method_of_equal_shares, "
        "greedy_utilitarian_welfare], [{'sat_class': S, 'voter_budget_increment': 1}, "
        "{'sat_class': S}])"
    ),
    "phragmen": "sequential_phragmen(i, p)",
}

_SCORE_TIMES_COST = """\
def score_times_cost(instance, profile, ballot, project, precomputed):
    if project not in ballot:
        return 0
    if isinstance(ballot, AbstractOrdinalBallot):
        return (len(ballot) - ballot.position(project)) * project.cost
    if isinstance(ballot, AbstractCardinalBallot):
        return ballot[project] * project.cost
    return project.cost
class ScoreTimesCost(AdditiveSatisfaction):
    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot, score_times_cost)
"""


_MAJORITY_JUDGMENT = """\
import json, sys
from pabutools.election import parse_pabulib
i, p = parse_pabulib(sys.argv[1])
def majority_value(project):  # grades 0-3, ungraded = 0; lower median, remove it, repeat
    grades, value = sorted(int(b.get(project, 0)) for b in p), []
    while grades:
        value.append(grades.pop((len(grades) + 1) // 2 - 1))
    return value
ranking = sorted(i, key=lambda x: x.name)
ranking.sort(key=majority_value, reverse=True)  # stable: equal values keep the id order
reserved = int(i.meta.get("reserved_amount", 0))
funded, left = set(), reserved
for x in ranking:  # the priority projects within the reserved share first
    if i.project_meta[x].get("priority") == "1" and x.cost <= left:
        funded.add(x)
        left -= x.cost
left = i.budget_limit - (reserved - left)
for x in ranking:  # then every project in rank order while it fits
    if x not in funded and x.cost <= left:
        funded.add(x)
        left -= x.cost
W = funded
print(json.dumps(sorted((x.name for x in W), key=lambda n: (len(n), n))))
"""


def vote_type_of(campaign: Campaign) -> str:
    """The pabulib vote type of the campaign's ballot files."""
    imported = _imported(campaign)
    if imported is not None:
        return imported.vote_type
    return VOTE_TYPE[Campaign.VotingRule(campaign.voting_rule)]


def _kind(vote_type: str) -> str:
    if vote_type in POINTS_TYPES:
        return "points"
    return "ordinal" if vote_type == "ordinal" else "approval"


def pabutools_script(rule: str, vote_type: str) -> str | None:
    """The Python script that recounts a ``.pb`` file (its path the first argument) with
    pabutools and prints the winners' ids as JSON; ``None`` for a rule pabutools lacks."""
    if rule == "majority-judgment":
        return _MAJORITY_JUDGMENT
    if rule not in _CALLS:
        return None
    kind = _kind(vote_type)
    satisfaction = _SATISFACTION.get(("mes" if rule.startswith("mes") else rule, kind))
    if rule == "mes-add1" or rule == "phragmen":
        satisfaction = "Cost_Sat"
    lines = [
        "import json, sys",
        "from pabutools.election import parse_pabulib, AdditiveSatisfaction, "
        "Cost_Sat, Additive_Cardinal_Sat, Additive_Borda_Sat",
        "from pabutools.election.ballot import AbstractOrdinalBallot, AbstractCardinalBallot",
        "from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, "
        "sequential_phragmen, exhaustion_by_budget_increase, completion_by_rule_combination",
    ]
    if satisfaction == "ScoreTimesCost":
        lines.append(_SCORE_TIMES_COST.rstrip())
    lines += [
        "i, p = parse_pabulib(sys.argv[1])",
        f"S = {satisfaction}",
        f"W = {_CALLS[rule]}",
        "print(json.dumps(sorted((x.name for x in W), key=lambda n: (len(n), n))))",
    ]
    return "\n".join(lines) + "\n"


def file_name(result: Result) -> str:
    """The name the ballot file downloads as (the API's Content-Disposition)."""
    return f"{result.campaign.slug}-{result.area.code}.pb"


def ballot_file_path(result: Result) -> str:
    return f"/api/v1/campaigns/{result.campaign.slug}/areas/{result.area.code}/ballots.pb"


def pabutools_command(result: Result, vote_type: str) -> str | None:
    """What a researcher pastes in a shell, next to the downloaded file."""
    script = pabutools_script(result.rule, vote_type)
    if script is None:
        return None
    return f"python3 - {file_name(result)} <<'PY'\n{script}PY"


def pb_tally_command(result: Result) -> str:
    """Import the downloaded file as a campaign here, then count it with the same rule."""
    slug = f"recount-{result.area.code}"[:60]
    return (
        f"python backend/manage.py pb_import {file_name(result)} --slug {slug} && "
        f"python backend/manage.py pb_tally {slug} --rule {result.rule} --json"
    )


def recount(result: Result, *, vote_type: str, base_url: str = "") -> dict[str, Any]:
    """Everything needed to recount ``result`` (the ``recount`` object of the results API)."""
    pabutools = pabutools_command(result, vote_type)
    return {
        "ballot_file": base_url + ballot_file_path(result),
        "file_name": file_name(result),
        "rule": result.rule,
        "parameters": {
            "vote_type": vote_type,
            "method": result.method,
            "budget": result.budget,
            "reserved_amount": result.reserved_amount,
            "satisfaction": _satisfaction_name(result.rule, vote_type),
        },
        "inputs_hash": result.inputs_hash,
        "pabutools": pabutools,
        "pabutools_note": (
            _note(result.rule)
            if pabutools
            else "pabutools has no rank-then-fund rule: recount with pb_tally."
        ),
        "pb_tally": pb_tally_command(result),
    }


def _note(rule: str) -> str:
    needs = f"Needs Python 3 and {PABUTOOLS} (pip install {PABUTOOLS}); prints the winners' ids."
    if rule != "majority-judgment":
        return needs
    return (
        "pabutools has no majority-judgment rule: this script reads the file with pabutools and "
        "ranks by majority values (Balinski and Laraki: the lower median grade, remove one grade "
        "equal to it, repeat; higher first, ties by id; ungraded = the lowest grade, 0), then "
        "funds in rank order, the priority projects within the reserved share first. " + needs
    )


def _satisfaction_name(rule: str, vote_type: str) -> str | None:
    if rule not in _CALLS or rule == "phragmen":
        return None
    if rule == "mes-add1":
        return "Cost_Sat"
    name = _SATISFACTION[("mes" if rule.startswith("mes") else rule, _kind(vote_type))]
    return "ScoreTimesCost_Sat" if name == "ScoreTimesCost" else name
