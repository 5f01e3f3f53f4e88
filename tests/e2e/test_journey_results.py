"""The results journey in a real browser: a Paris campaign tallied by majority judgment shows its
winners on the map (outlines, numbered markers) and in the list with their grade profiles, costs,
envelope and reserved share, turnout and downloads, in French and English, on a phone too; an
election imported from pabulib has no geometry: the map says so and the list shows its winners."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PABULIB = Path(__file__).resolve().parents[2] / "fixtures" / "pabulib" / "Netherlands_Assen_2024.pb"
PARIS_SLUG = "bp-resultats-e2e"
PB_SLUG = "assen-2024"

# (area, title, cost, (lon, lat), priority, grades given by the five voters of the area)
PROJECTS = [
    (
        "paris-05",
        "Un jardin partagé rue Mouffetard",
        60_000,
        (2.3497, 48.8441),
        False,
        ("adore", "adore", "adore", "aime_bien", "pourquoi_pas"),
    ),
    (
        "paris-05",
        "Des fontaines au Jardin des Plantes",
        30_000,
        (2.3590, 48.8440),
        True,
        ("aime_bien", "aime_bien", "adore", "pourquoi_pas", "pas_convaincu"),
    ),
    (
        "paris-05",
        "Une patinoire place du Panthéon",
        50_000,
        (2.3461, 48.8462),
        False,
        ("pas_convaincu", "pourquoi_pas", "pas_convaincu", "pas_convaincu", "aime_bien"),
    ),
    (
        "paris",
        "Des arbres sur les boulevards",
        400_000,
        (2.3700, 48.8600),
        False,
        ("adore", "adore", "aime_bien", "aime_bien", "pourquoi_pas"),
    ),
    (
        "paris",
        "Un téléphérique au-dessus de la Seine",
        900_000,
        (2.3300, 48.8580),
        False,
        ("pas_convaincu", "pas_convaincu", "pourquoi_pas", "pourquoi_pas", "adore"),
    ),
]


def make_paris_results(slug: str = PARIS_SLUG):
    """A Paris campaign in its results phase, voted by majority judgment in the 5th and city-wide
    (five ballots each), tallied by the results service as when voting closes."""
    from django.utils import timezone

    from campaigns.models import Campaign, Envelope
    from campaigns.tests.factories import campaign_in_phase
    from geo.models import Area
    from results.services import results_tally
    from results.tests.factories import ballot, participation, project

    campaign = campaign_in_phase(
        "results",
        slug=slug,
        name="Budget participatif de Paris 2026",
        voting_rule=Campaign.VotingRule.MAJORITY_JUDGMENT,
        area_codes=["paris", "paris-05"],
    )
    areas = {code: Area.objects.get(code=code) for code in ("paris", "paris-05")}
    Envelope.objects.create(
        campaign=campaign, area=areas["paris-05"], amount=100_000, reserved_amount=40_000
    )
    Envelope.objects.create(campaign=campaign, area=areas["paris"], amount=1_000_000)
    made = {code: [] for code in areas}
    for code, title, cost, point, priority, grades in PROJECTS:
        made[code].append(
            (
                project(campaign, areas[code], title, cost, point=point, priority_flagged=priority),
                grades,
            )
        )
    for code, rows in made.items():
        for voter in range(5):
            ballot(campaign, areas[code], {"grades": {str(p.pk): g[voter] for p, g in rows}})
        for channel in ("online", "online", "online", "online", "paper"):
            participation(campaign, areas[code], channel)
    results_tally(campaign_id=campaign.pk, now=timezone.now())
    return campaign


def import_pabulib(slug: str = PB_SLUG):
    """An election imported from its pabulib file, then tallied by the results task."""
    from campaigns.models import Campaign
    from results.tasks import tally_campaign

    call_command("pb_import", str(PABULIB), slug=slug)
    campaign = Campaign.objects.get(slug=slug)
    tally_campaign.apply(args=(campaign.pk,), throw=True)
    return campaign


@pytest.fixture
def paris_results(demo):
    return make_paris_results()


@pytest.fixture
def pabulib_results(demo):
    return import_pabulib()


def test_paris_results_on_the_map_and_in_the_list(
    page: Page, app_url, paris_results, pabulib_results, shoot, check_a11y
):
    page.set_viewport_size(DESKTOP)
    # Two campaigns have results (the one open for proposals has none): /resultats lists the
    # city's, and apart from it, the archive of imported elections.
    page.goto(f"{app_url}/resultats")
    expect(page.locator(".results-campaigns a")).to_have_text(["Budget participatif de Paris 2026"])
    archive = page.locator(".results-archive")
    expect(archive.locator("h2")).to_have_text("Archives : élections importées (1)")
    expect(archive.locator("a")).to_have_count(1)
    expect(page.get_by_role("link", name="Budget participatif de Paris 2026")).to_be_visible()
    shoot(page, "results-01-campaigns")
    check_a11y(page, "the campaigns with results")

    page.get_by_role("link", name="Budget participatif de Paris 2026").click()
    expect(page).to_have_url(re.compile(f"/resultats/{PARIS_SLUG}$"))
    expect(page.locator("h1")).to_have_text("Résultats — Budget participatif de Paris 2026")
    # The rule, in words.
    expect(page.locator(".results-rule")).to_contain_text("Jugement majoritaire")
    # The map: the 20 arrondissements' outlines, one numbered marker per located winner.
    expect(page.locator("#results-map path.result-outline")).to_have_count(20)
    markers = page.locator("#results-map .result-marker")
    # 5th: the garden (60 000) and the fountains (30 000, priority) fit in 100 000; city-wide:
    # the trees (400 000) fit in 1 000 000, the cable car (900 000) no more.
    expect(markers).to_have_count(3)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("opendata.paris.fr")

    # The list: Tout Paris first, then the 5th; winners with their grade profile and cost.
    sections = page.locator("section.result-area")
    expect(sections).to_have_count(2)
    expect(sections.nth(0).locator("h3")).to_have_text("Tout Paris")
    fifth = sections.nth(1)
    winners = fifth.locator("ol.is-winners > li")
    expect(winners).to_have_count(2)
    garden = winners.filter(has_text="Un jardin partagé rue Mouffetard")
    expect(garden).to_contain_text("Mention majoritaire : J'adore")
    expect(garden).to_contain_text("J'adore : 60 % (3)")
    expect(garden).to_contain_text("J'aime bien : 20 % (1)")
    expect(garden).to_contain_text("60 000 €")
    expect(garden.locator(".grade-segment")).to_have_count(3)
    expect(winners.filter(has_text="Des fontaines au Jardin des Plantes")).to_contain_text(
        "Quartier populaire"
    )
    expect(fifth.locator("ol.is-others > li")).to_have_count(1)
    expect(fifth.locator("ol.is-others")).to_contain_text("Une patinoire place du Panthéon")
    expect(fifth).to_contain_text("90 000 € attribués sur 100 000 € (90 %)")
    expect(fifth).to_contain_text("30 000 € utilisés sur 40 000 € (75 %)")
    expect(fifth).to_contain_text("5 votants (4 en ligne, 1 sur papier) ; 5 bulletins comptés")
    # Downloads: plain links with `download`, and they answer.
    csv = page.get_by_role("link", name="Résultats (CSV)")
    expect(csv).to_have_attribute("download", re.compile(r"\.csv$"))
    # Every download in one place: CSV, GeoJSON (there are located winners), each area's .pb.
    # Several areas: their ballot files folded under one line.
    page.locator(".results-ballot-files summary").click()
    downloads = page.locator(".results-downloads-list a")
    expect(downloads).to_have_text(
        [
            "Résultats (CSV)",
            "Lauréats localisés (GeoJSON)",
            "Bulletins de la zone « Tout Paris » (.pb, format pabulib)",
            "Bulletins de la zone « 5e arrondissement » (.pb, format pabulib)",
        ]
    )
    expect(fifth.locator(".result-area-foot a")).to_have_count(0)
    pb = page.locator(".results-downloads").get_by_role(
        "link", name=re.compile(r"Bulletins de la zone « 5e")
    )
    expect(pb).to_have_attribute(
        "href", f"/api/v1/campaigns/{PARIS_SLUG}/areas/paris-05/ballots.pb"
    )
    for link in (csv, page.get_by_role("link", name=re.compile("GeoJSON")), pb):
        href = link.get_attribute("href")
        assert page.request.get(f"{app_url}{href}").ok, href
    shoot(page, "results-02-paris")
    check_a11y(page, "the Paris results")

    # A marker leads to its project in the list.
    page.locator("#results-map .result-marker", has_text="1").first.click()
    expect(page.locator("li.result-project:focus")).to_have_count(1)

    # The area picker: the 5th alone, in the URL.
    page.get_by_label("Zone", exact=True).select_option("paris-05")
    expect(sections).to_have_count(1)
    expect(markers).to_have_count(2)
    expect(page.locator("#results-map path.result-outline.is-in-area")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"zone=paris-05"))
    shoot(page, "results-03-paris-05")
    check_a11y(page, "the 5th arrondissement's results")

    # English, complete.
    page.locator("#lang-toggle").click()
    expect(page.locator("h1")).to_have_text("Results — Budget participatif de Paris 2026")
    expect(page.locator("section.result-area")).to_contain_text("Majority grade: Love it")
    expect(page.locator("section.result-area")).to_contain_text("€90,000 allocated out of €100,000")
    expect(page.locator("#results-map path.result-outline")).to_have_count(20)
    shoot(page, "results-04-english")
    check_a11y(page, "the results in English")

    # On a phone: the map and the list stay usable, nothing wider than the screen.
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.locator("section.result-area")).to_have_count(1)
    expect(page.locator("#results-map path.result-outline.is-in-area")).to_have_count(1)
    expect(page.locator("#results-map .result-marker")).to_have_count(2)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    shoot(page, "results-05-phone")
    check_a11y(page, "the results on a phone")
    assert page.errors == []  # type: ignore[attr-defined]


def test_an_imported_election_lists_its_winners_without_a_map(
    page: Page, app_url, pabulib_results, shoot, check_a11y
):
    from results.models import Result

    [result] = Result.objects.filter(campaign=pabulib_results, published=True)
    expected = [w["title"] for w in result.winners]
    assert expected, "the imported election has winners"

    page.set_viewport_size(DESKTOP)
    # The only campaign with results: /resultats shows it.
    page.goto(f"{app_url}/resultats")
    expect(page).to_have_url(re.compile(f"/resultats/{PB_SLUG}$"))
    expect(page.locator(".results-rule")).to_contain_text("parts égales")
    expect(page.locator(".results-map-note")).to_contain_text("La carte n'a rien à montrer")
    expect(page.locator("#results-map")).to_have_count(0)
    # No located winner: no GeoJSON (an empty collection) is offered; the .pb file is.
    expect(page.locator(".results-downloads-list a")).to_have_text(
        ["Résultats (CSV)", re.compile(r"^Bulletins de la zone .*\(\.pb, format pabulib\)$")]
    )
    winners = page.locator("ol.is-winners > li .result-project-title")
    expect(winners).to_have_text(expected)
    expect(page.locator("ol.is-winners > li").first).to_contain_text(re.compile(r"\d+ voix"))
    shoot(page, "results-06-pabulib")
    check_a11y(page, "an imported election's results")
    assert page.errors == []  # type: ignore[attr-defined]
