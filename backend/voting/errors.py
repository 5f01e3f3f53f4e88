"""Voting's typed refusals (rendered by core.errors.exception_handler). Their codes are the
reasons ``can.vote`` gives."""

from __future__ import annotations

from rest_framework import status

from core.errors import ApplicationError
from core.errors import EmailNotVerified as AddressNotConfirmed


class VoteRefused(ApplicationError):
    """This person may not vote in this ballot now (a 400 with a reason a person understands)."""

    code = "vote_refused"
    default_message = "You cannot vote in this ballot."


class NotAuthenticated(VoteRefused):
    status_code = status.HTTP_401_UNAUTHORIZED
    code = "not_authenticated"
    default_message = "Sign in to vote."


class EmailNotVerified(VoteRefused, AddressNotConfirmed):
    """403, as everywhere an unconfirmed address is the reason (proposing, reporting): the README's
    documented status; ``can.vote`` gives the same code."""

    status_code = status.HTTP_403_FORBIDDEN
    code = "email_not_verified"
    default_message = "Confirm your email address (follow the link we sent you) to vote."


class VotingClosed(VoteRefused):
    code = "phase_closed"
    default_message = "Voting is not open in this campaign."


class NotInCampaign(VoteRefused):
    code = "not_in_campaign"
    default_message = "This area has no ballot in this campaign."


class DeclarationMissing(VoteRefused):
    code = "declaration_missing"
    default_message = "Declare your birth date and home address for this campaign to vote."


class NotEligible(VoteRefused):
    code = "not_eligible"
    default_message = "Your declaration was refused: you cannot vote in this campaign."


class TooYoung(VoteRefused):
    code = "too_young"
    default_message = "You are too young to vote in this campaign."


class OtherAreaChosen(VoteRefused):
    code = "other_area_chosen"
    default_message = "You vote in your arrondissement de cœur only."


class VotedElsewhere(VoteRefused):
    """This person's voter roll entry already has a ballot in another arrondissement: one
    arrondissement ballot per person, whatever the channel."""

    status_code = status.HTTP_409_CONFLICT
    code = "voted_elsewhere"
    default_message = "You have already voted in the ballot of another arrondissement."


class AlreadyVoted(VoteRefused):
    status_code = status.HTTP_409_CONFLICT
    code = "already_voted"
    default_message = (
        "You have already voted in this ballot: replace your ballot with your receipt code."
    )


class AlreadyVotedOnPaper(AlreadyVoted):
    code = "already_voted_on_paper"
    default_message = "You have already voted on paper in this ballot."


class NothingToReplace(VoteRefused):
    code = "not_voted"
    default_message = "You have not voted online in this ballot: there is nothing to replace."


class ReceiptInvalid(ApplicationError):
    code = "receipt_invalid"
    default_message = "This receipt code does not match your ballot in this area."


class BallotInvalid(ApplicationError):
    """The choices break the campaign's voting method; ``code`` says how (too_many_projects,
    over_envelope, wrong_area, unknown_grade, …)."""

    code = "ballot_invalid"
    default_message = "This ballot is not valid."

    def __init__(self, message: str, *, code: str, field: str) -> None:
        super().__init__(message, field=field)
        self.code = code


class IdentityTaken(ApplicationError):
    """The name and birth date are those of another account's entry in the voter roll."""

    status_code = status.HTTP_409_CONFLICT
    code = "identity_taken"
    default_message = (
        "Another voter of this campaign is registered with this name and birth date: your town "
        "hall can sort it out."
    )


class PaperFileInvalid(ApplicationError):
    """A file of paper ballots with errors: nothing was entered; ``errors`` are keyed
    ``line N.column``."""

    code = "paper_file_invalid"
    default_message = "This file of paper ballots has errors: nothing was entered."


class IdentityInDispute(ApplicationError):
    """The name and birth date of this declaration are examined by the officials (an identity
    conflict is open): they cannot change until it is decided."""

    status_code = status.HTTP_409_CONFLICT
    code = "identity_in_dispute"
    default_message = (
        "Your town hall is examining who holds this name and birth date: they cannot change "
        "until it has decided."
    )


class ConflictDecided(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict_decided"
    default_message = "This identity conflict has already been decided."


class CountStarted(ApplicationError):
    """Counting has started: the set of counted ballots is final."""

    status_code = status.HTTP_409_CONFLICT
    code = "count_started"
    default_message = "Counting has started: the set of counted ballots can no longer change."
