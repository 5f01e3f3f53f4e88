from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import Notification
from .services import notification_send


@shared_task(
    name="notifications.send",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def notification_send_task(notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)


@shared_task(name="notifications.send_pending", acks_late=True)
def notifications_send_pending_task() -> int:
    """Queue the mails of notifications still unsent after ``SWEEP_AFTER_SECONDS``: their task
    was not queued (Redis down) or was lost; ``notification_send`` sends each once. How many
    were queued."""
    older_than = timezone.now() - timedelta(seconds=settings.SWEEP_AFTER_SECONDS)
    unsent = list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=older_than).values_list(
            "pk", flat=True
        )
    )
    for notification_id in unsent:
        notification_send_task.delay(notification_id)
    return len(unsent)
