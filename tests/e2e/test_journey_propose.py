"""Proposing and reporting in a real browser: a verified resident places a project at an address
(typed, with the geocoder's suggestions, keyboard only) on a phone, sees its arrondissement before
sending, then finds the pin in the right arrondissement on the proposal's page and on the map;
three residents report a proposal and it disappears from the map, the list and its page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
TITLE = "Des bacs à compost rue Mouffetard"
DESCRIPTION = (
    "Trois bacs à compost partagés au pied de la rue Mouffetard, "
    "tenus par les habitants et l'école voisine."
)
REPORTED = "Des bancs au jardin des Tuileries"


@pytest.fixture
def addresses(transactional_db) -> None:
    """The Base Adresse Nationale for Paris, which the live-server tests' flush removes: the
    offline geocoder (``ban-local``, the tests' back end) answers from it."""
    from addresses.models import Address

    if not Address.objects.exists():
        call_command("load_addresses", verbosity=0)


def sign_out(page: Page) -> None:
    page.locator("#sign-out").click()
    expect(page.locator("#sign-out")).to_have_count(0)


def map_items(page: Page, url: str, query: str = ""):
    page.goto(f"{url}/?campaign=bp-e2e{query}")
    expect(page.locator("path.district")).to_have_count(20)
    expect(page.locator("#proposal-count")).not_to_have_text(re.compile("Chargement|Loading"))
    return page.locator("button.proposal-item")


def test_a_resident_proposes_at_an_address_and_finds_it_in_the_5th(
    page: Page, app_url, demo, addresses, resident_factory, shoot, check_a11y
):
    from proposals.models import Proposal

    resident_factory("camille@example.org")
    page.set_viewport_size(PHONE)
    sign_in(page, app_url, "camille@example.org")

    page.goto(f"{app_url}/proposer")
    expect(page.locator("h1")).to_have_text("Proposer un projet")
    expect(page).to_have_title(re.compile("^Proposer un projet"))
    expect(page.locator(".campaign-line")).to_contain_text("Budget participatif 2026")
    expect(page.locator("#place-chosen")).to_have_text("Aucun lieu choisi pour l'instant.")
    expect(page.locator("path.district")).to_have_count(20)
    shoot(page, "propose-01-empty-phone")
    check_a11y(page, "the propose page")

    # Sending without a place says where the problem is, next to the address box.
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Thème").select_option("environnement")
    page.get_by_role("button", name="Envoyer la proposition").click()
    address = page.get_by_label("Adresse du projet")
    expect(page.locator("#place-error")).to_contain_text("Choisissez d'abord le lieu")
    expect(address).to_have_attribute("aria-invalid", "true")
    expect(address).to_be_focused()
    shoot(page, "propose-02-no-place")
    check_a11y(page, "the propose page with a place error")

    # The address, keyboard only: type, arrow down to the suggestion, Enter.
    page.keyboard.type("12 rue Mouffetard")
    suggestion = page.locator("#address-suggestions [role=option]").first
    expect(suggestion).to_contain_text("12 Rue Mouffetard 75005 Paris")
    expect(address).to_have_attribute("aria-expanded", "true")
    shoot(page, "propose-03-suggestions")
    check_a11y(page, "the address suggestions")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    # The arrondissement (and quartier) show before anything is sent.
    expect(page.locator("#place-chosen")).to_have_text(
        "Lieu choisi : 12 Rue Mouffetard 75005 Paris."
    )
    expect(page.locator("#place-district")).to_contain_text("5e arrondissement")
    # The quartier is named as a quartier, the arrondissement as an arrondissement.
    expect(page.locator("#place-district")).to_have_text(
        re.compile(r"^Quartier : [^.,]+\. Arrondissement : 5e arrondissement\.$")
    )
    # Nobody said where Camille lives: the scope names the place's arrondissement, not "mine".
    scope = page.get_by_label("Portée")
    expect(scope.locator('option[value="arrondissement"]')).to_have_text(
        "5e arrondissement (lieu du projet)"
    )
    # The pin map is not a bare polygon: the quartiers' outlines are drawn around the pin.
    expect(page.locator("#propose-map path.quartier")).not_to_have_count(0)
    expect(page.locator("#place-error")).to_be_hidden()
    expect(page.locator("#propose-map .leaflet-marker-icon.place-pin")).to_have_count(1)
    expect(page.locator("path.district-75105")).to_have_count(1)
    assert Proposal.objects.filter(title=TITLE).count() == 0
    shoot(page, "propose-04-place-chosen")
    check_a11y(page, "the propose page with a place")

    # A title too short: the server's error sits next to the title.
    page.get_by_label("Titre").fill("Bac")
    page.get_by_role("button", name="Envoyer la proposition").click()
    title = page.get_by_label("Titre")
    expect(title).to_have_attribute("aria-invalid", "true")
    error_id = title.get_attribute("aria-describedby").split()[-1]
    # In French, from the refusal's code and parameter (the server's sentence is English).
    expect(page.locator(f"#{error_id}")).to_have_text("5 caractères au moins.")
    expect(title).to_be_focused()
    shoot(page, "propose-05-server-error")
    check_a11y(page, "the propose page with a server error")

    title.fill(TITLE)
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_url(re.compile(r"/propositions/\d+$"))
    created = Proposal.objects.get(title=TITLE)
    assert page.url.endswith(f"/propositions/{created.id}")
    assert created.district.code == "75105"
    assert created.address == "12 Rue Mouffetard 75005 Paris"

    # Its page: title, status in words, the place named, the pin on the small map in the 5th.
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page).to_have_title(f"{TITLE} — Belvédère")
    expect(page.locator("#proposal-status")).to_have_text("Déposée")
    expect(page.locator("#proposal-place")).to_contain_text("5e arrondissement")
    expect(page.locator("#proposal-map .leaflet-marker-icon.place-pin")).to_have_count(1)
    expect(page.locator("#proposal-edit")).to_be_visible()
    expect(page.locator("#proposal-withdraw")).to_be_visible()
    expect(page.locator("#proposal-report")).to_have_count(0)  # not one's own
    shoot(page, "propose-06-proposal-page-phone")
    check_a11y(page, "the new proposal's page")

    # On the map: in the list and drawn, among the 5th's proposals and not the 13th's.
    page.set_viewport_size(DESKTOP)
    items = map_items(page, app_url, "&district=75105")
    expect(items.filter(has_text=TITLE)).to_have_count(1)
    expect(page.locator(f'button.proposal-item[data-proposal-id="{created.id}"]')).to_have_count(1)
    expect(page.locator("path.proposal-marker")).to_have_count(items.count())
    shoot(page, "propose-07-map-5th")
    check_a11y(page, "the map filtered on the 5th")
    items = map_items(page, app_url, "&district=75113")
    expect(items.filter(has_text="place d'Italie")).to_have_count(1)
    expect(items.filter(has_text=TITLE)).to_have_count(0)
    assert page.errors == []  # type: ignore[attr-defined]


