"""A resident supports a proposal, comments on it, replies to the town hall's official answer
and reports a neighbour's comment; the map's list then puts the supported proposal first when
asked to order by supports; a ballot project's page has its own discussion. At 1280 px and at
375 px, with screenshots and axe-core on each screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
RESIDENT = "lea@paris.example"
OFFICIAL = "agente@paris.example"
NEIGHBOUR = "voisin@paris.example"
TITLE = "Un jardin partagé rue Mouffetard"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_support_comment_reply_and_report(
    page: Page, app_url, demo, resident_factory, shoot, check_a11y, size
):
    from django.utils import timezone

    from conversations.models import Comment, Support
    from conversations.services import comment_create
    from moderation.models import Report
    from projects.models import Project
    from proposals.models import Proposal

    proposal = Proposal.objects.get(campaign__slug=demo.campaign, title=TITLE)
    resident = resident_factory(RESIDENT)
    official = resident_factory(OFFICIAL, role="official", areas=(proposal.area.code,))
    neighbour = resident_factory(NEIGHBOUR)
    answer = comment_create(
        author=official,
        text="La mairie du 5e étudiera ce lieu avec la voirie.",
        now=timezone.now(),
        target=proposal,
    )
    rude = comment_create(
        author=neighbour,
        text="Achetez mes montres pas chères !",
        now=timezone.now(),
        target=proposal,
    )
    page.set_viewport_size(SIZES[size])
    sign_in(page, app_url, RESIDENT)

    # 1. The proposal's page: « Je soutiens » (a toggle button, aria-pressed) and its count.
    page.goto(f"{app_url}/propositions/{proposal.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    support = page.get_by_role("button", name="Je soutiens")
    expect(support).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".support-count")).to_have_text("0 soutien(s)")
    support.click()
    expect(page.locator("#support-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".support-count")).to_have_text("1 soutien(s)")
    expect(page.locator("#announcer")).to_have_text(f"Vous soutenez « {TITLE} ».")
    page.locator("#support-button").focus()
    shoot(page, f"conversations-{size}-01-supported")
    check_a11y(page, f"the supported proposal ({size})")
    assert Support.objects.filter(proposal=proposal, user=resident).count() == 1

    # 2. The discussion: the official answer is marked; comment, then reply to the answer.
    thread = page.locator("#comments")
    expect(thread.get_by_role("heading", level=2)).to_have_text("Discussion")
    expect(page.locator("#comment-count")).to_have_text("2 commentaire(s)")
    official_item = page.locator(f"#comment-{answer.pk}")
    expect(official_item.locator(".badge-official")).to_have_text("Réponse officielle")
    composer = page.locator(".comment-composer")
    composer.get_by_label("Votre commentaire").fill("Un jardin ici serait <b>formidable</b>.")
    composer.get_by_role("button", name="Publier").click()
    expect(page.locator("#announcer")).to_have_text("Commentaire publié.")
    mine = Comment.objects.get(author=resident, parent=None)
    assert mine.text == "Un jardin ici serait formidable."  # sanitised
    expect(page.locator(f"#comment-{mine.pk} .comment-text")).to_have_text(mine.text)
    expect(page.locator(f"#comment-{mine.pk}-edit")).to_have_text(
        re.compile(r"^Modifier \(encore 1[45] min\)$")
    )
    reply_button = page.locator(f"#comment-{answer.pk}-reply")
    reply_button.click()
    expect(reply_button).to_have_attribute("aria-expanded", "true")
    page.locator(f"#comment-{answer.pk}-panel").get_by_label("Votre réponse").fill(
        "Merci, j'en parlerai au conseil de quartier."
    )
    page.locator(f"#comment-{answer.pk}-panel").get_by_role("button", name="Répondre").click()
    expect(page.locator("#announcer")).to_have_text("Réponse publiée.")
    reply = Comment.objects.get(author=resident, parent=answer)
    expect(page.locator(f"#comment-{reply.pk}")).to_be_focused()
    # A reply cannot be replied to: no button offers it.
    expect(page.locator(f"#comment-{reply.pk}-reply")).to_have_count(0)
    expect(page.locator("#comment-count")).to_have_text("4 commentaire(s)")
    shoot(page, f"conversations-{size}-02-thread")
    check_a11y(page, f"the discussion ({size})")

    # 3. Report the neighbour's comment with a reason.
    page.locator(f"#comment-{rude.pk}-report").click()
    panel = page.locator(f"#comment-{rude.pk}-panel")
    panel.get_by_label("Motif").select_option("spam")
    shoot(page, f"conversations-{size}-03-report")
    check_a11y(page, f"the report form ({size})")
    panel.get_by_role("button", name="Envoyer").click()
    expect(panel.get_by_role("status")).to_have_text(
        "Merci, le commentaire a été signalé à la modération."
    )
    expect(page.locator(f"#comment-{rude.pk}-report")).to_have_count(0)
    report = Report.objects.get()
    assert report.comment_id == rude.pk and report.reporter == resident and report.proposal is None

    # 4. The map's list, ordered by supports: the supported proposal comes first.
    page.goto(f"{app_url}/?campaign={demo.campaign}&tri=supports")
    first = page.locator("#proposal-list button[data-proposal-id]").first
    expect(first).to_have_attribute("data-proposal-id", str(proposal.pk))
    expect(first).to_contain_text("1 soutien(s)")
    page.goto(f"{app_url}/?campaign={demo.campaign}&soutiens=1")
    expect(page.locator("#proposal-list button[data-proposal-id]")).to_have_count(1)
    expect(page.locator("#filter-supports")).to_have_value("1")
    shoot(page, f"conversations-{size}-04-map-list")
    check_a11y(page, f"the map filtered by supports ({size})")

    # 5. A ballot project's page has its own discussion.
    project = Project.objects.create(
        campaign=proposal.campaign,
        area=proposal.area,
        title="Un jardin partagé au Panthéon",
        description="Des arbres, des bancs, un potager partagé.",
        cost=40_000,
    )
    page.goto(f"{app_url}/projets/{project.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    page.locator(".comment-composer").get_by_label("Votre commentaire").fill("Je voterai pour.")
    page.locator(".comment-composer").get_by_role("button", name="Publier").click()
    expect(page.locator("#announcer")).to_have_text("Commentaire publié.")
    assert Comment.objects.filter(project=project, author=resident).count() == 1
    shoot(page, f"conversations-{size}-05-project")
    check_a11y(page, f"the project's discussion ({size})")

    # 6. The official of the area finds the reported comment beside the proposals' queue and
    # hides it with a public reason.
    page.context.clear_cookies()
    sign_in(page, app_url, OFFICIAL)
    page.goto(f"{app_url}/gestion/moderation")
    queue = page.locator("section.comment-moderation")
    expect(queue.get_by_role("heading", level=2)).to_have_text("Commentaires signalés")
    item = queue.locator(f"[data-comment='{rude.pk}']")
    expect(item).to_contain_text("1 signalement(s) en attente : spam (1)")
    item.get_by_label("Motif public de la décision").fill("Publicité interdite par la charte.")
    item.locator("#comment-decision-" + str(rude.pk)).scroll_into_view_if_needed()
    shoot(page, f"conversations-{size}-06-moderation")
    check_a11y(page, f"the reported comments' queue ({size})")
    item.get_by_role("button", name="Masquer").click()
    expect(page.locator("#announcer")).to_have_text("Le commentaire a été masqué.")
    expect(queue.locator(f"[data-comment='{rude.pk}']")).to_have_count(1)  # hidden: still listed
    rude.refresh_from_db()
    assert rude.is_hidden and rude.hidden_by == official
    assert rude.hidden_reason == "Publicité interdite par la charte."
    assert Report.objects.get().outcome == "hidden"
    assert page.errors == []  # type: ignore[attr-defined]
