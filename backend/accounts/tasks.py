from smtplib import SMTPException

from celery import shared_task

from .services import email_verification_send


@shared_task(
    name="accounts.send_verification_email",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def email_verification_send_task(user_id: int) -> bool:
    """Mail the verification link (nothing once the address is verified)."""
    return email_verification_send(user_id=user_id)
