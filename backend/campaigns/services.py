"""Writes for campaigns and themes."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from geo.models import Area

from .models import Campaign, Theme
from .themes import PARIS_THEMES


@transaction.atomic
def themes_load() -> int:
    for position, (slug, name, name_en) in enumerate(PARIS_THEMES):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
    return len(PARIS_THEMES)


@transaction.atomic
def campaign_create(
    *,
    slug: str,
    name: str,
    submission_start: datetime,
    submission_end: datetime,
    area_codes: list[str] | None = None,
    description: str = "",
) -> Campaign:
    """A campaign over the given areas (all of Paris's ballot areas by default)."""
    campaign = Campaign.objects.create(
        slug=slug,
        name=name,
        description=description,
        submission_start=submission_start,
        submission_end=submission_end,
    )
    areas = Area.objects.all() if area_codes is None else Area.objects.filter(code__in=area_codes)
    campaign.areas.set(areas)
    return campaign
