"""The demo's Paris campaign in results (``load_demo_results``): the city's 2023 winning projects
with simulated ballots, its winners on the map and in the list, the page saying the ballots are
simulated. At 1280 and 375 px, with axe."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def paris_demo_results(demo):
    """The demo loader as ``make run`` calls it, with the offline geocoder's addresses."""
    from django.conf import settings
    from django.utils import timezone

    from addresses.models import Address
    from demo.paris_results import PARIS_RESULTS_SLUG, demo_paris_results_load

    if not Address.objects.exists():
        call_command("load_addresses", verbosity=0)
    report = demo_paris_results_load(
        csv_path=settings.FIXTURES_DIR / "paris" / "bp-projets-gagnants.csv", now=timezone.now()
    )
    assert report.located > 0 and report.results > 0
    return PARIS_RESULTS_SLUG


def test_the_demo_paris_results_with_simulated_ballots(
    page: Page, app_url, paris_demo_results, shoot, check_a11y
):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{app_url}/resultats/{paris_demo_results}")
    expect(page.locator("h1")).to_contain_text("Budget participatif de Paris 2023")
    expect(page.locator(".results-notice.is-simulated")).to_contain_text(
        "les bulletins de cette campagne ont été simulés"
    )
    # The winners on the map (numbered markers) beside the list, the outlines of Paris.
    expect(page.locator("#results-map path.result-outline")).to_have_count(20)
    markers = page.locator("#results-map .result-marker")
    expect(markers.first).to_be_visible()
    assert markers.count() >= 20
    expect(page.locator("ol.is-winners > li").first).to_be_visible()
    expect(page.get_by_role("link", name="Lauréats localisés (GeoJSON)")).to_be_visible()
    shoot(page, "demo-results-01-paris")
    check_a11y(page, "the demo's Paris results")

    page.get_by_label("Zone", exact=True).select_option("paris-05")
    expect(page).to_have_url(re.compile(r"zone=paris-05"))
    expect(page.locator(".results-downloads-list a").last).to_have_text(
        "Bulletins de la zone « 5e arrondissement » (.pb, format pabulib)"
    )
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.locator(".results-notice.is-simulated")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "demo-results-02-phone")
    check_a11y(page, "the demo's Paris results on a phone")
    assert page.errors == []  # type: ignore[attr-defined]
