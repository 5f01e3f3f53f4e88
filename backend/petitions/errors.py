"""Refusals decided by the petition rules (rendered by core.errors.exception_handler)."""

from rest_framework import status

from campaigns.errors import SlugTaken
from core.errors import ApplicationError


class AlreadySigned(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "already_signed"
    default_message = "You have already signed this petition."


class NotSigned(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "not_signed"
    default_message = "You have not signed this petition."


class PetitionNotOpen(ApplicationError):
    """Not published yet, or its signing period is over."""

    status_code = status.HTTP_409_CONFLICT
    code = "petition_not_open"
    default_message = "This petition is not open for signing."


class FilingClosed(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "filing_closed"
    default_message = "This petition process does not take new petitions now."


class NotResident(ApplicationError):
    code = "not_resident"
    default_message = "Only residents of the city may sign a petition."


class UnderMinAge(ApplicationError):
    code = "under_min_age"
    default_message = "You are under the minimum age to sign a petition of this process."


class ProcessSlugTaken(SlugTaken):
    """Campaigns' refusal (409 ``slug_taken``), said of a process."""

    default_message = "A petition process already has this short name: choose another one."
