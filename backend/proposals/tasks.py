"""Celery tasks for proposals: thin, take ids, call a service, retry with backoff."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from addresses.errors import GeocodingUnavailable

from .models import Proposal
from .services import proposal_locate, proposal_locate_failed

MAX_RETRIES = 5


@shared_task(
    bind=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
    name="proposals.locate",
)
def proposal_locate_task(self, proposal_id: int) -> str:  # type: ignore[no-untyped-def]
    """Place a proposal given only an address (through the geocoding service, see
    ``proposal_locate``). Retries (exponential back-off) while the geocoder is unavailable; after
    the last retry the proposal is marked ``failed``, never lost."""
    try:
        proposal = proposal_locate(proposal_id=proposal_id)
    except GeocodingUnavailable as exc:
        if self.request.retries >= MAX_RETRIES:
            proposal_locate_failed(
                proposal_id=proposal_id, reason=f"Geocoder unavailable after retries: {exc}"
            )
            return "failed"
        raise self.retry(exc=exc, countdown=min(2**self.request.retries * 5, 300)) from exc
    return proposal.location_status if proposal else "missing"


@shared_task(name="proposals.locate_pending", acks_late=True)
def proposals_locate_pending_task() -> int:
    """Queue the geocoding of proposals still ``pending`` after ``SWEEP_AFTER_SECONDS``: their
    task was not queued (Redis down) or was lost. ``proposal_locate`` leaves a proposal placed
    in the meantime as it is. How many were queued."""
    older_than = timezone.now() - timedelta(seconds=settings.SWEEP_AFTER_SECONDS)
    pending = list(
        Proposal.objects.filter(
            location_status=Proposal.LocationStatus.PENDING, created_at__lt=older_than
        ).values_list("pk", flat=True)
    )
    for proposal_id in pending:
        proposal_locate_task.delay(proposal_id)
    return len(pending)


@shared_task(name="proposals.map_tiles_warm", acks_late=True, ignore_result=True)
def map_tiles_warm_task(campaign: str) -> int:
    """Compute the tiles the map of a large campaign opens on, after a change (``map_warm``)."""
    from .map_warm import map_tiles_warm

    return map_tiles_warm(campaign=campaign)
