"""Events notifications hears of without importing where they happen (connected in
``NotificationsConfig.ready``), and the hook it offers the layers above.

- A new proposal (``post_save`` of ``proposals.Proposal``, below): its author follows it.
- ``core.events.comment_posted`` (conversations, above): the followers of the proposal or
  project are told, not the comment's author.
- ``core.events.delivery_changed`` (delivery, above): the project's followers are told.
- ``campaigns.signals.phase_changed`` (below): when voting opens, a task tells each person
  about their area's ballot; who votes where is asked from the apps that know it through
  ``vote_audience`` (voting answers with its declarations).

Receivers hold no rule: they call a service, after the commit where they queue work."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from campaigns.schedule import PHASES, Phase
from proposals.models import Proposal

from . import services
from .models import Notification

# Sent by the vote-opening task with ``campaign``; each receiver answers {area id: user ids},
# the people who will vote in that area's ballot.
vote_audience = Signal()

VOTING = PHASES.index(Phase.VOTING)
log = logging.getLogger(__name__)


def on_proposal_saved(sender: Any, *, instance: Proposal, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        services.follow_author(proposal=instance)


def on_comment_posted(
    sender: Any, *, comment: Any, target: Any, author: Any = None, **kwargs: Any
) -> None:
    # Sent after the comment's commit: a failure here must not turn it into an error.
    try:
        with transaction.atomic():
            services.comment_notify_followers(comment=comment, target=target, author=author)
    except Exception:
        log.exception("notifications: the followers of a comment's target were not told")


def on_delivery_changed(
    sender: Any, *, project: Any, kind: str, text: str = "", actor: Any = None, **kwargs: Any
) -> None:
    event = Notification.Event.MILESTONE if kind == "milestone" else Notification.Event.DELIVERY
    try:
        with transaction.atomic():
            services.project_notify_followers(
                project=project, event=event, reason=text, actor=actor
            )
    except Exception:
        log.exception("notifications: the followers of a delivery were not told")


def voting_opens(before: str, after: str) -> bool:
    """The phase change opens voting (a jump past it, straight to the results, does not)."""
    return PHASES.index(Phase(before)) < VOTING == PHASES.index(Phase(after))


def on_phase_changed(sender: Any, *, campaign: Any, before: str, after: str, **kwargs: Any) -> None:
    if voting_opens(before, after):
        from .tasks import vote_open_task

        campaign_id = campaign.pk
        transaction.on_commit(lambda: vote_open_task.delay(campaign_id))


def connect() -> None:
    from django.db.models.signals import post_save

    from campaigns.signals import phase_changed
    from core.events import comment_posted, delivery_changed

    post_save.connect(on_proposal_saved, sender=Proposal, dispatch_uid="notifications.author")
    comment_posted.connect(on_comment_posted, dispatch_uid="notifications.comment")
    delivery_changed.connect(on_delivery_changed, dispatch_uid="notifications.delivery")
    phase_changed.connect(on_phase_changed, dispatch_uid="notifications.vote_open")
