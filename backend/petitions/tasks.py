"""Celery tasks for petitions: thin, idempotent; the schedule is in config/settings/tasks.py."""

from celery import shared_task
from django.utils import timezone

from .services import petitions_close_due


@shared_task(name="petitions.close_due", acks_late=True)
def petitions_close_due_task() -> int:
    """Close every petition whose signing period is over (safe to run twice or late: a
    signature after ``signing_ends_at`` is refused whether or not this has run)."""
    return petitions_close_due(now=timezone.now())
