"""A resident's vote in a real browser: they open the vote signed out and are sent to sign in,
declare their birth date and home address on their account page, grade the projects of their
arrondissement's ballot by majority judgment (on a phone-sized screen too), confirm the summary,
get a receipt code, and the receipt check page finds their ballot with its grades. Each screen is
photographed and checked by axe-core."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SLUG = "vote-e2e"
HOME = "12 rue Mouffetard 75005 Paris"
# (area, title, cost, lon, lat): three projects on the 5th's ballot, one city-wide.
PROJECTS = [
    ("paris-05", "Un jardin partagé rue Mouffetard", 400_000, 2.3497, 48.8441),
    ("paris-05", "Des fontaines au jardin des Plantes", 250_000, 2.3590, 48.8440),
    ("paris-05", "Une piste cyclable boulevard Saint-Michel", 900_000, 2.3420, 48.8470),
    ("paris", "Des arbres sur les grands boulevards", 2_000_000, 2.3400, 48.8700),
]


@pytest.fixture
def voting_campaign(transactional_db):
    """A campaign in its voting phase (majority judgment, minimum age 7) with envelopes for
    Tout Paris and the 5th and projects on both ballots, made through the services as the demo
    loader does."""
    from django.contrib.gis.geos import MultiPoint, Point
    from django.utils import timezone

    from campaigns.models import Campaign
    from campaigns.schedule import Phase
    from campaigns.services import AreaEnvelope, campaign_create, campaign_phase_apply
    from geo.models import Area
    from projects.services import project_import

    now = timezone.now()
    campaign = campaign_create(
        slug=SLUG,
        name="Budget participatif — vote de test",
        schedule={
            Phase.SUBMISSION: (now - timedelta(days=90), now - timedelta(days=60)),
            Phase.REVIEW: (now - timedelta(days=60), now - timedelta(days=1)),
            Phase.VOTING: (now - timedelta(days=1), now + timedelta(days=20)),
            Phase.RESULTS: (now + timedelta(days=20), None),
        },
        areas=[AreaEnvelope("paris", 5_000_000, 0), AreaEnvelope("paris-05", 1_500_000, 500_000)],
        voting_rule=Campaign.VotingRule.MAJORITY_JUDGMENT,
        minimum_age=7,
        now=now,
    )
    areas = {a.code: a for a in Area.objects.filter(code__in=["paris", "paris-05"])}
    for code, title, cost, lon, lat in PROJECTS:
        project_import(
            campaign=campaign,
            area=areas[code],
            title=title,
            description=f"{title} : un projet de test.",
            cost=cost,
            now=now,
            locations=MultiPoint(Point(lon, lat, srid=4326), srid=4326),
        )
    campaign_phase_apply(campaign=campaign, now=now)
    return campaign


@pytest.fixture
def home_geocoder():
    """The home address answered by the geocoder (the test database has no address table)."""
    from integrations.geocoder.base import Candidate
    from integrations.geocoder.factory import override_geocoder
    from integrations.geocoder.fake import FakeGeocoder

    home = Candidate(
        label="12 Rue Mouffetard 75005 Paris",
        lon=2.3497,
        lat=48.8441,
        score=0.97,
        postcode="75005",
        citycode="75105",
    )
    with override_geocoder(FakeGeocoder(results={HOME: [home]})) as fake:
        yield fake


def test_a_resident_declares_votes_by_majority_judgment_and_checks_the_receipt(
    page: Page,
    app_url,
    voting_campaign,
    home_geocoder,
    resident_factory,
    shoot,
    check_a11y,
):
    resident_factory("camille@example.org")
    page.set_viewport_size(DESKTOP)

    # 1. Signed out: the only campaign in voting opens at once; both ballots say to sign in.
    page.goto(f"{app_url}/voter")
    page.wait_for_url(re.compile(f"/voter/{SLUG}$"))
    expect(page.locator("h1")).to_contain_text("Budget participatif — vote de test")
    expect(page.locator("#vote-rule")).to_contain_text("J'adore")
    expect(page.locator("#vote-rule")).to_contain_text("sans mention compte comme")
    expect(page.locator('.vote-reason[data-reason="not_authenticated"]')).to_have_count(2)
    check_a11y(page, "the vote, signed out")
    shoot(page, "vote-01-signed-out")

    # 2. The sign-in link comes back to the vote (?next=).
    page.locator("a.vote-signin").first.click()
    page.wait_for_url(re.compile(r"/connexion\?next="))
    page.get_by_label(re.compile("^(Adresse e-mail|Email address)")).fill("camille@example.org")
    page.get_by_label(re.compile("^(Mot de passe|Password)")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("^(Se connecter|Sign in)$")).click()
    page.wait_for_url(re.compile(f"/voter/{SLUG}$"))
    page.locator("#sign-out").wait_for()
    expect(page.locator('.vote-reason[data-reason="declaration_missing"]').first).to_be_visible()
    check_a11y(page, "the vote, not declared")
    shoot(page, "vote-02-not-declared")

    # 3. Declaring happens on the account page, linked from the vote.
    page.locator("a.vote-declare").first.click()
    page.wait_for_url(re.compile("/compte$"))
    section = page.locator(f'[aria-labelledby="declaration-{SLUG}"]')
    section.get_by_label(re.compile("^(Nom et prénom|Full name)")).fill("Sacha Lemoine")
    section.get_by_label(re.compile("^(Date de naissance|Birth date)")).fill("1990-04-02")
    address = section.get_by_label(re.compile("^(Adresse de votre domicile|Your home address)"))
    address.fill(HOME)
    # Pick the geocoder's suggestion as a person would: arrow down, Enter.
    expect(section.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    address.press("ArrowDown")
    address.press("Enter")
    expect(section.get_by_role("listbox").get_by_role("option")).to_have_count(0)
    check_a11y(page, "the account page's declaration")
    shoot(page, "vote-03-declaring")
    section.get_by_role(
        "button", name=re.compile("^(Enregistrer ma déclaration|Save my declaration)")
    ).click()
    declared = page.locator(f'[aria-labelledby="declaration-{SLUG}"]')
    expect(declared).to_contain_text(re.compile("Déclaration enregistrée|Declaration saved"))
    expect(declared).to_contain_text("12 Rue Mouffetard 75005 Paris")
    shoot(page, "vote-04-declared")

    # 4. Back to the vote: both ballots open, the arrondissement's is the 5th's.
    page.goto(f"{app_url}/voter/{SLUG}")
    district = page.locator('.vote-card[data-area="paris-05"]')
    expect(district).to_contain_text("5e arrondissement")
    expect(district).to_contain_text("1 500 000")
    expect(page.locator(".vote-card .vote-open")).to_have_count(2)
    check_a11y(page, "the vote, declared")
    shoot(page, "vote-05-ballots")

    # 5. The 5th's ballot: a grade per project, the map beside the list.
    district.get_by_role("button", name="Voter dans ce bulletin").click()
    expect(page.locator(".vote-project")).to_have_count(3)
    expect(page.locator("path.vote-marker")).to_have_count(3)
    ballot_order = [t.strip() for t in page.locator(".vote-project .vote-title").all_inner_texts()]
    expect(page.locator("#vote-tally")).to_contain_text("Projets notés : 0 sur 3")
    garden = page.get_by_role("group", name="Un jardin partagé rue Mouffetard")
    fountains = page.get_by_role("group", name="Des fontaines au jardin des Plantes")
    # Each project's page opens in a new tab, the ballot left as it is.
    page_link = garden.get_by_role("link", name=re.compile("Voir le projet"))
    expect(page_link).to_have_attribute("href", re.compile(r"^/projets/\d+$"))
    expect(page_link).to_have_attribute("target", "_blank")
    garden.get_by_text("J'adore", exact=True).click()
    fountains.get_by_text("Pourquoi pas ?", exact=True).click()
    expect(garden.get_by_role("radio", name="J'adore")).to_be_checked()
    expect(page.locator("#vote-tally")).to_contain_text("Projets notés : 2 sur 3")
    # Picking a point on the map finds the project in the list.
    page.locator(
        "path.vote-marker-" + page.locator(".vote-project").nth(2).get_attribute("data-project")
    ).dispatch_event("click")
    expect(page.locator(".vote-project.is-focused")).to_contain_text("piste cyclable")
    check_a11y(page, "the ballot")
    shoot(page, "vote-06-grading")

    # 6. On a phone the grades are within reach.
    page.set_viewport_size(PHONE)
    radio_box = garden.locator("label").first.bounding_box()
    assert radio_box is not None and radio_box["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "vote-07-grading-phone")
    page.set_viewport_size(DESKTOP)

    # 7. The summary says what counts, the ungraded project as the lowest grade.
    page.get_by_role("button", name="Vérifier mon vote").click()
    summary = page.locator(".vote-summary")
    expect(summary).to_contain_text("Un jardin partagé rue Mouffetard")
    expect(summary).to_contain_text("J'adore")
    expect(summary).to_contain_text(
        "Projets sans mention, comptés comme « Je ne suis pas convaincu·e » : 1."
    )
    check_a11y(page, "the summary")
    shoot(page, "vote-08-summary")

    # 8. Confirming gives the receipt code, once, with how to check it.
    page.get_by_role("button", name="Confirmer et voter").click()
    code_box = page.locator("#receipt-code")
    expect(code_box).to_have_text(re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$"))
    code = code_box.inner_text()
    expect(page.locator(".vote-receipt")).to_contain_text("il ne sera plus jamais affiché")
    expect(page.get_by_role("button", name="Copier le code")).to_be_visible()
    check_a11y(page, "the receipt")
    shoot(page, "vote-09-receipt")

    # 9. Back on the ballots: this one is voted, and can only be replaced.
    page.get_by_role("button", name="Revenir aux bulletins").first.click()
    district = page.locator('.vote-card[data-area="paris-05"]')
    expect(district).to_contain_text("Vous avez voté en ligne dans ce bulletin")
    expect(district.get_by_role("button", name="Remplacer mon bulletin")).to_be_visible()

    # 10. The check page finds the ballot and what it holds, and nothing for a wrong code.
    page.goto(f"{app_url}/recu")
    page.get_by_label("Code de reçu").fill(code.lower())
    page.get_by_role("button", name="Vérifier").click()
    answer = page.locator("#receipt-answer")
    expect(answer).to_contain_text("Ce bulletin est dans l'urne")
    expect(answer).to_contain_text("5e arrondissement")
    # The campaign's name (not its slug), and the projects in the ballot's order.
    expect(answer).to_contain_text("Campagne : Budget participatif — vote de test")
    assert len(ballot_order) == 3
    expect(answer.locator(".vote-summary-title")).to_have_text(ballot_order)
    expect(answer.locator("li", has_text="Un jardin partagé rue Mouffetard")).to_contain_text(
        "J'adore"
    )
    expect(answer.locator("li", has_text="Des fontaines au jardin des Plantes")).to_contain_text(
        "Pourquoi pas ?"
    )
    expect(answer.locator("li", has_text="piste cyclable")).to_contain_text(
        "Je ne suis pas convaincu·e"
    )
    check_a11y(page, "the receipt check")
    shoot(page, "vote-10-receipt-check")

    page.get_by_label("Code de reçu").fill("0000-0000-0000-0000")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator("#receipt-answer")).to_have_count(0)
    expect(page.locator(".field-error")).to_contain_text("Aucun bulletin n'a ce code")
    check_a11y(page, "the receipt check, unknown code")
    shoot(page, "vote-11-receipt-unknown")

    # 11. The ballot is replaced with its receipt (a wrong code is refused next to the field);
    # the old code then finds nothing and the new one the new grades.
    page.goto(f"{app_url}/voter/{SLUG}")
    page.locator('.vote-card[data-area="paris-05"]').get_by_role(
        "button", name="Remplacer mon bulletin"
    ).click()
    page.get_by_role("group", name="Une piste cyclable boulevard Saint-Michel").get_by_text(
        "J'aime bien", exact=True
    ).click()
    page.get_by_role("button", name="Vérifier mon vote").click()
    receipt_field = page.get_by_label("Code de reçu de votre bulletin actuel")
    receipt_field.fill("AAAA-BBBB-CCCC-DDDD")
    page.get_by_role("button", name="Confirmer et remplacer mon bulletin").click()
    expect(receipt_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error")).to_contain_text("ne correspond pas à votre bulletin")
    check_a11y(page, "the replacement, wrong receipt")
    shoot(page, "vote-12-replace-wrong-receipt")
    receipt_field.fill(code)
    page.get_by_role("button", name="Confirmer et remplacer mon bulletin").click()
    expect(page.locator(".vote-receipt h2")).to_have_text("Votre bulletin est remplacé")
    new_code = page.locator("#receipt-code").inner_text()
    assert new_code != code
    shoot(page, "vote-13-replaced")

    page.goto(f"{app_url}/recu")
    page.get_by_label("Code de reçu").fill(code)
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator(".field-error")).to_contain_text("Aucun bulletin n'a ce code")
    page.get_by_label("Code de reçu").fill(new_code)
    page.get_by_role("button", name="Vérifier").click()
    answer = page.locator("#receipt-answer")
    expect(answer.locator("li", has_text="piste cyclable")).to_contain_text("J'aime bien")
    expect(answer.locator("li", has_text="Un jardin partagé")).to_contain_text(
        "Je ne suis pas convaincu·e"
    )
    assert page.errors == []  # type: ignore[attr-defined]
