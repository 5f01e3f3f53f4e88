"""An official's journey in a real browser: the disputed identities of their area, both claims
compared side by side, and a decision with its reason. axe-core on the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def dispute(demo, resident_factory):
    """Two accounts claim one name and birth date in the demo campaign; an official of the 5th."""
    from datetime import date

    from django.utils import timezone

    from campaigns.models import Campaign
    from geo.models import Area
    from voting.models import IdentityConflict, VoterRollEntry

    campaign = Campaign.objects.get(slug=demo.campaign)
    fifth = Area.objects.get(code="paris-05")
    claims = []
    for n, (standing, address) in enumerate(
        (("holder", "10 rue Mouffetard"), ("claimant", "3 rue Monge"))
    ):
        user = resident_factory(f"claim{n}@paris.example")
        claims.append(
            VoterRollEntry.objects.create(
                campaign=campaign,
                user=user,
                full_name="Élodie Dupont-Lefèvre",
                name_key="elodie dupont lefevre",
                birth_date=date(1985, 3, 2),
                address=address,
                standing=standing,
            )
        )
    conflict = IdentityConflict.objects.create(
        campaign=campaign,
        first=claims[0],
        second=claims[1],
        channel="online",
        first_area=fifth,
        second_area=fifth,
        opened_at=timezone.now(),
    )
    official = resident_factory("mairie5@paris.example", role="official", areas=("paris-05",))
    return official, conflict


def test_an_official_compares_and_decides(page: Page, app_url, demo, dispute, check_a11y):
    official, conflict = dispute
    sign_in(page, app_url, official.email)
    page.goto(f"{app_url}/gestion")
    page.get_by_role("link", name="Identités en litige").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Identités en litige")
    card = page.locator(f'[data-conflict="{conflict.pk}"]')
    expect(card).to_contain_text("À trancher")
    table = card.get_by_role("table")
    expect(table).to_contain_text("10 rue Mouffetard")
    expect(table).to_contain_text("3 rue Monge")
    expect(table).to_contain_text("2 mars 1985")
    check_a11y(page, "the disputed identities")

    card.get_by_role("button", name="Trancher").click()
    expect(card.locator("[aria-invalid=true]").first).to_be_visible()
    card.get_by_label(re.compile("^Ce sont deux personnes")).check()
    card.get_by_label(re.compile("^Raison")).fill("Deux homonymes, adresses vérifiées.")
    card.get_by_role("button", name="Trancher").click()
    expect(page.locator(".kit-status")).to_have_text(f"Litige n° {conflict.pk} tranché.")
    card = page.locator(f'[data-conflict="{conflict.pk}"]')
    expect(card).to_contain_text("Tranché le")
    expect(card).to_contain_text("Deux homonymes, adresses vérifiées.")
    expect(card.get_by_role("button", name="Trancher")).to_have_count(0)
    check_a11y(page, "a decided dispute")
    conflict.refresh_from_db()
    assert (conflict.status, conflict.decision) == ("decided", "different_people")
