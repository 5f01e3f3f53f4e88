"""Who sees a hidden proposal: not the public nor other residents (list and detail), but its
author (with the public reason) and officials (list, detail and the moderation queue)."""

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing.api import client_for
from moderation.services import proposal_hide, proposal_report
from proposals.selectors import proposal_list
from proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/proposals/"
QUEUE = "/api/v1/moderation/queue/"


def ids(response):
    assert response.status_code == 200, response.content
    return {f["id"] for f in response.json()["features"]}


@pytest.fixture
def hidden(open_campaign, official):
    proposal = ProposalFactory(campaign=open_campaign)
    proposal_hide(proposal=proposal, actor=official, reason="Propos injurieux.", now=timezone.now())
    return proposal


@pytest.fixture
def visible(open_campaign):
    return ProposalFactory(campaign=open_campaign)


def test_the_public_does_not_see_it(api, hidden, visible):
    assert ids(api.get(URL)) == {visible.pk}
    response = api.get(f"{URL}{hidden.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_other_residents_do_not_see_it(resident_api, hidden, visible):
    assert ids(resident_api.get(URL)) == {visible.pk}
    assert resident_api.get(f"{URL}{hidden.pk}/").status_code == 404


def test_its_author_sees_it_with_the_public_reason(hidden, visible):
    client = client_for(hidden.author)
    assert ids(client.get(URL)) == {hidden.pk, visible.pk}
    body = client.get(f"{URL}{hidden.pk}/").json()
    assert body["is_hidden"] is True and body["hidden_reason"] == "Propos injurieux."
    assert "private_notes" not in body and "report_count" not in body


def test_officials_see_it_in_the_list_the_detail_and_the_queue(official, hidden, visible):
    client = client_for(official)
    assert ids(client.get(URL)) == {hidden.pk, visible.pk}
    assert client.get(f"{URL}{hidden.pk}/").json()["is_hidden"] is True
    assert [item["id"] for item in client.get(QUEUE).json()["results"]] == [hidden.pk]


def test_officials_of_other_areas_see_it_neither_in_the_list_nor_in_their_queue(hidden):
    """A town hall sees and handles its own area only: a hidden proposal of the 5th is, for
    the 19th's officials, as for the public."""
    other = UserFactory(role="official", areas=["paris-19"])
    client = client_for(other)
    assert hidden.pk not in ids(client.get(URL))
    assert client.get(f"{URL}{hidden.pk}/").status_code == 404
    assert client.get(QUEUE).json()["count"] == 0


def test_restored_it_is_public_again(official, hidden):
    client_for(official).post(f"{URL}{hidden.pk}/restore/", {"reason": "Reformulée."})
    assert ids(client_for().get(URL)) == {hidden.pk}


def test_reported_by_me_is_annotated_for_the_signed_in_user(resident, open_campaign):
    mine, other = ProposalFactory.create_batch(2, campaign=open_campaign)
    proposal_report(proposal=mine, reporter=resident, reason="spam", text="", now=timezone.now())
    flags = {p.pk: p.reported_by_me for p in proposal_list(user=resident)}
    assert flags == {mine.pk: True, other.pk: False}
    someone = UserFactory()
    assert not any(p.reported_by_me for p in proposal_list(user=someone))


def test_can_report_in_the_list(resident_api, resident, open_campaign):
    reported, fresh = ProposalFactory.create_batch(2, campaign=open_campaign)
    proposal_report(
        proposal=reported, reporter=resident, reason="spam", text="", now=timezone.now()
    )
    features = {f["id"]: f for f in resident_api.get(URL).json()["features"]}
    assert features[reported.pk]["properties"]["can"]["report"] is False
    assert features[fresh.pk]["properties"]["can"]["report"] is True


# count, page, campaign phases; officials also read the areas they handle, once per request
@pytest.mark.parametrize(("who", "budget"), [("anonymous", 3), ("resident", 3), ("official", 4)])
def test_list_query_count_stays_flat(
    who, budget, request, open_campaign, django_assert_max_num_queries
):
    reporter = UserFactory()
    for proposal in ProposalFactory.create_batch(20, campaign=open_campaign):
        proposal_report(
            proposal=proposal, reporter=reporter, reason="spam", text="", now=timezone.now()
        )
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    with django_assert_max_num_queries(budget):
        body = client.get(URL, {"page_size": 50}).json()
    assert len(body["features"]) == 20
