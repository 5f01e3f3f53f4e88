"""Celery tasks of notifications (thin: ids in, a service called); their schedule is in
config/settings/tasks.py. Mails are retried on SMTP and network errors with an exponential
backoff (``NOTIFICATIONS_RETRY_BACKOFF`` seconds, doubled each time, with jitter)."""

from datetime import datetime, timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign

from . import mail
from .models import Digest, Notification
from .receivers import vote_audience
from .services import campaign_notify_vote_open, follower_audience

RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": settings.NOTIFICATIONS_RETRY_BACKOFF,
    "retry_backoff_max": 600,
    "max_retries": 8,
    "acks_late": True,
}


@shared_task(name="notifications.send", **RETRY)
def notification_send_task(notification_id: int) -> bool:
    return mail.notification_send(notification_id=notification_id)


@shared_task(name="notifications.send_digest", **RETRY)
def digest_send_task(user_id: int, until: str) -> int:
    return mail.digest_send(user_id=user_id, now=datetime.fromisoformat(until))


@shared_task(name="notifications.send_digests", acks_late=True)
def digests_send_task() -> int:
    """Once a day: one digest task per person with notifications waiting (those made before
    now; later ones wait for the next day). How many were queued."""
    now = timezone.now()
    users = mail.digest_due(now=now)
    for user_id in users:
        digest_send_task.delay(user_id, now.isoformat())
    return len(users)


@shared_task(name="notifications.send_pending", acks_late=True)
def notifications_send_pending_task() -> int:
    """Queue the mails of immediate notifications still unsent after ``SWEEP_AFTER_SECONDS``:
    their task was not queued (Redis down) or was lost; ``notification_send`` sends each once.
    How many were queued."""
    older_than = timezone.now() - timedelta(seconds=settings.SWEEP_AFTER_SECONDS)
    unsent = list(
        Notification.objects.filter(
            mail=Digest.IMMEDIATE, sent_at__isnull=True, created_at__lt=older_than
        ).values_list("pk", flat=True)
    )
    for notification_id in unsent:
        notification_send_task.delay(notification_id)
    return len(unsent)


@shared_task(name="notifications.vote_open", acks_late=True)
def vote_open_task(campaign_id: int) -> int:
    """Voting has opened: tell the followers of the campaign's proposals and projects, and the
    voters who declared an arrondissement (``receivers.vote_audience``), each about their
    area's ballot (once per campaign and area). How many notifications were made."""
    campaign = Campaign.objects.prefetch_related("areas").get(pk=campaign_id)
    audience = follower_audience(campaign=campaign)
    for _, more in vote_audience.send(sender=Campaign, campaign=campaign):
        if isinstance(more, dict):
            for area_id, users in more.items():
                audience.setdefault(area_id, set()).update(users)
    with transaction.atomic():
        return len(campaign_notify_vote_open(campaign=campaign, audience=audience))
