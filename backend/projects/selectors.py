"""Reads for ballot projects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from accounts import roles
from core.errors import ApplicationError
from proposals.models import Proposal
from proposals.selectors import proposal_list

from .models import Project


def project_list(*, user: Any) -> QuerySet[Project]:
    """Every project (they are public), with its source proposals: the public does not see the
    sources hidden by moderation, officials see them all."""
    sources = Proposal.objects.only("id", "title", "status", "project_id").order_by("id")
    if not roles.is_official(user):
        sources = sources.filter(is_hidden=False)
    return (
        Project.objects.select_related("campaign", "area", "theme")
        .prefetch_related("campaign__phases", Prefetch("source_proposals", queryset=sources))
        .order_by("campaign_id", "area__code", "title", "id")
    )


def proposals_by_ids(*, user: Any, ids: Iterable[int], field: str = "proposals") -> list[Proposal]:
    """The proposals ``user`` may see with these ids, in the given order; a 400 naming ``field``
    when one of them is unknown."""
    wanted = list(dict.fromkeys(ids))
    found = {p.pk: p for p in proposal_list(user=user).filter(pk__in=wanted)}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ApplicationError(
            "No such proposal: " + ", ".join(f"#{pk}" for pk in missing[:20]) + ".", field=field
        )
    return [found[pk] for pk in wanted]
