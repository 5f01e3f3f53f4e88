"""Moderation's typed refusals (rendered by core.errors.exception_handler). They are decided by
the proposal rules (``proposals.transitions``), which define them."""

from proposals.errors import AlreadyReported, OwnProposal

__all__ = ["AlreadyReported", "OwnProposal"]
