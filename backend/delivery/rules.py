"""Who may edit a winning project's delivery, when: the officials of the project's area
(administrators everywhere), while the phase table allows « add_milestones » (from the results
phase on: campaigns.schedule.PHASE_ACTIONS). One ``check_…`` raising the typed refusal (403
``permission_denied``, 409 ``phase_closed``), and ``can_…`` as "the check lets it through"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from campaigns.rules import allowed, check
from campaigns.schedule import Action

from .models import Delivery


def check_edit(user: Any, delivery: Delivery, now: datetime) -> None:
    """Change the status, the budget spent, the services, the address; add milestones."""
    check(
        user, Action.ADD_MILESTONES, campaign=delivery.campaign, now=now, area_id=delivery.area_id
    )


def can_edit(user: Any, delivery: Delivery, now: datetime) -> bool:
    return allowed(check_edit, user, delivery, now)


def actions(user: Any, delivery: Delivery, now: datetime) -> dict[str, bool]:
    """The delivery's ``can`` map."""
    return {"edit": can_edit(user, delivery, now)}
