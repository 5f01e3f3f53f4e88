from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from .services import account_deleted_notice, retention_apply


@shared_task(
    name="privacy.send_account_deleted",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=10,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def account_deleted_notice_task(email: str) -> bool:
    """Tell the address a deleted account had that it is gone."""
    return account_deleted_notice(email=email)


@shared_task(name="privacy.apply_retention", acks_late=True)
def retention_apply_task() -> int:
    """The daily retention sweep (idempotent). How many campaigns and petitions changed."""
    return len(retention_apply(now=timezone.now()))
