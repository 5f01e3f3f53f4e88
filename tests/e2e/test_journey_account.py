"""The account journey in a real browser: a resident registers through the page (and is signed
in), is told a verification email was sent, signs out, signs in again (back to the page that
asked), confirms the address with the mailed link, then on "my account" declares themselves as a
voter of a campaign in its voting phase (home address picked from the suggestions) and sees the
declaration back; "my proposals" lists their proposal with the City's answer. A screenshot and an
accessibility check on every screen, on a phone."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, open_menu, sign_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}
EMAIL = "lea.martin@example.org"


@pytest.fixture
def addresses(transactional_db) -> None:
    """The Base Adresse Nationale for Paris (the offline geocoder's data), which the live-server
    tests' flush removes."""
    from addresses.models import Address

    if not Address.objects.exists():
        call_command("load_addresses", verbosity=0)


@pytest.fixture
def voting_campaign(transactional_db, demo) -> str:
    """A campaign in its voting phase, made by the services (schedule, then the phase applied)."""
    from django.utils import timezone

    from campaigns.services import campaign_create, campaigns_phase_apply
    from campaigns.tests.factories import schedule_around

    now = timezone.now()
    campaign = campaign_create(
        slug="bp-vote-e2e",
        name="Budget participatif — le vote",
        schedule=schedule_around("voting", now=now),
        area_codes=["paris", "paris-05", "paris-centre", "paris-19"],
        now=now,
    )
    campaigns_phase_apply(now=now)
    campaign.refresh_from_db()
    assert campaign.phase_at(now).value == "voting"
    return campaign.slug


def step(page: Page, shoot, check_a11y, name: str) -> None:
    shoot(page, f"account-{name}")
    check_a11y(page, name)


def test_register_sign_out_sign_in_verify_and_declare(
    page: Page, app_url, demo, addresses, voting_campaign, shoot, check_a11y
):
    from accounts.models import User
    from accounts.services import email_verification_token
    from proposals.models import Proposal
    from voting.models import VoterDeclaration

    page.set_viewport_size(PHONE)

    # --- registering, through the page -----------------------------------------------------
    page.goto(f"{app_url}/inscription")
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    expect(page.locator("#sign-out")).to_have_count(0)
    step(page, shoot, check_a11y, "01-register")

    page.get_by_label(re.compile("^Nom affiché")).fill("Léa")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label(re.compile("^Mot de passe")).fill("court")
    page.get_by_role("button", name="Créer mon compte").click()
    # Too short: said next to the password, in French, and nothing was created.
    password = page.get_by_label(re.compile("^Mot de passe"))
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error:not([hidden])")).to_have_text(
        "Le mot de passe doit compter au moins 8 caractères."
    )
    step(page, shoot, check_a11y, "02-register-error")
    assert not User.objects.filter(email=EMAIL).exists()

    password.fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    # The same answer whether the address had an account or not: check your mail. Registering
    # does not sign in, and the account waits for its link.
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez vos e-mails")
    expect(page.locator("#registered")).to_contain_text(f"Un e-mail a été envoyé à {EMAIL}")
    expect(page.locator("#sign-out")).to_have_count(0)
    user = User.objects.get(email=EMAIL)
    assert user.display_name == "Léa" and user.email_verified_at is None and not user.is_active
    step(page, shoot, check_a11y, "03-registered")

    # --- signing in before the link is followed fails as a wrong password does --------------
    page.get_by_role("link", name="Se connecter", exact=True).last.click()
    expect(page).to_have_url(re.compile(r"/connexion"))
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator(".field-error:not([hidden])")).to_have_text(
        "Adresse e-mail ou mot de passe incorrect."
    )
    step(page, shoot, check_a11y, "04-sign-in-error")

    # --- the mailed link opens the verification page ---------------------------------------
    token = email_verification_token(user=user)
    page.goto(f"{app_url}/verifier-email?token={token}")
    expect(page.locator("#verify-outcome")).to_have_text(
        f"Votre adresse e-mail {EMAIL} est confirmée. Vous pouvez proposer des projets et voter."
    )
    expect(page).to_have_url(re.compile(r"/verifier-email$"))  # the token left the address bar
    step(page, shoot, check_a11y, "05-verified")
    assert User.objects.get(pk=user.pk).email_verified_at is not None

    # --- signing in, back to the page that asked, then out and in again --------------------
    page.goto(f"{app_url}/compte")
    expect(page).to_have_url(re.compile(r"/connexion\?next=%2Fcompte$"))
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/compte$"))
    open_menu(page)  # a phone: the header's links are behind its menu button
    expect(page.locator("#sign-out")).to_be_visible()
    expect(page.locator("#email-not-verified")).to_have_count(0)
    # The shared helper signs in the same way.
    page.locator("#sign-out").click()
    expect(page.locator("#sign-out")).to_have_count(0)
    sign_in(page, app_url, EMAIL)

    # --- my account: the voting declaration -------------------------------------------------
    open_menu(page)
    page.get_by_role("link", name="Mon compte", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    expect(page.locator(".account-facts").first).to_contain_text("Confirmée")
    expect(page.locator(".account-facts").first).to_contain_text("Habitant·e")
    block = page.locator("section.declaration")
    expect(block).to_have_count(1)
    expect(block.get_by_role("heading", level=3)).to_have_text("Budget participatif — le vote")
    expect(block).to_contain_text("pas encore déclarée")
    expect(block.locator(".vote-line")).to_contain_text("déclarez-vous ci-dessous")
    step(page, shoot, check_a11y, "06-account")

    # Sending without the address says so next to it.
    block.get_by_label(re.compile("^Nom et prénom")).fill("Camille Durand")
    block.get_by_label(re.compile("^Date de naissance")).fill("1990-05-17")
    block.get_by_role("button", name="Enregistrer ma déclaration").click()
    address = block.get_by_role("combobox", name="Adresse de votre domicile")
    expect(address).to_have_attribute("aria-invalid", "true")

    address.fill("12 rue Mouffet")
    options = block.get_by_role("option")
    expect(options.first).to_contain_text("Rue Mouffetard")
    expect(address).to_have_attribute("aria-expanded", "true")
    step(page, shoot, check_a11y, "07-address-suggestions")
    address.press("ArrowDown")
    address.press("Enter")
    expect(address).to_have_value(re.compile(r"^12 Rue Mouffetard 75005 Paris"))
    expect(block.locator(".home-line")).to_have_text(
        "Votre domicile est dans le 5e arrondissement."
    )
    expect(block.get_by_label(re.compile("^Arrondissement de cœur"))).to_have_value("")
    block.get_by_role("button", name="Enregistrer ma déclaration").click()
    expect(block.locator(".declaration-saved")).to_have_text(
        "Déclaration enregistrée : la mairie va la vérifier."
    )
    expect(block.locator(".account-facts")).to_contain_text("à vérifier par la mairie")
    expect(block.locator(".account-facts")).to_contain_text("12 Rue Mouffetard 75005 Paris")
    expect(block.locator(".account-facts")).to_contain_text("17 mai 1990")
    expect(block.get_by_label(re.compile("^Arrondissement de cœur"))).to_have_value("paris-05")
    expect(block.locator(".vote-line")).to_contain_text("Vous pouvez voter")
    step(page, shoot, check_a11y, "08-declared")

    declaration = VoterDeclaration.objects.get(person=user, campaign__slug=voting_campaign)
    assert declaration.status == VoterDeclaration.Status.PENDING
    assert declaration.heart_area.code == "paris-05"  # the area of the home address by default
    assert declaration.home_district.code == "75105"

    # The town hall refuses it: the page says so with the reason, and no longer offers the form.
    VoterDeclaration.objects.filter(pk=declaration.pk).update(
        status=VoterDeclaration.Status.REFUSED, review_reason="Adresse hors de Paris."
    )
    page.reload()
    expect(block.locator(".account-facts")).to_contain_text("refusée")
    expect(block.locator(".account-facts")).to_contain_text("Motif : Adresse hors de Paris.")
    expect(block.locator("form")).to_have_count(0)

    # The same page in English.
    page.locator("#lang-toggle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(block.locator(".account-facts")).to_contain_text("Reason: Adresse hors de Paris.")
    step(page, shoot, check_a11y, "09-account-en")
    page.locator("#lang-toggle").click()

    # --- my proposals -----------------------------------------------------------------------
    mine = Proposal.objects.filter(campaign__slug=demo.campaign).first()
    Proposal.objects.filter(pk=mine.pk).update(
        author=user,
        status=Proposal.Status.REJECTED,
        public_answer="Ce terrain appartient à l'État : la Ville ne peut pas y intervenir.",
    )
    open_menu(page)
    page.get_by_role("link", name="Mes propositions", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes propositions")
    items = page.locator("li.my-proposal")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Non recevable")
    expect(items.first).to_contain_text("Ce terrain appartient à l'État")
    expect(page.locator(".my-proposals-count")).to_have_text("1 proposition")
    step(page, shoot, check_a11y, "10-my-proposals")
    items.first.get_by_role("link", name=mine.title).click()
    expect(page).to_have_url(re.compile(rf"/propositions/{mine.pk}$"))

    assert page.errors == []  # type: ignore[attr-defined]


def test_saving_with_the_suggestions_still_open_saves(
    page: Page, app_url, demo, addresses, voting_campaign, resident_factory
):
    """The whole address typed, no suggestion picked, the pointer goes straight to the button:
    the suggestions close under the pointer without moving the button, and the click saves."""
    from voting.models import VoterDeclaration

    user = resident_factory("paul.durand@example.org")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, app_url, user.email)
    page.goto(f"{app_url}/compte")
    block = page.locator(".declaration").first
    block.get_by_label(re.compile("^Nom et prénom")).fill("Paul Durand")
    block.get_by_label(re.compile("^Date de naissance")).fill("1984-02-29")
    address = block.get_by_role("combobox", name="Adresse de votre domicile")
    address.fill("12 rue Mouffetard 75005 Paris")
    expect(address).to_have_attribute("aria-expanded", "true")
    block.get_by_role("button", name="Enregistrer ma déclaration").click()
    expect(block.locator(".declaration-saved")).to_have_text(
        "Déclaration enregistrée : la mairie va la vérifier."
    )
    declaration = VoterDeclaration.objects.get(person=user, campaign__slug=voting_campaign)
    assert declaration.home_district.code == "75105"
