"""Campaigns' typed refusals (rendered by core.errors.exception_handler)."""

from __future__ import annotations

from rest_framework import status

from core.errors import ApplicationError


class SlugTaken(ApplicationError):
    """The slug chosen for a new campaign names an existing one (409: the request is well formed,
    it conflicts with what exists)."""

    status_code = status.HTTP_409_CONFLICT
    code = "slug_taken"
    default_message = "A campaign already has this slug: choose another one."


class CampaignInconsistent(ApplicationError):
    """Values that do not hold together (phases out of order or overlapping, an area that does
    not exist or comes twice, a reserved share above its envelope…), each under its field."""

    code = "campaign_inconsistent"
    default_message = "The campaign is not consistent."


class VoteCannotGoBack(ApplicationError):
    """A schedule change would take the vote back: reopen a vote that has closed, un-open one
    that has opened, withdraw published results, or move the dates of a vote that has closed
    (campaigns.schedule.stage_change_problem)."""

    status_code = status.HTTP_409_CONFLICT
    code = "vote_cannot_go_back"
    default_message = "Once voting has opened and closed, the campaign never returns to voting."


class NoCurrentCampaign(ApplicationError):
    """No campaign of the city fits the screen now (none open for proposals, none voting, no
    published results…)."""

    status_code = status.HTTP_404_NOT_FOUND
    code = "no_current_campaign"
    default_message = "No campaign fits this screen now."
