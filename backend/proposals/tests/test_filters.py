"""``mine``: the signed-in person's own proposals, for their "my proposals" page."""

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from core.testing.api import assert_error
from proposals.models import Proposal
from proposals.tests.factories import ProposalFactory

URL = "/api/v1/proposals/"


def ids(client: APIClient, **params) -> set[int]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return {f["id"] for f in response.json()["features"]}


@pytest.mark.django_db
class TestMine:
    @pytest.fixture
    def world(self, open_campaign, resident):
        other = UserFactory()
        return {
            "placed": ProposalFactory(campaign=open_campaign, author=resident),
            "withdrawn": ProposalFactory(
                campaign=open_campaign, author=resident, status=Proposal.Status.WITHDRAWN
            ),
            "hidden": ProposalFactory(campaign=open_campaign, author=resident, is_hidden=True),
            "pending": ProposalFactory(
                campaign=open_campaign,
                author=resident,
                location=None,
                address="12 rue Mouffetard",
                location_status=Proposal.LocationStatus.PENDING,
            ),
            "theirs": ProposalFactory(campaign=open_campaign, author=other),
            "their_hidden": ProposalFactory(campaign=open_campaign, author=other, is_hidden=True),
        }

    def test_true_lists_every_own_proposal_in_any_state(self, resident_api, world):
        mine = {world[k].id for k in ("placed", "withdrawn", "hidden", "pending")}
        assert ids(resident_api, mine="true") == mine
        assert ids(resident_api, mine="1") == mine

    def test_false_lists_what_else_one_may_see(self, resident_api, world):
        assert ids(resident_api, mine="false") == {world["theirs"].id}

    def test_combines_with_other_filters(self, resident_api, world):
        assert ids(resident_api, mine="true", status="withdrawn") == {world["withdrawn"].id}

    def test_someone_else_sees_their_own(self, world):
        other = world["theirs"].author
        client = APIClient()
        client.force_authenticate(other)
        assert ids(client, mine="true") == {world["theirs"].id, world["their_hidden"].id}

    def test_signed_out_has_none(self, api, world):
        assert ids(api, mine="true") == set()
        assert ids(api, mine="false") == {world["placed"].id, world["theirs"].id}

    @pytest.mark.parametrize("value", ["yes", "me", "maybe", "2"])
    def test_anything_but_a_boolean_is_refused(self, resident_api, world, value):
        assert_error(resident_api.get(URL, {"mine": value}), 400, "invalid", "mine")
