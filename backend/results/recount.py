"""How anyone recounts a published result: the ballot file, the rule and its parameters, and
the exact commands, with pabutools 1.2.3 (the reference implementation) and with our own
``pb_import`` + ``pb_tally``.

The pabutools command is a short Python script that uses pabutools' public API alone, reads the
downloaded ``.pb`` file and prints the winners' ids as JSON. ``manage.py pb_verify`` runs that
same script text; a test runs it as published, on the downloaded file.

Majority judgment and rank-then-fund have no pabutools function: their areas give no pabutools
command (``None``, with the reason) and are recounted with ``pb_tally`` from the same file."""

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
            f"Needs Python 3 and {PABUTOOLS} (pip install {PABUTOOLS}); prints the winners' ids."
            if pabutools
            else "pabutools has no rank-then-fund rule (majority judgment ranks then funds in "
            "rank order, the reserved share first): recount with pb_tally."
        ),
        "pb_tally": pb_tally_command(result),
    }


def _satisfaction_name(rule: str, vote_type: str) -> str | None:
    if rule not in _CALLS or rule == "phragmen":
        return None
    if rule == "mes-add1":
        return "Cost_Sat"
    name = _SATISFACTION[("mes" if rule.startswith("mes") else rule, _kind(vote_type))]
    return "ScoreTimesCost_Sat" if name == "ScoreTimesCost" else name
