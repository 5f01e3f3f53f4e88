"""Reads for moderation: the officials' queue and the reports."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts import roles
from proposals.models import Proposal

from .models import Report

OPEN = Q(reports__handled_at__isnull=True)


def reason_field(reason: str) -> str:
    return f"open_{reason}"


def moderation_queue(*, user: Any) -> QuerySet[Proposal]:
    """Proposals that need (or had) a moderator's eye: those with open reports or hidden, of the
    areas ``user`` handles (administrators: all; anyone else: none).

    Ordered by open reports (most first), then by how long they have waited (oldest first): the
    first open report, else the moment they were hidden, else their deposit. Annotated with
    ``open_reports``, ``waiting_since`` and one ``open_<reason>`` count per reason."""
    ids = roles.area_ids(user)
    by_reason = {
        reason_field(reason): Count("reports", filter=OPEN & Q(reports__reason=reason))
        for reason in Report.Reason.values
    }
    qs = (
        Proposal.objects.select_related("campaign", "area")
        .prefetch_related("campaign__phases")
        .annotate(
            open_reports=Count("reports", filter=OPEN),
            waiting_since=Coalesce(
                Min("reports__created_at", filter=OPEN), F("hidden_at"), F("created_at")
            ),
            **by_reason,
        )
        .filter(Q(open_reports__gt=0) | Q(is_hidden=True))
        .order_by("-open_reports", "waiting_since", "id")
    )
    if ids is not None:
        qs = qs.filter(area_id__in=ids)
    return qs


def report_list(*, user: Any) -> QuerySet[Report]:
    """Officials see the reports on proposals of their areas (administrators: all); everyone
    sees their own reports; nobody else's."""
    qs = Report.objects.select_related("proposal", "reporter").order_by("-created_at", "-id")
    if not roles.is_authenticated(user):
        return qs.none()
    ids = roles.area_ids(user)
    if ids is None:
        return qs
    return qs.filter(Q(proposal__area_id__in=ids) | Q(reporter=user))
