"""Reads for notifications: a person's notifications, their unread count (the bell polls it:
one indexed count), their follows and whether they follow a proposal or a project."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import Follow, Notification

ORDERS = ("unread", "newest")


def notification_list(*, user: Any, order: str = "unread") -> QuerySet[Notification]:
    """The person's notifications: unread first then newest (``unread``), or newest first."""
    rows = Notification.objects.filter(user_id=user.pk)
    if order == "unread":
        unread_first = Case(
            When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return rows.order_by(unread_first, "-created_at", "-id")
    return rows.order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def follow_list(*, user: Any) -> QuerySet[Follow]:
    return (
        Follow.objects.filter(user_id=user.pk)
        .select_related("proposal", "project", "petition")
        .order_by("-created_at", "-id")
    )


def follow_state(
    *, user: Any, proposal_id: int | None = None, project_id: int | None = None
) -> dict:
    """Whether the person follows it, and how many people do."""
    rows = (
        Follow.objects.filter(proposal_id=proposal_id)
        if proposal_id is not None
        else Follow.objects.filter(project_id=project_id or 0)
    )
    following = bool(getattr(user, "pk", None)) and rows.filter(user_id=user.pk).exists()
    return {"following": following, "followers": rows.count()}
