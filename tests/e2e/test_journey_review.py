"""An official's journey in a real browser: the review queue of their areas, one proposal started
and accepted with a cost, a bulk action, a reported proposal hidden from the moderation screen,
and both decisions found in the audit log. Screenshots of each step; axe-core on each screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
OFFICIAL = "agente@paris.example"
ACCEPTED = "Un jardin partagé rue Mouffetard"
REPORTED = "Des arceaux vélo à Montmartre"
PREPARED = "Des bancs au jardin des Tuileries"


@pytest.fixture
def review_phase(demo, resident_factory):
    """The demo campaign moved to its review phase by an administrator (through the service, as
    the back end requires: reviewing is allowed from submission on, merging only in review), an
    official of the demo proposals' areas, and two residents' reports on one proposal."""
    from django.utils import timezone

    from campaigns.models import Campaign
    from campaigns.services import campaign_phase_advance
    from moderation.services import proposal_report
    from proposals.models import Proposal

    campaign = Campaign.objects.get(slug=demo.campaign)
    admin = resident_factory("admin@paris.example", role="administrator")
    campaign_phase_advance(
        campaign=campaign,
        actor=admin,
        reason="Fin du dépôt : étude des projets.",
        now=timezone.now(),
    )
    codes = tuple(
        sorted(set(Proposal.objects.filter(campaign=campaign).values_list("area__code", flat=True)))
    )
    official = resident_factory(OFFICIAL, role="official", areas=codes)
    reported = Proposal.objects.get(campaign=campaign, title=REPORTED)
    for n, reason in enumerate(["spam", "off_topic"]):
        reporter = resident_factory(f"habitant{n}@paris.example")
        proposal_report(
            proposal=reported,
            reporter=reporter,
            reason=reason,
            text="Ce n'est pas un projet." if reason == "off_topic" else "",
            now=timezone.now(),
        )
    return official


def test_an_official_reviews_accepts_hides_and_finds_it_in_the_log(
    page: Page, app_url, demo, review_phase, shoot, check_a11y
):
    from proposals.models import Proposal

    page.set_viewport_size(DESKTOP)
    sign_in(page, app_url, OFFICIAL)

    # 1. The review queue of the official's areas: five proposals, counted, with a CSV link.
    page.goto(f"{app_url}/gestion/etude")
    expect(page.get_by_role("heading", level=1)).to_have_text("Étude des propositions")
    rows = page.locator("table.data-table tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator(".manage-status").first).to_have_text(re.compile(r"^5 propositions"))
    expect(page.locator("table.data-table caption")).to_contain_text("page 1 sur 1")
    export = page.get_by_role("link", name="Télécharger la liste filtrée (CSV)")
    expect(export).to_have_attribute("href", re.compile(r"review/export\.csv\?campaign=bp-e2e"))
    assert "campaign=bp-e2e" in page.url
    csv = page.request.get(app_url + export.get_attribute("href"))
    assert csv.status == 200
    assert "Mouffetard" in csv.text()
    shoot(page, "review-01-queue")
    check_a11y(page, "the review queue")

    # 2. One proposal's review form: start the study.
    page.get_by_role("link", name=ACCEPTED).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ACCEPTED)
    page.get_by_role("button", name="Commencer l'étude").click()
    notice = page.locator("p.outcome[role=status]")
    expect(notice).to_have_text(f"L'étude de « {ACCEPTED} » a commencé.")
    expect(page.locator("dl.facts")).to_contain_text("À l'étude")
    # Starting is done: its button is gone, as the proposal's `can` says.
    expect(page.get_by_role("button", name="Commencer l'étude")).to_have_count(0)
    shoot(page, "review-02-started")
    check_a11y(page, "the review form")

    # 3. A cost that is not a number is refused next to the field, then accepted with a cost.
    cost = page.get_by_label("Coût estimé (euros)", exact=True)
    cost.fill("beaucoup")
    page.get_by_role("button", name="Déclarer recevable").click()
    expect(cost).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error:visible").first).to_contain_text("nombre entier")
    cost.fill("12 500")
    page.get_by_label("Réponse publique (facultative)").fill(
        "Faisable avec la Direction des espaces verts."
    )
    page.get_by_role("button", name="Déclarer recevable").click()
    expect(notice).to_have_text(re.compile(r"est recevable, pour un coût estimé de 12\s500\s€"))
    expect(page.locator("dl.facts")).to_contain_text("Recevable")
    shoot(page, "review-03-accepted")
    check_a11y(page, "the accepted proposal's form")
    accepted = Proposal.objects.get(title=ACCEPTED)
    assert accepted.status == "accepted"
    assert accepted.estimated_cost == 12500

    # 4. Back in the queue, filtered by status (in the URL): the proposal is accepted.
    page.goto(f"{app_url}/gestion/etude?status=accepted")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(ACCEPTED)
    expect(rows.first).to_contain_text("Recevable")
    expect(page.get_by_label("Statut")).to_have_value("accepted")
    shoot(page, "review-04-queue-accepted")
    # The review form's "back" link returns to the same filtered view.
    page.get_by_role("link", name=ACCEPTED).click()
    page.get_by_role("link", name="Retour à la file d'étude").click()
    expect(page.get_by_label("Statut")).to_have_value("accepted")
    assert "status=accepted" in page.url

    # 5. Bulk: the submitted ones, selected together, start their study; each outcome shown.
    page.get_by_label("Statut").select_option("submitted")
    expect(rows).to_have_count(4)
    assert "status=submitted" in page.url
    page.get_by_label("Sélectionner toutes les propositions de la page").check()
    expect(page.locator("#bulk-count")).to_have_text("4 proposition(s) sélectionnée(s)")
    page.get_by_role("button", name="Appliquer à la sélection").click()
    outcome = page.locator(".outcome")
    expect(outcome).to_contain_text("Commencer l'étude : 4 proposition(s) modifiée(s).")
    expect(outcome.locator("li")).to_have_count(4)
    expect(outcome.locator("li", has_text=f"« {REPORTED} » : fait")).to_have_count(1)
    expect(rows).to_have_count(0)
    shoot(page, "review-05-bulk")
    check_a11y(page, "the review queue after a bulk action")
    assert Proposal.objects.filter(status="in_review").count() == 4

    # 6. A prepared answer (and the review assigned to oneself), then published from the queue.
    page.goto(f"{app_url}/gestion/etude")
    page.get_by_role("link", name=PREPARED).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PREPARED)
    page.get_by_role("button", name="Me l'attribuer").click()
    expect(notice).to_have_text(f"Étude attribuée à {OFFICIAL}.")
    page.get_by_label("Décision préparée").select_option("rejected")
    page.get_by_label("Réponse ou motif public").fill(
        "Le jardin relève de l'État, pas de la Ville."
    )
    page.get_by_role("button", name="Enregistrer la réponse préparée").click()
    expect(notice).to_have_text("Réponse préparée enregistrée.")
    expect(page.locator("dl.facts")).to_contain_text("Non recevable — Le jardin relève de l'État")
    shoot(page, "review-06-prepared")
    check_a11y(page, "the review form with a prepared answer")
    page.get_by_role("link", name="Retour à la file d'étude").click()
    page.get_by_label("Réponse préparée").select_option("true")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("non recevable")
    expect(rows.first).to_contain_text(OFFICIAL)
    page.get_by_role("button", name="Publier les réponses préparées").click()
    expect(page.locator(".publish-panel [role=status]")).to_have_text(
        "1 réponse(s) publiée(s) : 0 recevable(s), 1 non recevable(s)."
    )
    expect(rows).to_have_count(0)
    shoot(page, "review-07-published")
    published = Proposal.objects.get(title=PREPARED)
    assert published.status == "rejected"
    assert published.public_answer == "Le jardin relève de l'État, pas de la Ville."

    # 7. Moderation: the reported proposal, its reports, hidden with a public reason.
    page.goto(f"{app_url}/gestion/moderation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Modération")
    mod_rows = page.locator("table.data-table tbody tr")
    expect(mod_rows).to_have_count(1)
    expect(mod_rows.first).to_contain_text(REPORTED)
    expect(mod_rows.first).to_contain_text("spam / publicité × 1")
    shoot(page, "review-08-moderation")
    check_a11y(page, "the moderation queue")
    page.get_by_role("button", name=f"Examiner « {REPORTED} »").click()
    panel = page.locator(".decision-panel")
    expect(panel.locator("tbody tr")).to_have_count(2)
    expect(panel).to_contain_text("Ce n'est pas un projet.")
    panel.get_by_label("Motif public de la décision").fill(
        "Ce n'est pas un projet d'intérêt général."
    )
    panel.get_by_role("button", name="Masquer").click()
    expect(page.locator(".decision-panel .outcome")).to_have_text(f"« {REPORTED} » est masquée.")
    expect(mod_rows.first).to_contain_text("masquée")
    shoot(page, "review-09-hidden")
    check_a11y(page, "the moderation decision")
    assert Proposal.objects.get(title=REPORTED).is_hidden

    # 8. The audit log has both decisions, with who, why and a link to the proposal.
    page.goto(f"{app_url}/gestion/journal?action=proposal.hide")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal")
    log = page.locator("table.data-table tbody tr")
    expect(log).to_have_count(1)
    expect(log.first).to_contain_text("proposition masquée")
    expect(log.first).to_contain_text("agente")
    expect(log.first).to_contain_text("Ce n'est pas un projet d'intérêt général.")
    hidden_id = Proposal.objects.get(title=REPORTED).pk
    expect(log.first.get_by_role("link")).to_have_attribute("href", f"/gestion/etude/{hidden_id}")
    shoot(page, "review-10-audit")
    check_a11y(page, "the audit log")
    page.get_by_label("Action", exact=True).select_option("proposal.accept")
    expect(log).to_have_count(1)
    expect(log.first).to_contain_text("déclarée recevable")
    expect(log.first).to_contain_text("12500")
    assert "action=proposal.accept" in page.url

    # 9. On a phone, the queue's table scrolls inside its region, not the page.
    page.set_viewport_size(PHONE)
    page.goto(f"{app_url}/gestion/etude")
    expect(rows).to_have_count(5)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a 375px screen"
    shoot(page, "review-11-queue-phone")
    check_a11y(page, "the review queue on a phone")

    # 10. English is complete on these screens.
    page.locator("#lang-toggle").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviewing proposals")
    expect(page.locator("table.data-table caption")).to_contain_text("Proposals to review")
    shoot(page, "review-12-queue-english")

    assert page.errors == []  # type: ignore[attr-defined]
