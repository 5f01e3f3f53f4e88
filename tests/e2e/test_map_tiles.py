"""The map of a large campaign in a real browser (ADR 0008): above 5,000 proposals for the
filters the city's zooms are drawn from the server's clusters per tile, with their counts on the
map and in the list; zoomed in, the proposals of the area in view come from the lean path."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.e2e

SIZE = 6000
SLUG = "bp-e2e-large"
# The 5th arrondissement, around the Panthéon (lon, lat).
BOX = (2.340, 48.840, 2.356, 48.850)


@pytest.fixture
def large(demo) -> int:
    """A second campaign with SIZE proposals in a few streets of the 5th (bulk, like the
    benchmark's), shown first because it is the one open for proposals the longest."""
    from django.contrib.gis.geos import Point
    from django.utils import timezone

    from campaigns.models import Theme
    from campaigns.services import campaign_create
    from geo.selectors import area_for, point_locate
    from proposals.models import Proposal

    now = timezone.now()
    campaign = campaign_create(
        slug=SLUG,
        name="Budget participatif à grande échelle",
        submission_start=now - timedelta(days=2),
        submission_end=now + timedelta(days=30),
    )
    placement = point_locate(point=Point(2.3461, 48.8462, srid=4326))
    area = area_for(
        arrondissement=placement.arrondissement, city_wide=False, areas=campaign.areas.all()
    )
    themes = list(Theme.objects.all())
    rng = random.Random(13)
    Proposal.objects.bulk_create(
        [
            Proposal(
                campaign=campaign,
                title=f"Proposition {i}",
                description="Des arbres et des bancs.",
                theme=themes[i % len(themes)],
                location=Point(rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3]), srid=4326),
                location_status=Proposal.LocationStatus.PLACED,
                district=placement.arrondissement,
                quartier=placement.quartier,
                area=area,
            )
            for i in range(SIZE)
        ],
        batch_size=2000,
    )
    return SIZE


def test_city_zoom_draws_the_server_clusters_and_zooming_in_lists_the_proposals(
    page: Page, app_url, large
):
    page.set_viewport_size({"width": 1280, "height": 800})
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/v1/map/" in r.url else None)
    page.goto(f"{app_url}/?campaign={SLUG}&lat=48.85660&lng=2.35220&z=13")

    # The city zoom: the server's clusters, each focusable and saying its count.
    clusters = page.locator(".proposal-cluster")
    expect(clusters.first).to_be_visible()
    expect(page.locator("#proposal-count")).to_have_text(
        re.compile(r"^6\s?000 propositions dans cette vue$")
    )
    counts = [int(c) for c in clusters.evaluate_all("els => els.map(e => e.dataset.count)")]
    singles = page.locator("path.proposal-marker").count()
    assert sum(counts) + singles == SIZE
    first = clusters.first
    expect(first).to_have_attribute("role", "button")
    expect(first).to_have_attribute("aria-label", re.compile(r"propositions : zoomer"))
    assert first.get_attribute("tabindex") == "0"
    assert any("/map/proposals/tiles/13/" in url for url in asked)
    assert not any(re.search(r"/map/proposals/\?(?!.*bbox=)", url) for url in asked), asked
    # The list beside the map: the groups with their counts, and the advice to zoom in.
    expect(page.locator(".list-note")).to_contain_text("Zoomez pour lister")
    groups = page.locator("button.proposal-cluster-item")
    expect(groups.first).to_contain_text("Groupe de")
    assert groups.count() == len(counts)

    # Choosing groups (from the list, by keyboard) zooms in until the proposals are listed
    # from the lean path of the area in view.
    # The list is redrawn when the new view's tiles arrive, which under load may come after any
    # fixed wait: the first item is read and focused in one step in the page, and each Enter is
    # followed by waiting for the zoom it asks for (a stale group's Enter may land on nothing;
    # the loop then goes round again).
    first_item = """() => {
        const item = document.querySelector("#proposal-list button.proposal-item");
        if (!item) return "none";
        if (!item.classList.contains("proposal-cluster-item")) return "proposal";
        item.focus();
        return "cluster";
    }"""
    for _ in range(12):
        kind = page.evaluate(first_item)
        if kind == "proposal":
            break
        if kind == "none":
            page.wait_for_timeout(300)
            continue
        before = int(re.search(r"[?&]z=(\d+)", page.url).group(1))
        page.keyboard.press("Enter")
        try:
            page.wait_for_url(re.compile(rf"[?&]z=(?!{before}\b)\d+"), timeout=5000)
        except PlaywrightTimeoutError:
            continue
        page.wait_for_timeout(300)
    expect(page.locator(".list-note")).to_contain_text("Les propositions de la zone affichée")
    z = int(re.search(r"[?&]z=(\d+)", page.url).group(1))
    assert z >= 16
    expect(page.locator("button.proposal-item[data-proposal-id]").first).to_be_visible()
    assert any("/map/proposals/?" in url and "bbox=" in url for url in asked)
    # A proposal of the list opens its popup on the map.
    page.locator("button.proposal-item[data-proposal-id]").first.click()
    expect(page.locator(".leaflet-popup")).to_be_visible()
    assert page.errors == []  # type: ignore[attr-defined]
