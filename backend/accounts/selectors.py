"""Reads about accounts that other apps show."""

from __future__ import annotations

from typing import TypedDict

from .models import User


class PublicAuthor(TypedDict):
    display_name: str
    former_participant: bool


def public_author(user: User | None) -> PublicAuthor | None:
    """How the author of a proposal (or a comment) is shown to everyone: their display name
    (empty: they chose to stay anonymous), or, once they deleted their account, no name and
    ``former_participant`` (the front end says "a former participant"). None when there is no
    author (imported proposals)."""
    if user is None:
        return None
    if user.deleted_at is not None:
        return {"display_name": "", "former_participant": True}
    return {"display_name": user.display_name, "former_participant": False}
