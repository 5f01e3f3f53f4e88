"""Celery tasks for proposals: thin, take ids, call a service, retry with backoff."""

from celery import shared_task

from addresses.errors import GeocodingUnavailable

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
