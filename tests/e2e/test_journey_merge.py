"""Journey: an official merges two accepted proposals into a ballot project with the merge tool,
then an administrator moves the campaign to its next phase with a reason.

The state before the journey (review phase, two similar proposals accepted with a cost) is made
through the back end's services; everything after goes through the pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

JARDIN = "Un jardin partagé rue Mouffetard"
DOUBLON = "Jardin partagé au coin de la rue Mouffetard"
PROJECT_TITLE = "Un jardin partagé pour la rue Mouffetard"


def _prepare(demo, admin, official) -> tuple[int, int]:
    """Review phase, the Mouffetard proposal and a near duplicate accepted with a cost."""
    from django.contrib.gis.geos import Point
    from django.utils import timezone

    from campaigns.models import Campaign
    from campaigns.services import campaign_phase_advance
    from geo.selectors import area_for, point_locate
    from proposals.models import Proposal
    from review.services import proposal_accept, proposal_start_review

    campaign = Campaign.objects.get(slug=demo.campaign)
    first = Proposal.objects.get(campaign=campaign, title=JARDIN)
    point = Point(2.3499, 48.8439, srid=4326)  # about 25 m from the first
    placement = point_locate(point=point)
    second = Proposal.objects.create(
        campaign=campaign,
        author=None,
        title=DOUBLON,
        description="Un jardin partagé rue Mouffetard, avec des bacs pour les écoles du quartier.",
        theme=first.theme,
        location=point,
        address="20 rue Mouffetard",
        location_status=Proposal.LocationStatus.PLACED,
        district=placement.arrondissement,
        quartier=placement.quartier,
        area=area_for(
            arrondissement=placement.arrondissement, city_wide=False, areas=campaign.areas.all()
        ),
        status=Proposal.Status.SUBMITTED,
    )
    now = timezone.now()
    campaign = campaign_phase_advance(
        campaign=campaign, actor=admin, reason="Fin du dépôt des propositions", now=now
    )
    assert campaign.phase_at(timezone.now()) == "review"
    for proposal, cost in ((first, 40_000), (second, 25_000)):
        proposal = proposal_start_review(proposal=proposal, actor=official, now=timezone.now())
        proposal_accept(proposal=proposal, actor=official, now=timezone.now(), cost=cost)
    return first.pk, second.pk


def test_official_merges_two_proposals_and_admin_changes_the_phase(
    app_url, demo, page, shoot, check_a11y, resident_factory
):
    from audit.models import AuditRecord
    from campaigns.models import Campaign
    from projects.models import Project
    from proposals.models import Proposal

    admin = resident_factory("admin@example.org", role="administrator")
    official = resident_factory("agent5@example.org", role="official", areas=("paris-05",))
    first_id, second_id = _prepare(demo, admin, official)

    # Tall enough for each screen to be seen whole in the screenshots (the page scrolls inside).
    page.set_viewport_size({"width": 1280, "height": 1800})

    # 1. The official opens the officials' screens and the merge tool.
    sign_in(page, app_url, "agent5@example.org")
    page.goto(f"{app_url}/gestion")
    page.get_by_role("link", name="Fusion des doublons").click()
    expect(page.get_by_role("heading", level=1, name="Fusion des doublons")).to_be_visible()
    table = page.get_by_role("table", name=re.compile("^Propositions recevables"))
    expect(table.get_by_role("link", name=JARDIN)).to_be_visible()
    expect(table.get_by_role("link", name=DOUBLON)).to_be_visible()
    shoot(page, "merge-01-accepted")
    check_a11y(page, "the merge tool's list of accepted proposals")

    # 2. The proposal, its duplicate on the map and in the list.
    table.get_by_role("link", name=JARDIN).click()
    expect(page).to_have_url(re.compile(rf"/gestion/fusion/{first_id}$"))
    expect(page.get_by_role("heading", level=2, name=JARDIN)).to_be_visible()
    duplicate = page.get_by_role("checkbox", name=re.compile(re.escape(DOUBLON)))
    expect(duplicate).to_be_enabled()
    expect(page.locator(".kit-map .kit-marker-main")).to_have_count(1)
    expect(page.locator(".kit-map .kit-marker:not(.kit-marker-main)")).not_to_have_count(0)
    expect(page.locator(".kit-map path.leaflet-interactive, .kit-map path")).not_to_have_count(0)
    shoot(page, "merge-02-duplicates")
    check_a11y(page, "the merge tool with the duplicates")
    page.set_viewport_size({"width": 375, "height": 2400})
    expect(duplicate).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    shoot(page, "merge-02b-duplicates-375")
    page.set_viewport_size({"width": 1280, "height": 1800})

    # 3. Select the duplicate, make a project of the two, confirm.
    duplicate.check()
    expect(page.get_by_text("1 doublon(s) sélectionné(s)")).to_be_visible()
    page.get_by_label("Titre du projet").fill(PROJECT_TITLE)
    page.get_by_role("button", name="Créer le projet").click()
    confirm = page.get_by_role("group", name="Confirmation")
    expect(confirm).to_contain_text("2 proposition(s)")
    shoot(page, "merge-03-confirm")
    check_a11y(page, "the merge confirmation")
    confirm.get_by_role("button", name="Confirmer").click()
    outcome = page.locator(".kit-status")
    expect(outcome).to_contain_text(re.compile(r"Projet n° \d+ « " + re.escape(PROJECT_TITLE)))
    expect(outcome).to_contain_text("2 proposition(s)")
    shoot(page, "merge-04-project-created")
    check_a11y(page, "the merge outcome")

    project = Project.objects.get(title=PROJECT_TITLE)
    assert project.cost == 65_000  # the two estimated costs, added up by the API
    merged = Proposal.objects.filter(pk__in=[first_id, second_id])
    assert {p.status for p in merged} == {"merged"}
    assert set(project.source_proposals.values_list("pk", flat=True)) == {first_id, second_id}

    # The project is on the ballot projects screen of its area.
    page.goto(f"{app_url}/gestion/projets?campagne={demo.campaign}&zone=paris-05")
    projects = page.get_by_role("table", name=re.compile("^Projets de"))
    expect(
        projects.get_by_role("rowheader", name=re.compile(re.escape(PROJECT_TITLE)))
    ).to_be_visible()
    shoot(page, "merge-05-ballot-projects")
    check_a11y(page, "the ballot projects")

    # On a 375 px phone the table scrolls inside its own region, not the page.
    page.set_viewport_size({"width": 375, "height": 1400})
    expect(projects).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    shoot(page, "merge-05b-ballot-projects-375")
    check_a11y(page, "the ballot projects at 375 px")
    page.set_viewport_size({"width": 1280, "height": 1800})

    # 4. The administrator moves the campaign to the next phase, with a reason.
    page.locator("#sign-out").click()
    page.get_by_role("link", name="Se connecter").first.wait_for()
    sign_in(page, app_url, "admin@example.org")
    page.goto(f"{app_url}/gestion/campagnes?campagne={demo.campaign}")
    expect(page.get_by_text("Phase en cours : étude des projets")).to_be_visible()
    shoot(page, "merge-06-campaign")
    check_a11y(page, "the campaign screen")
    advance = page.locator("section[aria-labelledby=campaign-advance]")
    advance.get_by_label(re.compile("^Motif")).fill("Étude terminée, ouverture du vote")
    advance.get_by_role("button", name=re.compile("^Passer à la phase")).click()
    confirm = page.get_by_role("group", name="Confirmation")
    expect(confirm).to_contain_text("étude des projets")
    confirm.get_by_role("button", name="Confirmer").click()
    expect(page.locator(".kit-status")).to_contain_text(
        "La campagne est passée à la phase « vote ouvert »"
    )
    expect(page.get_by_text("Phase en cours : vote ouvert")).to_be_visible()
    shoot(page, "merge-07-phase-changed")
    check_a11y(page, "the campaign after the phase change")

    from django.utils import timezone

    campaign = Campaign.objects.get(slug=demo.campaign)
    assert campaign.phase_at(timezone.now()) == "voting"
    record = AuditRecord.objects.filter(action="campaign.phase_advance").latest("id")
    assert record.reason == "Étude terminée, ouverture du vote"
    assert record.actor_id == admin.pk
    assert page.errors == []  # type: ignore[attr-defined]
