"""/gestion/roles (issue "Around the vote"): the areas' names are drawn even when the campaigns
answer after the people; two officials of the same name are told apart by their email; on a
phone each person is a card, nothing hidden beyond the screen's edge. At 1280 and 375 px, with
axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
CAMPAIGNS = re.compile(r"/api/v1/campaigns/")


@pytest.fixture
def people(demo, resident_factory):
    admin = resident_factory("admin@paris.fr", role="administrator")
    first = resident_factory("marie.dupont@paris.fr", role="official", areas=("paris-05",))
    second = resident_factory("m.dupont@example.org", role="official", areas=("paris-13",))
    for user in (first, second):
        user.display_name = "Marie Dupont"
        user.save()
    return admin


def test_roles_with_late_campaigns_homonyms_and_a_phone(
    page: Page, app_url, people, shoot, check_a11y
):
    page.set_viewport_size(DESKTOP)
    sign_in(page, app_url, "admin@paris.fr")
    # The campaigns (which name the areas) are held until the people's table is drawn.
    held = []
    page.route(CAMPAIGNS, lambda route: held.append(route))
    page.goto(f"{app_url}/gestion/roles")
    rows = page.locator(".roles-table tbody tr")
    expect(rows).to_have_count(3)
    marie = rows.filter(has_text="marie.dupont@paris.fr")
    expect(marie).to_contain_text("paris-05")  # the code, until the names come
    assert held, "the campaigns were asked for"
    for route in held:
        route.continue_()
    page.unroute(CAMPAIGNS)
    expect(marie).to_contain_text("5e arrondissement")
    expect(rows.filter(has_text="m.dupont@example.org")).to_contain_text("13e arrondissement")
    # Homonyms: each button says whose role it changes.
    buttons = page.locator(".roles-table tbody button")
    labels = [b.get_attribute("aria-label") for b in buttons.all()]
    assert "Changer le rôle de Marie Dupont (marie.dupont@paris.fr)" in labels
    assert "Changer le rôle de Marie Dupont (m.dupont@example.org)" in labels
    shoot(page, "roles-01-desktop")
    check_a11y(page, "the roles")

    # On a phone: each person a card, every value visible, nothing beyond the edge.
    page.set_viewport_size(PHONE)
    expect(marie.locator("td").first).to_be_visible()
    box = marie.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for cell in marie.locator("td").all():
        cell_box = cell.bounding_box()
        assert cell_box is not None and cell_box["x"] + cell_box["width"] <= PHONE["width"]
    shoot(page, "roles-02-phone")
    check_a11y(page, "the roles on a phone")

    # The editor names the person with the email.
    marie.get_by_role("button").click()
    expect(
        page.get_by_role("heading", name="Rôle de Marie Dupont (marie.dupont@paris.fr)")
    ).to_be_visible()
    shoot(page, "roles-03-editor-phone")
    assert page.errors == []  # type: ignore[attr-defined]
