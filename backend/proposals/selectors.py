"""Reads for proposals."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import roles

from .models import Proposal


def proposal_list(*, user: Any) -> QuerySet[Proposal]:
    """What ``user`` may see: the public sees placed, non-withdrawn proposals; authors see their
    own in any state; officials see everything (pending and failed placements included)."""
    qs = (
        Proposal.objects.select_related("campaign", "theme", "district", "quartier", "area")
        .prefetch_related("campaign__phases")
        .order_by("-created_at", "-id")
    )
    if roles.is_official(user):
        return qs
    public = Q(location_status=Proposal.LocationStatus.PLACED) & ~Q(
        status=Proposal.Status.WITHDRAWN
    )
    if user is not None and user.is_authenticated:
        return qs.filter(public | Q(author=user))
    return qs.filter(public)
