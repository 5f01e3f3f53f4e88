from smtplib import SMTPException

from celery import shared_task

from .services import email_verification_send, registration_notice_send


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


@shared_task(
    name="accounts.send_registration_notice",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def registration_notice_send_task(user_id: int) -> bool:
    """Tell an account's owner that someone tried to register with its address."""
    return registration_notice_send(user_id=user_id)
