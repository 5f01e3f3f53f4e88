"""Celery tasks for campaigns; the schedule that runs them is in config/settings/tasks.py."""

from celery import shared_task
from django.utils import timezone

from .services import campaigns_phase_apply


@shared_task(name="campaigns.apply_phases", acks_late=True)
def campaigns_phase_apply_task() -> list[str]:
    """Apply every campaign's phase schedule now (idempotent: safe to run twice or late)."""
    return campaigns_phase_apply(now=timezone.now())
