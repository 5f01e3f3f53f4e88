from smtplib import SMTPException

from celery import shared_task

from . import credentials
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


@shared_task(
    name="accounts.send_password_reset",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def password_reset_send_task(user_id: int) -> bool:
    """Mail a password reset link (nothing for an account disabled or deleted since)."""
    return credentials.password_reset_send(user_id=user_id)


@shared_task(
    name="accounts.send_password_changed",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def password_changed_notice_task(user_id: int) -> bool:
    """Tell the owner their password changed."""
    return credentials.password_changed_notice(user_id=user_id)


@shared_task(
    name="accounts.send_email_change",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def email_change_send_task(user_id: int, new_email: str) -> bool:
    """Mail the confirmation link of an email change to the new address."""
    return credentials.email_change_send(user_id=user_id, new_email=new_email)


@shared_task(
    name="accounts.send_email_changed",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def email_changed_notice_task(old_email: str, new_email: str) -> bool:
    """Tell the old address that the account moved."""
    return credentials.email_changed_notice(old_email=old_email, new_email=new_email)
