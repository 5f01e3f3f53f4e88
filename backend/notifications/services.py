"""Telling authors what happened to their proposal: a Notification row, then an email sent by
a Celery task after the transaction commits (idempotent: sent once)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from proposals.models import Proposal

from .models import Notification

Event = Notification.Event

SUBJECTS = {
    Event.HIDDEN: ("Votre proposition a été masquée", "Your proposal has been hidden"),
    Event.RESTORED: ("Votre proposition est de nouveau visible", "Your proposal is visible again"),
    Event.ACCEPTED: ("Votre proposition est recevable", "Your proposal has been accepted"),
    Event.REJECTED: ("Votre proposition n'est pas recevable", "Your proposal has been rejected"),
    Event.MERGED: ("Votre proposition a été regroupée", "Your proposal has been merged"),
}


def proposal_notify_author(
    *, proposal: Proposal, event: str, reason: str = ""
) -> Notification | None:
    """Record a notification for the proposal's author and queue its email (none without an
    author, e.g. imported proposals)."""
    if proposal.author_id is None:
        return None
    notification = Notification.objects.create(
        user_id=proposal.author_id, proposal=proposal, event=event, reason=reason
    )
    from .tasks import notification_send_task

    transaction.on_commit(lambda: notification_send_task.delay(notification.pk))
    return notification


def notification_body(notification: Notification) -> tuple[str, str]:
    fr, en = SUBJECTS[Event(notification.event)]
    title = notification.proposal.title
    reason = notification.reason.strip()
    lines = [
        f"Bonjour,\n\n{fr} : « {title} ».",
        f"Motif : {reason}" if reason else "",
        "— Belvédère, budget participatif",
        "",
        f"Hello,\n\n{en}: “{title}”.",
        f"Reason: {reason}" if reason else "",
    ]
    return f"{fr} / {en}", "\n".join(line for line in lines if line is not None)


def notification_send(*, notification_id: int) -> bool:
    """Send the email once; returns whether it was sent now."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user", "proposal")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        subject, body = notification_body(notification)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
        return True
