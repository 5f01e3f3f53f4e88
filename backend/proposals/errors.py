"""Refusals decided by the proposal rules (rendered by core.errors.exception_handler)."""

from rest_framework import status

from core.errors import ApplicationError, NotAllowed


class AlreadyReported(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "already_reported"
    default_message = "You have already reported this proposal."


class OwnProposal(NotAllowed):
    code = "own_proposal"
    default_message = "You cannot report your own proposal."


class AlreadySupported(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "already_supported"
    default_message = "You already support this proposal."


class NotSupported(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "not_supported"
    default_message = "You do not support this proposal."


class NotOpenForSupport(ApplicationError):
    """Hidden or withdrawn: no new support."""

    status_code = status.HTTP_409_CONFLICT
    code = "target_closed"
    default_message = "This proposal no longer takes supports."
