"""Caring for one's account in a real browser: a resident who forgot their password asks for a
link from the sign-in page, opens the link read from the mail, chooses a new password and signs
in with it; on "my account" changes their email address (the link mailed to the new address
confirms it, the old one is told), downloads their data, and deletes the account with its
confirmation, landing on the privacy page; their proposal stays, by "a former participant". A
screenshot and an accessibility check on every screen, on a computer (1280 px) and a phone
(375 px). Mails go through the Celery tasks, run in process, to Django's test outbox."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

VIEWPORTS = {"1280": {"width": 1280, "height": 900}, "375": {"width": 375, "height": 812}}
NEW_PASSWORD = "un tout nouveau mot de passe 2027"
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def eager_celery():
    """The mail tasks run in process when queued (after the request's transaction commits)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def link_in_mail(to: str, path: str) -> str:
    """The path and query of the link to ``path`` in the last mail sent to ``to``."""
    sent = [m for m in mail.outbox if m.to == [to]]
    assert sent, [m.to for m in mail.outbox]
    links = [u for u in LINK.findall(sent[-1].body) if urlsplit(u).path == path]
    assert links, sent[-1].body
    parts = urlsplit(links[0])
    return f"{parts.path}?{parts.query}"


@pytest.mark.parametrize("width", list(VIEWPORTS))
def test_forgot_reset_sign_in_change_email_download_delete(
    page: Page, app_url, demo, resident_factory, eager_celery, shoot, check_a11y, width, tmp_path
):
    from accounts.models import User
    from campaigns.models import Campaign
    from proposals.models import Proposal

    page.set_viewport_size(VIEWPORTS[width])
    email = f"camille.{width}@example.org"
    new_email = f"camille.nouvelle.{width}@example.org"
    user = resident_factory(email)
    user.display_name = "Camille"
    user.save(update_fields=["display_name"])
    proposal = Proposal.objects.filter(campaign=Campaign.objects.get(slug=demo.campaign)).first()
    proposal.author = user
    proposal.save(update_fields=["author"])

    def step(name: str, show: str | None = None) -> None:
        # On a computer the page scrolls inside its frame: the screenshot is what is in view,
        # so the part a step is about is brought into view first.
        if show:
            page.locator(show).scroll_into_view_if_needed()
        shoot(page, f"care-{width}-{name}")
        check_a11y(page, f"{width} px: {name}")

    # --- forgotten password, from the sign-in page ------------------------------------------
    page.goto(f"{app_url}/connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page).to_have_url(re.compile(r"/mot-de-passe-oublie$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe oublié")
    step("01-forgot")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.locator("#forgot-outcome")).to_contain_text(
        f"Si un compte utilise l'adresse {email}"
    )
    step("02-forgot-sent")

    # --- the mailed link: a new password ----------------------------------------------------
    reset_path = link_in_mail(email, "/reinitialiser-mot-de-passe")
    page.goto(f"{app_url}{reset_path}")
    expect(page.get_by_label("Nouveau mot de passe")).to_be_visible()
    assert "token=" not in page.url  # the token left the address bar
    step("03-reset")
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.locator("#reset-body")).to_contain_text("Votre mot de passe est changé")
    step("04-reset-done")
    # The link works once.
    page.goto(f"{app_url}{reset_path}")
    expect(page.locator("#reset-body")).to_contain_text("Ce lien n'est pas valide")

    # --- signing in with it -----------------------------------------------------------------
    sign_in(page, app_url, email, NEW_PASSWORD)
    page.goto(f"{app_url}/compte")
    expect(page.get_by_role("heading", name="Mot de passe et adresse e-mail")).to_be_visible()
    step("05-account")

    # --- changing the email address ---------------------------------------------------------
    form = page.locator("#email-form")
    form.get_by_label("Nouvelle adresse e-mail").fill(new_email)
    form.get_by_label("Votre mot de passe").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Envoyer le lien de confirmation").click()
    expect(page.locator("#email-form-done")).to_contain_text(f"envoyé à {new_email}")
    step("06-email-asked", "#email-form-done")
    page.goto(f"{app_url}{link_in_mail(new_email, '/confirmer-adresse')}")
    expect(page.locator("#confirm-outcome")).to_contain_text(f"l'adresse {new_email}")
    step("07-email-confirmed")
    told = [m for m in mail.outbox if m.to == [email]][-1]
    assert new_email in told.body
    assert User.objects.get(pk=user.pk).email == new_email

    # --- downloading my data ----------------------------------------------------------------
    page.goto(f"{app_url}/compte")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger mes données (JSON)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert re.fullmatch(r"belvedere-mes-donnees-\d{4}-\d{2}-\d{2}\.json", saved.name)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["account"]["email"] == new_email
    assert [p["title"] for p in data["proposals"]] == [proposal.title]
    expect(page.locator("#data-done")).to_contain_text(saved.name)

    # --- deleting the account ---------------------------------------------------------------
    delete = page.locator("#delete-form")
    delete.scroll_into_view_if_needed()
    delete.get_by_label("Votre mot de passe").fill(NEW_PASSWORD)
    delete.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(delete.locator(".field-error:visible")).to_have_text("Cochez la case pour confirmer.")
    step("08-delete-unconfirmed", "#delete-form")
    delete.get_by_label("Je comprends que la suppression est définitive.").check()
    delete.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page).to_have_url(re.compile(r"/confidentialite\?compte=supprime$"))
    expect(
        page.get_by_role("status").filter(has_text="Votre compte a été supprimé")
    ).to_be_visible()
    expect(page.locator("#privacy-duration")).to_contain_text("12 mois après la clôture")
    expect(page.locator("#sign-out")).to_have_count(0)
    step("09-deleted-privacy")
    assert User.objects.get(pk=user.pk).deleted_at is not None

    # The proposal stays, by a former participant; the account cannot be signed in to.
    page.goto(f"{app_url}/propositions/{proposal.pk}")
    expect(page.locator("#proposal-author")).to_have_text(
        "une ancienne participante ou un ancien participant"
    )
    step("10-proposal-former-participant")
    page.goto(f"{app_url}/connexion")
    page.get_by_label("Adresse e-mail").fill(new_email)
    page.get_by_label(re.compile("^Mot de passe")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.get_by_text("Adresse e-mail ou mot de passe incorrect.").first).to_be_visible()

    # The privacy page is reached from every page's footer (here the sign-in page's: the map's
    # own unmounting is not this journey's subject).
    # Once the page is there: the footer is drawn first and moves down when the page mounts, so
    # a click aimed at it just before lands on nothing (a CI run saw it).
    page.goto(f"{app_url}/connexion")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    page.locator("footer").get_by_role(
        "link", name="Confidentialité et données personnelles"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confidentialité et données personnelles"
    )
    assert page.errors == []  # type: ignore[attr-defined]
