"""Celery tasks for results: tally a campaign when its voting closes."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from celery import shared_task
from django.db import OperationalError, transaction
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.schedule import PHASES, Phase
from core.errors import PhaseClosed

from .services import result_recount, results_tally

log = logging.getLogger(__name__)


@shared_task(
    name="results.tally_campaign",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def tally_campaign(campaign_id: int) -> list[int]:
    """Tally every area of the campaign and store its published results (idempotent: inputs
    that have not changed keep their result). The ids of the results."""
    try:
        results = results_tally(campaign_id=campaign_id, now=timezone.now())
    except Campaign.DoesNotExist:
        log.warning("results.tally_campaign: campaign %s no longer exists", campaign_id)
        return []
    except PhaseClosed:
        log.warning("results.tally_campaign: campaign %s is voting again", campaign_id)
        return []
    return [result.pk for result in results]


def voting_closes(before: str, after: str) -> bool:
    """The phase change ends voting (or passes over it): from voting or earlier to later."""
    voting = PHASES.index(Phase.VOTING)
    return PHASES.index(Phase(before)) <= voting < PHASES.index(Phase(after))


def on_phase_changed(
    sender: Any, *, campaign: Campaign, before: str, after: str, now: datetime, **kwargs: Any
) -> None:
    """Queue the tally once the transaction that closed voting commits."""
    if voting_closes(before, after):
        campaign_id = campaign.pk
        transaction.on_commit(lambda: tally_campaign.delay(campaign_id))


@shared_task(
    name="results.recount_result",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def recount_result(result_id: int) -> str | None:
    """Recount a float-certified result in exact fractions (results.services.result_recount);
    what the recount found."""
    result = result_recount(result_id=result_id, now=timezone.now())
    if result is None:
        return None
    if result.exact_recount == "disagrees":
        log.error("results.recount_result: the exact recount of result %s disagrees", result_id)
    return result.exact_recount