def test_an_unconfirmed_address_is_said_in_words_before_and_after_sending(
    page: Page, app_url, demo, addresses, resident_factory, shoot, check_a11y
):
    from proposals.models import Proposal

    resident = resident_factory("dominique@example.org")
    resident.email_verified_at = None
    resident.save()
    page.set_viewport_size(DESKTOP)
    sign_in(page, app_url, "dominique@example.org")

    page.goto(f"{app_url}/proposer")
    expect(page.locator("#email-not-verified")).to_contain_text(
        "Confirmez d'abord votre adresse e-mail"
    )
    page.get_by_label("Adresse du projet").fill("place d'Italie")
    page.locator("#address-suggestions [role=option]").first.click()
    expect(page.locator("#place-district")).to_contain_text("13e arrondissement")
    page.get_by_label("Titre").fill("Un préau place d'Italie")
    page.get_by_label("Description").fill("Un préau pour s'abriter de la pluie au marché.")
    page.get_by_label("Thème").select_option("cadre-de-vie")
    page.get_by_role("button", name="Envoyer la proposition").click()
    summary = page.locator(".propose-form .form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Confirmez d'abord votre adresse e-mail")
    expect(summary).to_be_focused()
    assert not Proposal.objects.filter(title="Un préau place d'Italie").exists()
    shoot(page, "propose-08-email-not-verified")
    check_a11y(page, "the propose page refused for an unconfirmed address")


def test_three_reports_hide_a_proposal_from_the_map_and_the_list(
    page: Page, app_url, demo, resident_factory, shoot, check_a11y
):
    from django.utils import timezone

    from accounts.models import User
    from proposals.models import Proposal

    emails = ["alix@example.org", "bastien@example.org", "chloe@example.org"]
    for email in emails:
        resident_factory(email)
    # Reports from accounts made for the purpose do not hide anything: these are older.
    User.objects.filter(email__in=emails).update(date_joined=timezone.now() - timedelta(days=3))
    target = Proposal.objects.get(title=REPORTED)
    page.set_viewport_size(DESKTOP)

    items = map_items(page, app_url)
    expect(items.filter(has_text=REPORTED)).to_have_count(1)
    expect(page.locator("path.proposal-marker")).to_have_count(5)

    # Signed out, the page says how to act.
    page.goto(f"{app_url}/propositions/{target.id}")
    expect(page.locator("h1")).to_have_text(REPORTED)
    expect(page.get_by_text("Connectez-vous pour signaler")).to_be_visible()

    for number, email in enumerate(emails, start=1):
        sign_in(page, app_url, email)
        page.goto(f"{app_url}/propositions/{target.id}")
        expect(page.locator("h1")).to_have_text(REPORTED)
        page.locator("#proposal-report").click()
        expect(page.get_by_label("Motif")).to_be_focused()
        if number == 1:
            # « Autre motif » needs details: the API's error goes next to them.
            page.get_by_label("Motif").select_option("other")
            page.get_by_role("button", name="Envoyer le signalement").click()
            details = page.get_by_label("Précisions")
            expect(details).to_have_attribute("aria-invalid", "true")
            shoot(page, "report-01-details-required")
            check_a11y(page, "the report form with an error")
            details.fill("Ce banc existe déjà, c'est une publicité déguisée.")
        else:
            page.get_by_label("Motif").select_option("spam")
        shoot(page, f"report-0{number + 1}-form-{number}")
        check_a11y(page, f"the report form ({number})")
        page.get_by_role("button", name="Envoyer le signalement").click()
        expect(page.locator("#report-done")).to_contain_text("Merci")
        expect(page.locator("#proposal-report")).to_have_count(0)
        shoot(page, f"report-0{number + 1}-sent-{number}")
        sign_out(page)

    target.refresh_from_db()
    assert target.is_hidden
    assert target.report_count == 3

    items = map_items(page, app_url)
    expect(items).to_have_count(4)
    expect(items.filter(has_text=REPORTED)).to_have_count(0)
    expect(page.locator("path.proposal-marker")).to_have_count(4)
    shoot(page, "report-05-gone-from-the-map")
    check_a11y(page, "the map without the hidden proposal")

    page.goto(f"{app_url}/propositions/{target.id}")
    expect(page.locator("h1")).to_have_text("Proposition introuvable")
    expect(page).to_have_title("Proposition introuvable — Belvédère")
    shoot(page, "report-06-not-found")
    check_a11y(page, "the not-found proposal page")
    assert page.errors == []  # type: ignore[attr-defined]
