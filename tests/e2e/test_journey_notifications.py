"""A resident follows a proposal, an official decides on it, and the resident hears of it: the
header's bell shows one unread notification, the notifications page shows the decision with the
public answer, and marking it read empties the bell. At 1280 px and at 375 px (the bell stays in
the phone's one-row header), with screenshots and axe-core on each screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
RESIDENT = "lea@paris.example"
OFFICIAL = "agente@paris.example"
TITLE = "Un jardin partagé rue Mouffetard"
ANSWER = "Faisable : la voirie plantera six arbres au printemps."


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_follow_a_proposal_then_the_bell_tells_of_the_decision(
    page: Page, app_url, demo, resident_factory, shoot, check_a11y, size
):
    from django.utils import timezone

    from notifications.models import Notification
    from proposals.models import Proposal
    from review.services import proposal_accept

    proposal = Proposal.objects.get(campaign__slug=demo.campaign, title=TITLE)
    resident = resident_factory(RESIDENT)
    official = resident_factory(OFFICIAL, role="official", areas=(proposal.area.code,))
    page.set_viewport_size(SIZES[size])
    sign_in(page, app_url, RESIDENT)
    bell = page.locator("#notifications-bell")
    expect(bell).to_be_visible()
    expect(bell).to_have_attribute("aria-label", "Notifications")

    # 1. The proposal's page: follow it (a toggle button, aria-pressed).
    page.goto(f"{app_url}/propositions/{proposal.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    follow = page.get_by_role("button", name=re.compile("^Suivre — Suivre cette proposition"))
    expect(follow).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".follow-count").first).to_have_text("Personne ne suit encore")
    follow.click()
    following = page.get_by_role("button", name=re.compile("^Suivi — "))
    expect(following).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".follow-count").first).to_have_text("1 personne suit")
    expect(page.locator("#announcer")).to_have_text(
        "Vous suivez désormais « Un jardin partagé rue Mouffetard »."
    )
    following.focus()
    shoot(page, f"notifications-{size}-01-followed")
    check_a11y(page, f"the followed proposal ({size})")

    # 2. An official of its area accepts it with a public answer (the review service).
    proposal_accept(
        proposal=proposal, actor=official, now=timezone.now(), cost=18_000, answer=ANSWER
    )
    assert list(Notification.objects.values_list("user__email", flat=True)) == [RESIDENT]

    # 3. The bell says one unread notification (on the next page shown, or within a minute).
    page.goto(f"{app_url}/propositions/{proposal.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#proposal-status")).to_have_text("Recevable")
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 non lue")
    expect(bell.locator(".bell-count")).to_have_text("1")
    bell.focus()  # reachable with the keyboard
    shoot(page, f"notifications-{size}-02-bell")
    check_a11y(page, f"the bell with one unread notification ({size})")

    # 4. Open it: the decision, its answer, a link to the proposal; mark it read.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/notifications$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes notifications")
    item = page.locator(".notification")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Recevable")
    expect(item).to_contain_text(ANSWER)
    expect(item.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"/propositions/{proposal.pk}"
    )
    expect(page.locator(".notifications-count")).to_have_text("1 notification (1 non lue)")
    shoot(page, f"notifications-{size}-03-list")
    check_a11y(page, f"the notifications page ({size})")
    item.get_by_role("button", name=f"Marquer comme lue : {TITLE}").click()
    expect(page.locator(".notification-unread")).to_have_count(0)
    expect(bell).to_have_attribute("aria-label", "Notifications")
    expect(bell.locator(".bell-count")).to_be_hidden()
    expect(page.locator(".notifications-count")).to_have_text("1 notification (toutes lues)")
    shoot(page, f"notifications-{size}-04-read")
    check_a11y(page, f"the notifications page, all read ({size})")
    assert Notification.objects.get().read_at is not None
    assert resident.follows.filter(proposal=proposal).exists()
    assert page.errors == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_choose_mails_on_the_account_page_and_unsubscribe_without_signing_in(
    page: Page, app_url, demo, resident_factory, shoot, check_a11y, size
):
    from notifications.mail import unsubscribe_token
    from notifications.models import Preference

    resident = resident_factory(RESIDENT)
    page.set_viewport_size(SIZES[size])

    # 1. The mailed link, opened without signing in: says for whom, one button unsubscribes.
    page.goto(f"{app_url}/desabonnement?token={unsubscribe_token(resident)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se désabonner des courriels")
    expect(page.locator(".unsubscribe-status")).to_have_text(
        "Ne plus recevoir de courriels de notification à l'adresse l…@paris.example ?"
    )
    check_a11y(page, f"the unsubscribe page ({size})")
    page.get_by_role("button", name="Me désabonner").click()
    expect(page.locator(".unsubscribe-status")).to_contain_text("C'est fait")
    shoot(page, f"notifications-{size}-05-unsubscribed")
    assert Preference.objects.get(user=resident).digest == "never"

    # A forged link is refused in words.
    page.goto(f"{app_url}/desabonnement?token=forged")
    expect(page.get_by_role("alert")).to_contain_text("n'est pas valide")

    # 2. Signed in, the account page shows the choice and changes it.
    sign_in(page, app_url, RESIDENT)
    page.goto(f"{app_url}/compte")
    never = page.get_by_role("radio", name=re.compile("^Jamais"))
    expect(never).to_be_checked()
    page.get_by_role("radio", name=re.compile("^Un résumé par jour")).check()
    expect(page.locator(".preference-status")).to_have_text("Préférence enregistrée.")
    page.locator("#notification-preferences").scroll_into_view_if_needed()
    shoot(page, f"notifications-{size}-06-preferences")
    check_a11y(page, f"the account page's mail preference ({size})")
    assert Preference.objects.get(user=resident).digest == "daily"
    assert page.errors == []  # type: ignore[attr-defined]
