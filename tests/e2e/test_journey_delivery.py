"""The delivery journey in a real browser: a winner of the published results links to its page;
an official of its arrondissement marks it « en cours » with the budget spent and the services
in charge, then adds a milestone with a photo (its location stripped by the server); the public
page shows the status, the budget against the cost, the timeline with the photo and its
alternative text; the « projets réalisés » map shows it beside its list, filtered by status and
arrondissement in the URL; at 1280 and 375 px, checked by axe."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SLUG = "bp-realisations-e2e"
GARDEN = "Un jardin partagé rue Mouffetard"


def make_results():
    """A campaign in its results phase, voted by approval in the 5th and tallied: the garden
    and the benches win, the kiosk does not."""
    from django.utils import timezone

    from results.services import results_tally
    from results.tests.factories import ballot, participation, project, voting_campaign_with

    campaign, area = voting_campaign_with(
        "results",
        voting_rule="approval",
        amount=150_000,
        slug=SLUG,
        name="Budget participatif de Paris 2026",
    )
    garden = project(campaign, area, GARDEN, 120_000, point=(2.3497, 48.8421))
    benches = project(campaign, area, "Des bancs au square Monge", 25_000, point=(2.3522, 48.8446))
    kiosk = project(campaign, area, "Un kiosque à musique", 90_000, point=(2.3461, 48.8462))
    for choice in ([garden, benches], [garden], [garden, kiosk], [benches]):
        ballot(campaign, area, {"projects": [p.pk for p in choice]})
        participation(campaign, area, "online")
    results_tally(campaign_id=campaign.pk, now=timezone.now())
    return {"campaign": campaign, "garden": garden, "benches": benches, "kiosk": kiosk}


def photo_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (1600, 1200), (70, 140, 80))
    for x in range(0, 1600, 80):
        image.paste((230, 200, 60), (x, 0, x + 30, 1200))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 50.0, 31.0), 3: "E", 4: (2.0, 20.0, 59.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


@pytest.fixture
def results(demo, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "photos"), "base_url": "/api/v1/photos/"},
        },
    }
    made = make_results()
    made["photos"] = tmp_path / "photos"
    return made


def test_an_official_follows_a_winner_and_everyone_sees_it(
    page: Page, app_url, results, resident_factory, shoot, check_a11y
):
    garden = results["garden"]
    page.set_viewport_size(DESKTOP)

    # The results: a winner links to its delivery page; the kiosk, not funded, does not.
    page.goto(f"{app_url}/resultats/{SLUG}")
    follow = page.get_by_role("link", name=f"Suivre sa réalisation : {GARDEN}")
    expect(follow).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Un kiosque"))).to_have_count(0)
    check_a11y(page, "the results with their delivery links")
    follow.click()
    expect(page).to_have_url(re.compile(f"/realisations/{garden.pk}$"))
    expect(page.locator("h1")).to_have_text(GARDEN)
    expect(page.locator(".delivery-status")).to_have_text("À l'étude")
    expect(page.get_by_text("Pas encore d'étape publiée")).to_be_visible()
    expect(page.get_by_role("link", name="Modifier le suivi de ce projet")).to_have_count(0)

    # An official of the 5th edits it from /gestion.
    resident_factory("agente.05@paris.fr", role="official", areas=("paris-05",))
    sign_in(page, app_url, "agente.05@paris.fr")
    page.goto(f"{app_url}/gestion")
    page.get_by_role("link", name="Suivi des projets lauréats").click()
    page.get_by_role("link", name=f"Suivre « {GARDEN} »").click()
    expect(page.locator("h1")).to_have_text(GARDEN)
    page.get_by_label("Avancement").select_option("in_progress")
    page.get_by_label("Budget dépensé (en euros)").fill("45000")
    page.get_by_label(re.compile("^Services en charge")).fill(
        "Direction des Espaces Verts et de l’Environnement\nMairie du 5e"
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".delivery-state-form [role=status]")).to_have_text("Enregistré.")

    # An abandon without its reason is refused on the field.
    page.get_by_label("Avancement").select_option("abandoned")
    page.get_by_role("button", name="Enregistrer").click()
    reason = page.get_by_label(re.compile("^Raison de l'abandon \\(publique"))
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_be_focused()
    page.get_by_label("Avancement").select_option("in_progress")

    # A milestone with a photo and its description.
    form = page.locator(".delivery-milestone-form")
    form.get_by_label("Date").fill("2026-11-20")
    form.get_by_label("Type d'étape").select_option("works")
    form.get_by_label("Ce qui s'est passé (en français)").fill("Les premières plantations.")
    form.get_by_label("En anglais (facultatif)").fill("The first plantings.")
    form.get_by_label(re.compile("^Photos")).set_input_files(
        files=[{"name": "IMG_2041.JPG", "mimeType": "image/jpeg", "buffer": photo_with_gps()}]
    )
    form.get_by_label(re.compile("^Description de la photo 1")).fill(
        "Des jardinières plantées le long de la rue"
    )
    shoot(page, "delivery-01-official-1280")
    check_a11y(page, "the official's delivery screen")
    page.set_viewport_size(PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "delivery-01b-official-375")
    check_a11y(page, "the official's delivery screen on a phone")
    page.set_viewport_size(DESKTOP)
    form.get_by_role("button", name="Ajouter l'étape").click()
    expect(form.locator("[role=status]")).to_have_text("Étape ajoutée.")
    expect(page.locator("text=Les premières plantations.")).to_be_visible()

    # The stored photo has no location left.
    from PIL import Image

    stored = sorted(results["photos"].rglob("*.jpg"))
    assert len(stored) == 2
    for path in stored:
        with Image.open(path) as image:
            assert not image.getexif().get_ifd(0x8825)

    # The public page, signed out.
    page.context.clear_cookies()
    page.goto(f"{app_url}/realisations/{garden.pk}")
    expect(page.locator(".delivery-status")).to_have_text("En cours")
    expect(page.locator(".delivery-budget")).to_contain_text("45 000 € sur 120 000 €")
    expect(page.locator(".delivery-budget")).to_contain_text("38 % du coût voté dépensé")
    expect(page.locator(".delivery-services li")).to_have_count(2)
    milestone = page.locator(".delivery-milestone")
    expect(milestone).to_have_count(1)
    expect(milestone).to_contain_text("Lancement des travaux")
    expect(milestone).to_contain_text("Les premières plantations.")
    img = milestone.get_by_role("img", name="Des jardinières plantées le long de la rue")
    expect(img).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.querySelector('.delivery-photo img');"
        " return i && i.complete && i.naturalWidth === 480; }"
    )
    shoot(page, "delivery-02-page-1280")
    check_a11y(page, "the project's public page")

    # In English: the English texts.
    page.get_by_role("button", name=re.compile("^EN")).click()
    expect(page.locator(".delivery-status")).to_have_text("In progress")
    expect(page.locator(".delivery-milestone")).to_contain_text("The first plantings.")
    page.get_by_role("button", name=re.compile("^FR")).click()

    # The map of « projets réalisés » with its list.
    page.goto(f"{app_url}/realisations")
    expect(page.locator("h1")).to_have_text("Projets réalisés")
    items = page.locator(".deliveries-item")
    expect(items).to_have_count(2)
    expect(page.locator(".deliveries-map .delivery-marker")).to_have_count(2)
    expect(page.locator(f".delivery-marker[data-project='{garden.pk}']")).to_have_class(
        re.compile("is-in_progress")
    )
    page.get_by_label("Avancement").select_option("in_progress")
    expect(page).to_have_url(re.compile("statut=en-cours"))
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text(GARDEN)
    expect(items.first).to_contain_text("1 étape")
    expect(page.locator(".deliveries-map .delivery-marker")).to_have_count(1)
    # A marker, by keyboard, leads to its project in the list.
    page.locator(f".delivery-marker[data-project='{garden.pk}']").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".deliveries-item:focus")).to_have_count(1)
    shoot(page, "delivery-03-map-1280")
    check_a11y(page, "the map of delivered projects")
    page.get_by_label("Arrondissement").select_option("paris-19")
    expect(page).to_have_url(re.compile("zone=paris-19"))
    expect(page.get_by_text("Aucun projet ne correspond à ces filtres.")).to_be_visible()

    # The downloads answer (nothing delivered yet: the header alone).
    csv = page.get_by_role("link", name="Télécharger (CSV)")
    answer = page.request.get(f"{app_url}{csv.get_attribute('href')}")
    assert answer.ok and answer.text().lstrip("\ufeff").startswith("Identifiant du projet lauréat;")

    # On a phone.
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/realisations/{garden.pk}")
    expect(img).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "delivery-04-page-375")
    check_a11y(page, "the project's page on a phone")
    page.goto(f"{app_url}/realisations?statut=en-cours")
    expect(items).to_have_count(1)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "delivery-05-map-375")
    check_a11y(page, "the map of delivered projects on a phone")
    assert page.errors == []  # type: ignore[attr-defined]
