"""Role predicates, small and composable (django-rules style). Services check them; DRF
permission classes and the ``can`` maps only mirror them."""

from __future__ import annotations

from typing import Any

from .models import User


def is_authenticated(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_verified(user: Any) -> bool:
    """Signed in with an email address the person has confirmed (needed to propose, report and
    vote)."""
    return is_authenticated(user) and user.email_verified_at is not None


def is_administrator(user: Any) -> bool:
    return is_authenticated(user) and (
        user.role == User.Role.ADMINISTRATOR or bool(user.is_superuser)
    )


def is_official(user: Any) -> bool:
    """Officials and administrators (administrators may do whatever officials may)."""
    return is_authenticated(user) and (user.role == User.Role.OFFICIAL or is_administrator(user))


def area_ids(user: Any) -> set[int] | None:
    """The ids of the areas ``user`` handles; None means every area (administrators)."""
    if is_administrator(user):
        return None
    if not is_official(user):
        return set()
    cached = getattr(user, "_area_ids", None)
    if cached is None:
        cached = set(user.areas.values_list("id", flat=True))
        user._area_ids = cached
    return cached


def handles_area(user: Any, area_id: int | None) -> bool:
    ids = area_ids(user)
    if ids is None:
        return True
    return area_id is not None and area_id in ids
