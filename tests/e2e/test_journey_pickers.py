"""Campaign pickers among a few hundred campaigns (issue "Around the vote"): with ~300 campaigns
(imported elections in results, the city's past campaigns), the open Paris campaign (made first,
so on no first page of the list) is the one /proposer takes proposals for and the map opens on;
/resultats keeps the imported elections in an archive apart from the city's campaigns. At 1280
and 375 px, with axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
IMPORTED = 160
PAST = 140


@pytest.fixture
def many_campaigns(demo):
    """300 campaigns made after the demo's open one: imported elections in results (marked as
    pb_import marks them) and the city's past campaigns, closed or with results."""
    from django.utils import timezone

    from campaigns.models import Campaign, CampaignPhase
    from campaigns.schedule import Phase

    now = timezone.now()
    day = timedelta(days=1)
    made = Campaign.objects.bulk_create(
        [
            Campaign(slug=f"pabulib-{i:03}", name=f"Élection importée n° {i}", origin="imported")
            for i in range(IMPORTED)
        ]
        + [
            Campaign(slug=f"paris-{1800 + i}", name=f"Budget participatif {1800 + i}")
            for i in range(PAST)
        ]
    )
    slots = []
    for campaign in made:
        if campaign.origin == "imported":
            slots.append(CampaignPhase(campaign=campaign, phase=Phase.RESULTS, start=now - day))
        else:
            slots += [
                CampaignPhase(
                    campaign=campaign, phase=Phase.VOTING, start=now - 90 * day, end=now - 60 * day
                ),
                CampaignPhase(
                    campaign=campaign, phase=Phase.RESULTS, start=now - 60 * day, end=now - 30 * day
                ),
            ]
    CampaignPhase.objects.bulk_create(slots)
    assert Campaign.objects.count() == IMPORTED + PAST + 1
    return demo


def test_the_open_paris_campaign_among_three_hundred(
    page: Page, app_url, many_campaigns, resident_factory, shoot, check_a11y
):
    # The map opens on the campaign taking proposals, not on the newest imported election.
    page.set_viewport_size(DESKTOP)
    page.goto(app_url)
    picker = page.locator("select#campaign")
    expect(picker).to_have_value(many_campaigns.campaign)
    expect(picker.locator("option").first).to_have_text(re.compile("^Budget participatif 2026"))
    # Imported elections are not in the map's picker.
    expect(picker.locator("option", has_text="Élection importée")).to_have_count(0)
    expect(page.locator("button.proposal-item")).to_have_count(5)
    shoot(page, "pickers-01-map")
    check_a11y(page, "the map among 300 campaigns")

    # /proposer takes proposals for it.
    resident_factory("claude@example.org")
    sign_in(page, app_url, "claude@example.org")
    page.goto(f"{app_url}/proposer")
    expect(page.locator(".campaign-line")).to_contain_text("Budget participatif 2026")
    expect(page.get_by_text("Aucune campagne n'accepte de propositions")).to_have_count(0)
    shoot(page, "pickers-02-propose")
    check_a11y(page, "proposing among 300 campaigns")

    # The results: the city's campaigns, and the imported elections in an archive apart.
    page.goto(f"{app_url}/resultats")
    city = page.locator(".results-campaigns a")
    expect(city).to_have_count(100)
    page.get_by_role("button", name="Afficher plus de campagnes").click()
    expect(city).to_have_count(PAST)
    expect(city.filter(has_text="Élection importée")).to_have_count(0)
    archive = page.locator(".results-archive")
    expect(archive.locator("h2")).to_have_text(f"Archives : élections importées ({IMPORTED})")
    expect(archive.locator("li")).to_have_count(50)
    archive.get_by_role("button", name="Afficher plus d'élections importées").click()
    expect(archive.locator("li")).to_have_count(100)
    shoot(page, "pickers-03-results")
    check_a11y(page, "the results list with its archive")

    # On a phone.
    page.set_viewport_size(PHONE)
    page.goto(app_url)
    expect(page.locator("select#campaign")).to_have_value(many_campaigns.campaign)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "pickers-04-map-phone")
    check_a11y(page, "the map on a phone among 300 campaigns")
    page.goto(f"{app_url}/proposer")
    expect(page.locator(".campaign-line")).to_contain_text("Budget participatif 2026")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "pickers-05-propose-phone")
    check_a11y(page, "proposing on a phone")
    page.goto(f"{app_url}/resultats")
    expect(page.locator(".results-archive li")).to_have_count(50)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "pickers-06-results-phone")
    check_a11y(page, "the results list on a phone")
    assert page.errors == []  # type: ignore[attr-defined]
