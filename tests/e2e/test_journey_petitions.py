"""A resident files a petition to the 5th arrondissement's town hall; its official declares it
admissible; two neighbours sign it (one counted at once, one held: a new account) and the official
counts the held one, which reaches the small demo process's threshold; the official answers it and
the public page shows the answer, the signers who show their name and the counts by arrondissement.
A signer withdraws their signature and signs again; the author turns the answered petition into a
budget proposal and reaches it from the petition's page.
At 1280 px and at 375 px, with screenshots and axe-core on each screen."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_menu, sign_in

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
AUTHOR = "lea@paris.example"
OFFICIAL = "mairie5@paris.example"
SIGNER = "sami@paris.example"
NEWCOMER = "nour@paris.example"
TITLE = "Des fontaines à boire rue Mouffetard"
TEXT = (
    "Installer deux fontaines d'eau potable rue Mouffetard, l'une en haut près de la place de "
    "la Contrescarpe, l'autre en bas vers Saint-Médard, avant l'été."
)
ANSWER = (
    "La mairie du 5e installera deux fontaines Wallace rue Mouffetard au printemps, "
    "avec Eau de Paris."
)
BIRTH = date(1980, 5, 17)


def _checked_declaration(user) -> None:
    """A voter declaration the town hall checked, at home in the 5th: a signature declaring the
    same birth date and arrondissement counts at once."""
    from django.utils import timezone

    from campaigns.services import campaign_create
    from geo.models import District
    from voting.models import VoterDeclaration

    now = timezone.now()
    campaign = campaign_create(
        slug="bp-declarations",
        name="Budget participatif 2025",
        description="",
        submission_start=now - timedelta(days=400),
        submission_end=now - timedelta(days=370),
    )
    district = District.objects.filter(level="arrondissement", areas__code="paris-05").first()
    VoterDeclaration.objects.create(
        person=user,
        campaign=campaign,
        birth_date=BIRTH,
        address="1 rue Soufflot",
        address_label="1 Rue Soufflot 75005 Paris",
        home_point=district.geometry.point_on_surface,
        home_district=district,
        status=VoterDeclaration.Status.CHECKED,
    )


def _sign(page: Page, show_name: bool) -> None:
    form = page.locator("#petition-sign-form")
    form.get_by_label("Je déclare habiter Paris.").check()
    form.get_by_label("Date de naissance").fill(BIRTH.isoformat())
    form.get_by_label("Arrondissement de résidence").select_option("paris-05")
    if show_name:
        form.get_by_label("Afficher mon nom parmi les signataires").check()
    form.get_by_role("button", name="Signer").click()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_file_admit_sign_reach_threshold_and_answer(
    page: Page, app_url, demo, addresses, resident_factory, shoot, check_a11y, size
):
    from django.utils import timezone

    from petitions.models import Petition, Process, Signature
    from proposals.models import Proposal

    Process.objects.create(
        slug="petitions-demo",
        name="Pétitions de Paris (démonstration)",
        threshold=5,
        area_threshold=2,
        signing_days=30,
        answer_days=60,
        min_age=16,
        filing_open=True,
    )
    resident_factory(AUTHOR)
    resident_factory(OFFICIAL, role="official", areas=("paris-05",))
    signer = resident_factory(SIGNER)
    signer.date_joined = timezone.now() - timedelta(days=30)
    signer.save(update_fields=["date_joined"])
    _checked_declaration(signer)
    resident_factory(NEWCOMER)  # joined now: their signature is held
    page.set_viewport_size(SIZES[size])

    # 1. The author files a petition from the header's « Pétitions ».
    sign_in(page, app_url, AUTHOR)
    open_menu(page)
    page.locator("#site-nav").get_by_role("link", name="Pétitions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pétitions")
    page.get_by_role("link", name="Déposer une pétition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déposer une pétition")
    expect(page.locator("#petition-process")).to_contain_text("Pétitions de Paris (démonstration)")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Texte de la pétition").fill(TEXT)
    page.get_by_label("Adressée à").select_option("paris-05")
    page.get_by_label("Thème").select_option("environnement")
    box = page.locator("#petition-place-map").bounding_box()
    assert box is not None
    page.locator("#petition-place-map").click(
        position={"x": box["width"] * 0.5, "y": box["height"] * 0.6}
    )
    place_line = page.locator("#petition-place-line")
    expect(place_line).to_contain_text("Lieu choisi")
    # The chosen place can be removed, then given with the keyboard: an address typed, the
    # first suggestion chosen with the arrow and Enter (the proposal form's address search).
    page.get_by_role("button", name="Retirer le lieu").click()
    expect(place_line).to_have_text("Aucun lieu choisi.")
    expect(place_line).to_be_focused()
    expect(page.get_by_role("button", name="Retirer le lieu")).to_be_hidden()
    address = page.get_by_label("Adresse du lieu")
    address.focus()
    page.keyboard.type("12 rue Mouffetard")
    expect(page.locator("#address-suggestions [role=option]").first).to_contain_text(
        "12 Rue Mouffetard 75005 Paris"
    )
    expect(address).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(place_line).to_have_text("Lieu choisi : 12 Rue Mouffetard 75005 Paris.")
    expect(page.locator("#petition-place-map img.place-pin.leaflet-marker-icon")).to_have_count(1)
    shoot(page, f"petitions-{size}-01-file")
    check_a11y(page, f"the filing form ({size})")
    page.get_by_role("button", name="Envoyer à la modération").click()
    page.wait_for_url(re.compile(r"/petitions/\d+$"))
    petition = Petition.objects.get(title=TITLE)
    assert petition.status == Petition.Status.PENDING and petition.area.code == "paris-05"
    assert petition.location is not None and petition.address == "12 Rue Mouffetard 75005 Paris"
    assert abs(petition.location.x - 2.35) < 0.01 and abs(petition.location.y - 48.84) < 0.01
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#petition-status")).to_have_text("En modération")
    expect(page.locator("#petition-address")).to_have_text("12 Rue Mouffetard 75005 Paris")
    expect(page.locator(".petition-notice")).to_contain_text("attend l'examen de la modération")
    shoot(page, f"petitions-{size}-02-pending")
    check_a11y(page, f"the pending petition ({size})")

    # 2. The 5th's official declares it admissible from the queue.
    page.context.clear_cookies()
    sign_in(page, app_url, OFFICIAL)
    page.goto(f"{app_url}/gestion/petitions")
    # An official's ten header links, the bell and the language stay on one row at 1280 px.
    header = page.locator(".site-header").bounding_box()
    assert header and header["height"] <= 64, header
    item = page.locator(f"#queue-moderate li[data-petition='{petition.pk}']")
    expect(item.get_by_role("heading", level=3)).to_have_text(TITLE)
    item.get_by_label("Recevable : la publier et ouvrir la signature").check()
    shoot(page, f"petitions-{size}-03-moderate")
    check_a11y(page, f"the moderation queue ({size})")
    item.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.locator("#announcer")).to_have_text(f"Décision enregistrée pour « {TITLE} ».")
    expect(page.locator("#queue-moderate")).to_contain_text(
        "Aucune pétition n'attend la modération."
    )
    petition.refresh_from_db()
    assert petition.status == Petition.Status.OPEN and petition.threshold == 2

    # 3. A neighbour finds it in the list (filtered by the 5th) and signs, showing their name:
    # counted at once (a checked declaration, an account older than a day).
    page.context.clear_cookies()
    sign_in(page, app_url, SIGNER)
    page.goto(f"{app_url}/petitions?autorite=paris-05")
    card = page.locator(f"#petition-{petition.pk}")
    expect(card.locator(".petition-status")).to_have_text("Ouverte")
    expect(card).to_contain_text("0 signature(s) sur 2 nécessaires (0")
    expect(page.locator(f".petition-marker[data-petition='{petition.pk}']")).to_have_count(1)
    shoot(page, f"petitions-{size}-04-list")
    check_a11y(page, f"the petitions list and map ({size})")
    card.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    _sign(page, show_name=True)
    expect(page.locator("#announcer")).to_have_text("Votre signature est enregistrée.")
    expect(page.locator("#petition-signed")).to_have_text("Vous avez signé cette pétition.")
    expect(page.locator("#petition-threshold")).to_contain_text("1 signature(s) sur 2 nécessaires")
    expect(page.locator("#petition-signers")).to_have_text("sami")
    # Signers follow what they signed; the button stops and starts again (DELETE, then POST).
    follow = page.locator(".follow-button")
    expect(follow).to_have_attribute("aria-pressed", "true")
    follow.click()
    expect(follow).to_have_attribute("aria-pressed", "false")
    follow.click()
    expect(follow).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#announcer")).to_have_text(f"Vous suivez désormais « {TITLE} ».")
    shoot(page, f"petitions-{size}-05-signed")
    check_a11y(page, f"the signed petition ({size})")
    assert Signature.objects.get(user=signer).status == Signature.Status.COUNTED

    # The neighbour withdraws (after a confirmation): the count goes down, the form is back; then
    # signs again.
    page.get_by_role("button", name="Retirer ma signature").click()
    confirm = page.get_by_role("group", name=re.compile(r"^Retirer votre signature \?"))
    expect(confirm).to_be_visible()
    expect(page.locator("#petition-withdraw-question")).to_be_focused()
    shoot(page, f"petitions-{size}-05b-withdraw")
    check_a11y(page, f"the withdrawal's confirmation ({size})")
    confirm.get_by_role("button", name="Oui, la retirer").click()
    expect(page.locator("#announcer")).to_have_text("Votre signature est retirée.")
    expect(page.locator("#petition-threshold")).to_contain_text("0 signature(s) sur 2 nécessaires")
    expect(page.locator("#petition-signed")).to_have_count(0)
    expect(page.locator("#petition-sign-form").get_by_role("button", name="Signer")).to_be_visible()
    expect(page.locator("#petition-signers-count")).to_have_text(
        "Aucun signataire n'a choisi d'afficher son nom."
    )
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    assert not Signature.objects.filter(user=signer).exists()
    petition.refresh_from_db()
    assert petition.signature_count == 0
    _sign(page, show_name=True)
    expect(page.locator("#petition-signed")).to_have_text("Vous avez signé cette pétition.")
    expect(page.locator("#petition-threshold")).to_contain_text("1 signature(s) sur 2 nécessaires")
    assert Signature.objects.get(user=signer).status == Signature.Status.COUNTED

    # 4. A newcomer signs without showing their name: held until checked.
    page.context.clear_cookies()
    sign_in(page, app_url, NEWCOMER)
    page.goto(f"{app_url}/petitions/{petition.pk}")
    _sign(page, show_name=False)
    held_words = (
        "Votre signature est enregistrée ; elle sera comptée après une vérification par les "
        "agents (compte créé il y a moins d'un jour)."
    )
    expect(page.locator("#announcer")).to_have_text(held_words)
    expect(page.locator("#petition-threshold")).to_contain_text("1 signature(s) sur 2 nécessaires")
    held = Signature.objects.get(user__email=NEWCOMER)
    assert held.status == Signature.Status.HELD and held.held_reason == "new_account"

    # 5. The official counts the held signature (the threshold is reached: the petition goes on
    # the agenda with its deadline) and answers it.
    page.context.clear_cookies()
    sign_in(page, app_url, OFFICIAL)
    page.goto(f"{app_url}/gestion/petitions")
    row = page.locator(f"#queue-held tr[data-signature='{held.pk}']")
    expect(row).to_contain_text("Compte de moins d'un jour")
    expect(page.locator("#queue-status")).to_have_text(
        "0 à modérer · 0 à répondre · 1 signature(s) à vérifier · 0 alerte(s)"
    )
    row.scroll_into_view_if_needed()
    shoot(page, f"petitions-{size}-06-held")
    check_a11y(page, f"the held signatures ({size})")
    row.get_by_role("button", name=f"Compter la signature n° {held.pk}").click()
    expect(page.locator("#announcer")).to_have_text(f"Signature n° {held.pk} comptée.")
    agenda = page.locator(f"#queue-answer li[data-petition='{petition.pk}']")
    expect(agenda.locator(".petition-status")).to_have_text("Seuil atteint")
    expect(agenda.locator(".petition-due")).to_contain_text("Réponse attendue avant le")
    expect(agenda.locator(".petition-due")).to_contain_text("dans 60 jours")
    agenda.get_by_label("Réponse du Conseil").fill(ANSWER)
    agenda.scroll_into_view_if_needed()
    shoot(page, f"petitions-{size}-07-answer")
    check_a11y(page, f"the agenda and its answer form ({size})")
    agenda.get_by_role("button", name="Publier la réponse").click()
    expect(page.locator("#announcer")).to_have_text(f"Réponse publiée pour « {TITLE} ».")
    petition.refresh_from_db()
    assert petition.status == Petition.Status.ANSWERED and petition.signature_count == 2

    # 6. Everyone sees the answer, the status in words, the counts by arrondissement.
    page.context.clear_cookies()
    page.goto(f"{app_url}/petitions/{petition.pk}")
    expect(page.locator("#petition-status")).to_have_text("Répondue")
    expect(page.locator("#petition-answer")).to_contain_text(ANSWER)
    expect(page.locator("#petition-threshold")).to_have_text(
        "Seuil atteint : 2 signatures pour 2 nécessaires."
    )
    expect(page.locator("#petition-counts-table tbody tr")).to_have_text(["5e arrondissement2"])
    expect(page.locator("#petition-signers li")).to_have_text(["sami"])
    expect(page.locator("#petition-signers-count")).to_have_text(
        "1 nom(s) affiché(s) sur 2 signature(s) comptée(s)."
    )
    shoot(page, f"petitions-{size}-08-answered")
    check_a11y(page, f"the answered petition ({size})")

    # 7. The author turns the answered petition into a proposal of the campaign open for
    # proposals; the petition's page links to it.
    sign_in(page, app_url, AUTHOR)
    page.goto(f"{app_url}/petitions/{petition.pk}")
    convert = page.locator("#petition-convert")
    expect(convert.get_by_role("heading", level=2)).to_have_text(
        "En faire une proposition du budget participatif"
    )
    expect(convert.get_by_label("Campagne")).to_have_value(demo.campaign)
    convert.scroll_into_view_if_needed()
    shoot(page, f"petitions-{size}-08b-convert")
    check_a11y(page, f"the conversion form ({size})")
    convert.get_by_role("button", name="Créer la proposition").click()
    expect(page.locator("#announcer")).to_have_text(
        re.compile(r"La proposition n° \d+ a été créée\.")
    )
    petition.refresh_from_db()
    proposal = Proposal.objects.get(pk=petition.proposal_id)
    assert proposal.campaign.slug == demo.campaign and proposal.title == TITLE
    assert proposal.author.email == AUTHOR
    expect(page.locator("#announcer")).to_have_text(f"La proposition n° {proposal.pk} a été créée.")
    expect(page.locator("#petition-convert")).to_have_count(0)
    link = page.get_by_role(
        "link", name=f"Devenue la proposition n° {proposal.pk} du budget participatif"
    )
    link.scroll_into_view_if_needed()
    shoot(page, f"petitions-{size}-08c-converted")
    check_a11y(page, f"the converted petition ({size})")
    link.click()
    page.wait_for_url(re.compile(rf"/{proposal.pk}$"))
    expect(page.locator(".proposal-number")).to_have_text(f"Proposition n° {proposal.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#proposal-status")).to_have_text("Déposée")
    expect(page.locator("#proposal-author")).to_have_text("lea")
    shoot(page, f"petitions-{size}-08d-proposal")
    check_a11y(page, f"the proposal made from the petition ({size})")

    # 8. The author's petitions and signatures, in English this time.
    page.goto(f"{app_url}/petitions/miennes")
    page.locator("#lang-toggle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My petitions and signatures")
    expect(page.locator(f"#petitions-filed #petition-{petition.pk} .petition-status")).to_have_text(
        "Answered"
    )
    expect(page.locator("#petitions-signed")).to_contain_text("You have not signed any petition.")
    shoot(page, f"petitions-{size}-09-mine-en")
    check_a11y(page, f"my petitions in English ({size})")
    page.locator("#lang-toggle").click()  # back to French for the next test
    assert page.errors == []  # type: ignore[attr-defined]
