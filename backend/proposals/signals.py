"""Cached map tiles follow the proposals: after a change to a proposal is committed (whatever
service made it), its campaign's tiles are forgotten (``map_cache``). Bulk ``update()`` calls
send no signal: a service that changes what the map shows that way calls
``map_version_bump`` itself. Proposals are never deleted by the services (hidden and withdrawn
are states): a deletion by hand is seen when the tiles expire, and deleting many proposals keeps
Django's fast delete (no receiver for deletions)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .map_cache import EVERY_CAMPAIGN, map_version_bump
from .models import Proposal


def _forget_tiles(proposal: Proposal) -> None:
    from campaigns.models import Campaign

    # After the commit, outside the request's own work: the slug is looked up if not at hand.
    slug: str | None
    if Proposal.campaign.is_cached(proposal):
        slug = proposal.campaign.slug
    else:
        found = Campaign.objects.filter(pk=proposal.campaign_id).values_list("slug", flat=True)
        slug = found.first()
    map_version_bump(campaign=slug or EVERY_CAMPAIGN)
    if slug:
        from .map_warm import map_tiles_warm_soon

        map_tiles_warm_soon(campaign=slug)


@receiver(post_save, sender=Proposal, dispatch_uid="proposals.map_tiles.saved")
def proposal_changed(sender: type[Proposal], instance: Proposal, **kwargs: Any) -> None:
    transaction.on_commit(partial(_forget_tiles, instance), robust=True)
