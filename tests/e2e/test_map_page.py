"""The map page in a real browser: districts, proposals, list ↔ map selection, filters in the URL,
the English toggle, and screenshots at desktop and phone widths."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def open_map(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("path.district")).to_have_count(20)
    expect(page.locator("#proposal-count")).not_to_have_text(re.compile("Chargement|Loading"))


def item(page: Page, title: str):
    return page.locator("button.proposal-item", has_text=title)


def test_the_map_shows_the_arrondissements_and_the_proposals(page: Page, app_url, demo):
    page.set_viewport_size(DESKTOP)
    open_map(page, app_url)

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".district-label")).to_have_count(20)
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Zoom avant")
    expect(page.locator("button.proposal-item")).to_have_count(5)
    expect(page.locator("path.proposal-marker")).to_have_count(5)
    for title in demo.titles:
        expect(item(page, title)).to_be_visible()
    count = page.locator("#proposal-count")
    expect(count).to_have_text("5 propositions affichées")
    expect(count).to_have_attribute("aria-live", "polite")
    # The production build asks the IGN Géoplateforme for its base map; with no internet here
    # (the tests refuse every tile) the base map is given up and the outlines are drawn alone.
    expect(page.locator("#map.map-no-basemap")).to_have_count(1)
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("opendata.paris.fr")
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Base Adresse Nationale")
    # The campaign (the only one) is named in the header and is in the URL.
    expect(page.locator(".campaign-name")).to_contain_text("Budget participatif 2026")
    assert "campaign=bp-e2e" in page.url
    assert page.errors == []  # type: ignore[attr-defined]


def test_filtering_by_theme_narrows_the_list_and_survives_a_reload(page: Page, app_url, demo):
    page.set_viewport_size(DESKTOP)
    open_map(page, app_url)

    page.select_option("#filter-theme", "environnement")
    expect(page.locator("button.proposal-item")).to_have_count(2)
    expect(page.locator("path.proposal-marker")).to_have_count(2)
    expect(page.locator("#proposal-count")).to_have_text("2 propositions affichées")
    expect(item(page, "Un jardin partagé rue Mouffetard")).to_be_visible()
    assert "theme=environnement" in page.url

    page.reload()
    expect(page.locator("#filter-theme")).to_have_value("environnement")
    expect(page.locator("button.proposal-item")).to_have_count(2)

    # Back to all themes with the reset button, then the browser's back button restores the filter.
    page.click("#filter-reset")
    expect(page.locator("button.proposal-item")).to_have_count(5)
    page.go_back()
    expect(page.locator("#filter-theme")).to_have_value("environnement")
    expect(page.locator("button.proposal-item")).to_have_count(2)


def test_the_arrondissement_filter_keeps_its_proposals(page: Page, app_url, demo):
    page.set_viewport_size(DESKTOP)
    open_map(page, app_url)

    page.select_option("#filter-district", "75105")
    expect(page.locator("button.proposal-item")).to_have_count(1)
    expect(item(page, "Un jardin partagé rue Mouffetard")).to_be_visible()
    assert "district=75105" in page.url


def test_selecting_a_list_item_opens_its_popup_and_a_marker_selects_its_item(
    page: Page, app_url, demo
):
    page.set_viewport_size(DESKTOP)
    open_map(page, app_url)

    title = "Un terrain de basket place d'Italie"
    item(page, title).click()
    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup.locator(".proposal-popup-title")).to_have_text(title)
    expect(popup).to_contain_text("Sport")
    expect(popup).to_contain_text("13e arrondissement")
    expect(item(page, title)).to_have_attribute("aria-current", "true")
    expect(page.locator("path.proposal-marker.is-selected")).to_have_count(1)
    assert re.search(r"proposal=\d+", page.url)

    # The other way round: a marker selects its list item.
    page.locator(".leaflet-popup-close-button").click()
    expect(popup).to_have_count(0)
    expect(page.locator("button.proposal-item[aria-current]")).to_have_count(0)
    page.locator("path.proposal-marker").first.click(force=True)
    expect(page.locator(".leaflet-popup")).to_be_visible()
    selected = page.locator("button.proposal-item[aria-current='true']")
    expect(selected).to_have_count(1)
    expect(selected.locator(".proposal-item-title")).to_have_text(
        page.locator(".proposal-popup-title").inner_text()
    )

    # Keyboard: Tab reaches the list items, Enter selects.
    page.locator("button.proposal-item").nth(1).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    third = page.locator("button.proposal-item").nth(2)
    expect(third).to_have_attribute("aria-current", "true")
    expect(page.locator(".proposal-popup-title")).to_have_text(
        third.locator(".proposal-item-title").inner_text()
    )


def test_the_english_toggle_switches_the_text_and_is_remembered(page: Page, app_url, demo):
    page.set_viewport_size(DESKTOP)
    open_map(page, app_url)

    page.click("#lang-toggle")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#list-title")).to_have_text("Proposals")
    expect(page.locator("#proposal-count")).to_have_text("5 proposals shown")
    expect(page.locator("label[for='filter-theme']")).to_have_text("Theme")
    expect(page.locator("#filter-theme option").first).to_have_text("All themes")
    expect(page.locator("#filter-theme option[value='environnement']")).to_have_text("Environment")
    expect(page.locator("#lang-toggle")).to_have_text("FR")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Zoom in")

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#list-title")).to_have_text("Proposals")
    page.click("#lang-toggle")
    expect(page.locator("#list-title")).to_have_text("Propositions")


def test_the_address_search_suggests_while_typing_and_recentres_the_map(page: Page, app_url, demo):
    """The geocoder's answer is stubbed here (its data is not loaded in the test database); the
    journey checks what the page does with it: suggestions while typing, picked with the keyboard."""
    page.set_viewport_size(DESKTOP)
    answer = {
        "query": "12 rue mouffetard",
        "results": [
            {
                "label": "12 Rue Mouffetard 75005 Paris",
                "score": 0.97,
                "kind": "housenumber",
                "postcode": "75005",
                "location": {"type": "Point", "coordinates": [2.3497, 48.8441]},
                "arrondissement": {"code": "75105", "name": "5e arrondissement"},
            },
            {
                "label": "12 Rue Lepic 75018 Paris",
                "score": 0.52,
                "kind": "housenumber",
                "postcode": "75018",
                "location": {"type": "Point", "coordinates": [2.3336, 48.8853]},
                "arrondissement": {"code": "75118", "name": "18e arrondissement"},
            },
        ],
    }
    asked: list[str] = []

    def geocoder(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))

    page.route("**/api/v1/geocode/**", geocoder)
    open_map(page, app_url)

    query = page.locator("#address-query")
    expect(query).to_have_attribute("role", "combobox")
    expect(query).to_have_attribute("aria-expanded", "false")
    typed = "12 rue mouff"
    query.press_sequentially(typed, delay=30)
    listbox = page.locator("#address-suggestions")
    expect(listbox).to_be_visible()
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(query).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".search-status")).to_contain_text("2 adresses proposées")
    # Debounced (200 ms; keys 30 ms apart): one request, a few at most on a slow machine, never one
    # per key press.
    assert 1 <= len(asked) <= 3, asked
    assert all("limit=5" in url and "q=12" in url for url in asked)

    # Keyboard: down twice, up once → the first suggestion; Enter picks it.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(query).to_have_attribute("aria-activedescendant", "address-suggestion-1")
    page.keyboard.press("ArrowUp")
    expect(query).to_have_attribute("aria-activedescendant", "address-suggestion-0")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")

    expect(listbox).to_be_hidden()
    expect(query).to_have_attribute("aria-expanded", "false")
    expect(query).to_have_value("12 Rue Mouffetard 75005 Paris")
    expect(query).to_be_focused()
    expect(page.locator(".leaflet-marker-pane img.address-pin")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"lat=48\.844\d+&lng=2\.349\d+&z=17"))
    expect(page.locator(".search-status")).to_contain_text("12 Rue Mouffetard")

    # Submitting the form still searches at once; Escape closes the list; a click picks.
    query.fill("12 rue lepic")
    page.keyboard.press("Enter")
    expect(listbox.get_by_role("option")).to_have_count(2)
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(query).to_have_value("12 rue lepic")
    page.keyboard.press("ArrowDown")
    expect(listbox).to_be_visible()
    listbox.get_by_role("option", name="12 Rue Lepic").click()
    expect(page).to_have_url(re.compile(r"lat=48\.885\d+&lng=2\.333\d+&z=17"))
    expect(query).to_have_value("12 Rue Lepic 75018 Paris")
    assert page.errors == []  # type: ignore[attr-defined]


def test_screenshots_at_desktop_and_phone_widths(page: Page, app_url, demo, shots):
    page.set_viewport_size(DESKTOP)
    open_map(page, app_url)
    item(page, "Un jardin partagé rue Mouffetard").click()
    expect(page.locator(".leaflet-popup")).to_be_visible()
    page.wait_for_timeout(400)  # let the popup's pan settle
    page.screenshot(path=str(shots / "desktop.png"))

    page.set_viewport_size(PHONE)
    page.goto(app_url)
    expect(page.locator("path.district")).to_have_count(20)
    expect(page.locator("button.proposal-item")).to_have_count(5)
    # Readable at 375 px: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(shots / "phone.png"), full_page=True)

    # Below the map on a phone, choosing a proposal brings the map back with its popup.
    item(page, "Un jardin partagé rue Mouffetard").click()
    expect(page.locator(".leaflet-popup-content")).to_be_in_viewport(ratio=0.9)
    page.wait_for_timeout(600)
    page.screenshot(path=str(shots / "phone-popup.png"))


def test_the_map_page_has_no_serious_accessibility_violation(page: Page, app_url, demo, check_a11y):
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        open_map(page, app_url)
        check_a11y(page, f"the map page at {size['width']} px")
        if size == PHONE:
            page.locator("#filters-open").click()  # the filters are in a sheet on a phone
            expect(page.get_by_role("dialog", name="Filtres")).to_be_visible()
            check_a11y(page, "the filters' sheet on a phone")
        page.locator(".more-filters summary").click()
        page.select_option("#filter-colors", "status")
        expect(page.locator(".map-legend summary")).to_have_text("Statuts")
        check_a11y(page, f"the map page coloured by status at {size['width']} px")


def test_status_and_words_filters_live_in_the_url(page: Page, app_url, demo):
    page.set_viewport_size(DESKTOP)
    open_map(page, app_url)
    page.locator(".more-filters summary").click()
    page.fill("#filter-search", "Mouffetard")
    page.keyboard.press("Enter")
    expect(page.locator("button.proposal-item")).to_have_count(1)
    expect(item(page, "Un jardin partagé rue Mouffetard")).to_be_visible()
    assert "q=Mouffetard" in page.url
    page.reload()
    expect(page.locator("button.proposal-item")).to_have_count(1)
    expect(page.locator("#filter-search")).to_have_value("Mouffetard")
    page.select_option("#filter-status", "accepted")
    expect(page.locator("#proposal-count")).to_have_text("Aucune proposition affichée")
    assert "status=accepted" in page.url
    page.go_back()
    expect(page.locator("button.proposal-item")).to_have_count(1)


def test_on_a_phone_the_map_comes_first_and_the_filters_open_in_a_sheet(
    page: Page, app_url, demo, shots
):
    page.set_viewport_size(PHONE)
    open_map(page, app_url)
    header = page.locator(".site-header").bounding_box()
    assert header and header["height"] <= 64, header  # one row: the brand and the menu button
    box = page.locator("#map").bounding_box()
    listed = page.locator("#proposal-list").bounding_box()
    assert box and listed and box["y"] < listed["y"]  # the map first, the list below
    assert box["y"] < 80 and box["height"] >= 0.6 * PHONE["height"], box  # and tall
    controls = page.locator("#map-controls")
    expect(controls).to_be_hidden()
    opener = page.locator("#filters-open")
    expect(opener).to_have_text("Filtres et recherche")
    expect(opener).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".leaflet-control-attribution")).to_have_css("white-space", "nowrap")
    page.screenshot(path=str(shots / "phone-map-first.png"))

    opener.focus()
    page.keyboard.press("Enter")
    sheet = page.get_by_role("dialog", name="Filtres")
    expect(sheet).to_be_visible()
    expect(sheet).to_have_attribute("aria-modal", "true")
    expect(opener).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#address-query")).to_be_focused()
    page.select_option("#filter-theme", "environnement")
    expect(page.locator("button.proposal-item")).to_have_count(2)
    page.screenshot(path=str(shots / "phone-filters-sheet.png"))
    # Tab stays inside the sheet.
    for _ in range(30):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "document.getElementById('map-controls').contains(document.activeElement)"
        )
    page.keyboard.press("Escape")
    expect(controls).to_be_hidden()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(opener).to_be_focused()
    expect(opener).to_have_attribute("aria-expanded", "false")
    # The list is one link away.
    page.locator(".list-jump").click()
    expect(page.locator("#proposal-list")).to_be_in_viewport()
    assert page.errors == []  # type: ignore[attr-defined]


def test_on_a_phone_the_header_menu_works_with_the_keyboard(
    page: Page, app_url, demo, shots, check_a11y
):
    page.set_viewport_size(PHONE)
    open_map(page, app_url)
    toggle = page.locator("#menu-toggle")
    nav = page.get_by_role("navigation", name="Navigation principale")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-controls", "site-nav")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Carte")).to_be_focused()
    page.screenshot(path=str(shots / "phone-menu-open.png"))
    check_a11y(page, "the header's menu open on a phone")
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    # Opened again, a link followed by the keyboard: the page changes and the menu folds.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Proposer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/(proposer|connexion)"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    page.set_viewport_size(DESKTOP)
    expect(toggle).to_be_hidden()
    expect(nav).to_be_visible()
    assert page.errors == []  # type: ignore[attr-defined]
