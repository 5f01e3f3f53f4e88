"""Reads of campaigns. The phase and the vote's stage at ``now`` are also computed in SQL
(``campaigns_at``), so that lists filter on them server side; they agree with the one authority,
``campaigns.schedule`` (``phase_at``, ``voting_stage``), which the tests check slot by slot."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from .models import Campaign, CampaignPhase, Theme
from .schedule import PHASES, Phase, VotingStage


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.prefetch_related("areas", "phases").order_by("-created_at", "slug")


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("position", "slug")


def _phase_index(field: str = "phase") -> Case:
    return Case(
        *[When(**{field: p.value}, then=Value(i)) for i, p in enumerate(PHASES)],
        output_field=IntegerField(),
    )


def campaigns_at(queryset: QuerySet[Campaign], now: datetime) -> QuerySet[Campaign]:
    """``queryset`` with ``phase_now`` and ``stage_now``: the phase and the vote's stage at
    ``now``, as ``schedule.phase_at`` and ``schedule.voting_stage`` say, in SQL.

    The phase is that of the last slot started (slots ordered by start, then phase order): the
    slot itself while it runs, and after it has ended too while a later slot is still to come (a
    gap); once the last slot has ended, ``closed``; before any slot, ``draft``."""
    slots = CampaignPhase.objects.filter(campaign=OuterRef("pk"))
    started = (
        slots.filter(start__lte=now).annotate(order=_phase_index()).order_by("-start", "-order")
    )
    voting = slots.filter(phase=Phase.VOTING)
    published_from = PHASES.index(Phase.RESULTS)
    return (
        queryset.alias(
            _last_phase=Subquery(started.values("phase")[:1]),
            _last_end=Subquery(started.values("end")[:1]),
            _later=Exists(slots.filter(start__gt=now)),
            _vote_start=Subquery(voting.values("start")[:1]),
            _vote_end=Subquery(voting.values("end")[:1]),
        )
        .alias(
            phase_now=Case(
                When(_last_phase__isnull=True, then=Value(Phase.DRAFT.value)),
                When(
                    Q(_last_end__isnull=True) | Q(_last_end__gt=now) | Q(_later=True),
                    then=F("_last_phase"),
                ),
                default=Value(Phase.CLOSED.value),
                output_field=CharField(),
            ),
        )
        .alias(
            stage_now=Case(
                When(
                    phase_now__in=[p.value for p in PHASES[published_from:]],
                    then=Value(VotingStage.PUBLISHED.value),
                ),
                When(
                    Q(_vote_start__isnull=True) | Q(_vote_start__gt=now),
                    then=Value(VotingStage.NOT_OPEN.value),
                ),
                When(
                    Q(_vote_end__isnull=True) | Q(_vote_end__gt=now),
                    then=Value(VotingStage.OPEN.value),
                ),
                default=Value(VotingStage.CHECKING.value),
                output_field=CharField(),
            ),
        )
    )


class Screen(StrEnum):
    """The screens that open on "the campaign of the moment", each with what it needs."""

    MAP = "map"  # the map of proposals: the campaign open for proposals, else the latest live one
    PROPOSE = "propose"  # open for proposals
    VOTE = "vote"  # voting open
    RESULTS = "results"  # results published


# The map's preference, first to last: a campaign taking proposals, then one voting, then one in
# review, then published results; a draft or closed campaign only when there is nothing else.
MAP_PREFERENCE: tuple[Phase, ...] = (
    Phase.SUBMISSION,
    Phase.VOTING,
    Phase.REVIEW,
    Phase.RESULTS,
    Phase.IMPLEMENTATION,
)


def campaigns_for_screen(*, screen: Screen | str, now: datetime) -> QuerySet[Campaign]:
    """The city's campaigns a screen may open on at ``now``, the one to open first (imported
    elections never: they are an archive). Ties go to the most recently created campaign."""
    screen = Screen(screen)
    city = campaigns_at(campaign_list().filter(origin=Campaign.Origin.CITY), now)
    if screen is Screen.PROPOSE:
        return city.filter(Q(phase_now=Phase.SUBMISSION))
    if screen is Screen.VOTE:
        return city.filter(Q(stage_now=VotingStage.OPEN))
    if screen is Screen.RESULTS:
        return city.filter(Q(stage_now=VotingStage.PUBLISHED))
    rank = Case(
        *[When(phase_now=p.value, then=Value(i)) for i, p in enumerate(MAP_PREFERENCE)],
        default=Value(len(MAP_PREFERENCE)),
        output_field=IntegerField(),
    )
    return city.alias(rank=rank).order_by("rank", "-created_at", "slug")


def campaign_current(*, screen: Screen | str, now: datetime) -> Campaign | None:
    """The campaign a screen opens on at ``now`` (None when no campaign fits)."""
    return campaigns_for_screen(screen=screen, now=now).first()
