"""Who will vote where, for the notice that voting has opened (notifications.receivers
asks through its ``vote_audience`` hook, as it may not import voting): each person who declared
themselves for the campaign (not refused), in their arrondissement de cœur's ballot and in the
city-wide ballots."""

from __future__ import annotations

from typing import Any

from geo.models import Area

from .models import VoterDeclaration


def declared_audience(sender: Any, *, campaign: Any, **kwargs: Any) -> dict[int, set[int]]:
    declared = VoterDeclaration.objects.filter(campaign=campaign).exclude(
        status=VoterDeclaration.Status.REFUSED
    )
    city = [a.pk for a in campaign.areas.all() if a.kind == Area.Kind.CITY]
    audience: dict[int, set[int]] = {}
    for person_id, heart_area_id in declared.values_list("person_id", "heart_area_id"):
        for area_id in [heart_area_id, *city]:
            if area_id is not None:
                audience.setdefault(area_id, set()).add(person_id)
    return audience
