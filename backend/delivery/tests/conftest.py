"""Winning projects of a campaign whose results are published, and a photo storage of the
test's own (a temporary directory)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from campaigns.tests.factories import campaign_in_phase
from delivery.models import Delivery
from delivery.services import deliveries_sync
from geo.models import Area
from results.models import Result
from results.tests.factories import project


@pytest.fixture(autouse=True)
def photo_dir(settings, tmp_path):
    """Photos go to a temporary directory, served at /api/v1/photos/ as in development."""
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "photos"), "base_url": "/api/v1/photos/"},
        },
    }
    return tmp_path / "photos"


def publish(campaign: Any, area: Area, winners: list, losers: list = ()) -> Result:
    """A published result of ``area`` whose winners are ``winners`` (as results_tally writes
    them), the others ranked after."""
    rows = [
        {
            "project": p.pk,
            "id": str(p.pk),
            "title": p.title,
            "cost": p.cost,
            "priority": bool(p.priority_flagged),
        }
        for p in winners
    ]
    total = sum(p.cost for p in winners)
    return Result.objects.create(
        campaign=campaign,
        area=area,
        rule="greedy",
        published=True,
        method="approval",
        statement="Règle gloutonne.",
        winners=rows,
        projects=[*rows, *({"project": p.pk, "title": p.title} for p in losers)],
        total_cost=total,
        budget=total + 1000,
        ballots_counted=3,
        inputs_hash="0" * 64,
        seconds=0.01,
        computed_at=timezone.now(),
    )


def winners_in(phase: str, **fields: Any) -> dict[str, Any]:
    campaign = campaign_in_phase(phase, area_codes=["paris", "paris-05", "paris-19"], **fields)
    fifth = Area.objects.get(code="paris-05")
    nineteenth = Area.objects.get(code="paris-19")
    garden = project(
        campaign,
        fifth,
        "Un jardin partagé rue Mouffetard",
        120_000,
        point=(2.3497, 48.8421),
        priority_flagged=True,
    )
    benches = project(campaign, fifth, "Des bancs au square Monge", 30_000, point=(2.3522, 48.8446))
    lost = project(campaign, fifth, "Un kiosque", 900_000, point=(2.35, 48.845))
    canal = project(
        campaign, nineteenth, "Fraîcheur au bord du canal", 200_000, point=(2.3770, 48.8850)
    )
    publish(campaign, fifth, [garden, benches], [lost])
    publish(campaign, nineteenth, [canal])
    return {
        "campaign": campaign,
        "garden": garden,
        "benches": benches,
        "lost": lost,
        "canal": canal,
    }


@pytest.fixture
def winners(db) -> dict[str, Any]:
    """A campaign in its results phase: the 5th's garden and benches won (the kiosk lost), the
    19th's canal won; their delivery records made."""
    made = winners_in("results")
    deliveries_sync(now=timezone.now())
    made["delivery"] = Delivery.objects.get(pk=made["garden"].pk)
    return made


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (1600, 1000), **save: Any) -> bytes:
    image = Image.new("RGB", size, (40, 120, 60))
    for x in range(0, size[0], 50):  # something to compress
        image.paste((200, 180, 40), (x, 0, x + 20, size[1]))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()
