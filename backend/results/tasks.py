"""Celery tasks for results: count a campaign when its results phase starts (the ballot box is
opened, then every area tallied)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from celery import shared_task
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from campaigns.models import Campaign
from campaigns.schedule import PHASES, Phase
from core.errors import PhaseClosed
from voting.services import ballot_box_open, ballot_tables_vacuum

from .selectors import campaigns_count_due
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
    """Open the campaign's ballot box (counting starts: the counted set becomes final), tally
    every area and store the published results (idempotent: a box already opened stays as it is,
    inputs that have not changed keep their result). The ids of the results."""
    now = timezone.now()
    try:
        opened = ballot_box_open(campaign=Campaign.objects.get(pk=campaign_id), now=now)
        results = results_tally(campaign_id=campaign_id, now=now)
    except Campaign.DoesNotExist:
        log.warning("results.tally_campaign: campaign %s no longer exists", campaign_id)
        return []
    except PhaseClosed:
        log.warning("results.tally_campaign: campaign %s has no public results yet", campaign_id)
        return []
    if opened is not None:
        _vacuum_ballot_tables()
    return [result.pk for result in results]


def _vacuum_ballot_tables() -> None:
    """After a ballot box was opened (committed): rewrite the tables' files so no dead row
    version keeps the old order or transaction ids (voting.services.ballot_tables_vacuum)."""
    if connection.in_atomic_block:  # a caller's transaction (tests): VACUUM cannot run inside
        log.warning("results.tally_campaign: the ballot tables are vacuumed by the next count")
        return
    try:
        ballot_tables_vacuum()
    except DatabaseError:  # e.g. inside a test's transaction; the next run's will do
        log.warning("results.tally_campaign: the ballot tables could not be vacuumed now")


def results_start(before: str, after: str) -> bool:
    """The phase change makes the results public (or passes over the results phase): from before
    the results phase to it or later. (A gap after the voting slot reads as the voting phase:
    voting has closed there, but nothing is counted until the results phase.)"""
    results = PHASES.index(Phase.RESULTS)
    return PHASES.index(Phase(before)) < results <= PHASES.index(Phase(after))


def on_phase_changed(
    sender: Any, *, campaign: Campaign, before: str, after: str, now: datetime, **kwargs: Any
) -> None:
    """Queue the count once the transaction that started the results phase commits."""
    if results_start(before, after):
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


@shared_task(name="results.count_due", acks_late=True)
def results_count_due_task() -> list[int]:
    """Queue the count of every campaign whose results phase has started but whose count has not
    run (its task was not queued while Redis was down, or was lost): the ids queued."""
    due = campaigns_count_due(now=timezone.now())
    for campaign_id in due:
        tally_campaign.delay(campaign_id)
    return due
