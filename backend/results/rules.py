"""Who may see and compute results, when: one ``check_…`` per action raising the typed refusal,
and ``can_…`` as "the check lets it through" (``campaigns.rules.allowed``).

- Nothing about the ballots is readable by anyone, administrators included, before the results
  are public: no result, preview, comparison, ballot file or count. The results are public once
  the vote's stage is ``published`` (campaigns.schedule.voting_stage: the results phase has
  started); until then 409 ``phase_closed``. A running count during voting, or a preview while
  declarations are still being checked, would let someone learn a ballot by watching it change.
- Computing a result with another rule, to compare, is for administrators (403), once the
  results are public (409)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accounts import roles
from campaigns.models import Campaign
from campaigns.rules import allowed
from campaigns.schedule import VotingStage
from core.errors import NotAllowed, PhaseClosed


def results_public(campaign: Campaign, now: datetime) -> bool:
    """The results phase has started: the count is public (the one authority's ``published``)."""
    return campaign.voting_stage(now) == VotingStage.PUBLISHED


def _not_public(campaign: Campaign) -> PhaseClosed:
    return PhaseClosed(
        f"The results of « {campaign.name} » are not public yet: they are published in the "
        f"results phase."
    )


def check_results_view(user: Any, campaign: Campaign, now: datetime) -> None:
    """Anyone, from the results phase on; nobody before (administrators included)."""
    if not results_public(campaign, now):
        raise _not_public(campaign)


def check_ballot_file(user: Any, campaign: Campaign, now: datetime) -> None:
    """The published ballot file of an area: as the results."""
    check_results_view(user, campaign, now)


def check_results_compare(user: Any, campaign: Campaign, now: datetime) -> None:
    """Administrators, once the results are public."""
    if not roles.is_administrator(user):
        raise NotAllowed("Only administrators can compute a result with another rule.")
    if not results_public(campaign, now):
        raise _not_public(campaign)


def actions(user: Any, campaign: Campaign, now: datetime) -> dict[str, bool]:
    """The results' ``can`` map."""
    return {
        "view": allowed(check_results_view, user, campaign, now),
        "download_ballots": allowed(check_ballot_file, user, campaign, now),
        "compare": allowed(check_results_compare, user, campaign, now),
    }
