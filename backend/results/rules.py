"""Who may see and compute results, when: one ``check_…`` per action raising the typed refusal,
and ``can_…`` as "the check lets it through" (``campaigns.rules.allowed``).

- Results and the published ballot files are public from the ``results`` phase on;
  administrators may preview them as soon as voting has closed.
- Before that, nobody sees them: 409 ``phase_closed`` (a running count during voting would
  break the secrecy of the vote as it goes).
- Computing a result with another rule, to compare, is for administrators (403), once voting
  has closed (409)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accounts import roles
from campaigns.models import Campaign
from campaigns.rules import allowed
from campaigns.schedule import PHASES, Phase
from core.errors import NotAllowed, PhaseClosed


def voting_over(campaign: Campaign, now: datetime) -> bool:
    """Voting has closed: the campaign is past its voting phase, or the voting slot has ended
    (a gap before the results phase still reads as voting in the schedule)."""
    if PHASES.index(campaign.phase_at(now)) > PHASES.index(Phase.VOTING):
        return True
    slot = campaign.slot(Phase.VOTING)
    return slot is not None and slot.end is not None and slot.end <= now


def _not_public(campaign: Campaign) -> PhaseClosed:
    return PhaseClosed(
        f"The results of « {campaign.name} » are not public yet: they are published in the "
        f"results phase."
    )


def check_results_view(user: Any, campaign: Campaign, now: datetime) -> None:
    """Anyone from the results phase on; administrators once voting has closed."""
    if PHASES.index(campaign.phase_at(now)) >= PHASES.index(Phase.RESULTS):
        return
    if roles.is_administrator(user) and voting_over(campaign, now):
        return
    raise _not_public(campaign)


def check_ballot_file(user: Any, campaign: Campaign, now: datetime) -> None:
    """The published ballot file of an area: as the results."""
    check_results_view(user, campaign, now)


def check_results_compare(user: Any, campaign: Campaign, now: datetime) -> None:
    """Administrators, once voting has closed."""
    if not roles.is_administrator(user):
        raise NotAllowed("Only administrators can compute a result with another rule.")
    if not voting_over(campaign, now):
        raise PhaseClosed("Results can be computed once voting has closed.")


def actions(user: Any, campaign: Campaign, now: datetime) -> dict[str, bool]:
    """The results' ``can`` map."""
    return {
        "view": allowed(check_results_view, user, campaign, now),
        "download_ballots": allowed(check_ballot_file, user, campaign, now),
        "compare": allowed(check_results_compare, user, campaign, now),
    }
