from smtplib import SMTPException

from celery import shared_task

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
