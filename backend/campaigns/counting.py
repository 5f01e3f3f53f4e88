"""Which rule counts a campaign's ballots, and whether a reserved share can go with it: settled
when the campaign is set up (campaigns, voting) and applied when it is counted (results)."""

from __future__ import annotations

import tally

from .models import Campaign

V = Campaign.VotingRule


def counting_rule(voting_rule: str, tally_rule: str, *, imported: bool = False) -> str:
    """The rule ballots of ``voting_rule`` are counted with: majority judgment ranks then funds
    (the reserved share first), approval and knapsack use the tally rule, cumulative points
    fund by total points (greedy; an imported election keeps its file's rule)."""
    if voting_rule == V.MAJORITY_JUDGMENT:
        return "majority-judgment"
    if voting_rule == V.CUMULATIVE and not imported:
        return "greedy"
    return tally_rule


def reserved_share_refusal(voting_rule: str, tally_rule: str) -> str | None:
    """Why a reserved share cannot go with these rules (``None``: it can). Only the
    rank-then-fund rules honour one (``tally.RESERVING_RULES``): the others would count as if
    nothing were reserved, so the combination is refused when the campaign is set up."""
    rule = counting_rule(voting_rule, tally_rule)
    if rule in tally.RESERVING_RULES:
        return None
    return (
        f"The counting rule « {rule} » has no reserved share for priority neighbourhoods (only "
        f"majority judgment ranks then funds with one): set the reserved share to 0, or count "
        f"by majority judgment."
    )
