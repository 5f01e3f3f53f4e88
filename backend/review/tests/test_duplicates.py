"""Duplicate suggestions: near and similar proposals of the same campaign, best first."""

import pytest

from core.testing.api import assert_error, client_for
from proposals.tests.factories import PANTHEON
from review.selectors import proposal_duplicates

LON, LAT = PANTHEON
DEG_LAT_PER_M = 1 / 111_320  # metres → degrees of latitude


def north(metres):
    return (LON, LAT + metres * DEG_LAT_PER_M)


TITLE = "Végétaliser la place du Panthéon"
DESCRIPTION = (
    "Planter des arbres et installer des jardinières sur la place du Panthéon pour rafraîchir "
    "le quartier en été."
)


@pytest.fixture
def target(make_proposal):
    return make_proposal(title=TITLE, description=DESCRIPTION)


def similar(make_proposal, metres, **fields):
    fields.setdefault("title", "Vegetaliser la place du Pantheon")
    fields.setdefault(
        "description", "Des arbres et des jardinières place du Panthéon, pour l'ombre en été."
    )
    return make_proposal(at=north(metres), **fields)


@pytest.mark.django_db
class TestSelector:
    def test_near_and_similar_ranks_first(self, target, make_proposal):
        near = similar(make_proposal, 40)
        farther = similar(make_proposal, 250)
        loosely = make_proposal(
            at=north(30),
            title="Des arbres rue Soufflot",
            description="Planter quelques arbres le long de la rue Soufflot.",
        )
        unrelated = make_proposal(
            at=north(20),
            title="Casiers à vélos sécurisés",
            description="Des garages à vélos fermés pour les habitants, avec un abonnement.",
        )
        found = proposal_duplicates(proposal=target)
        ids = [d.id for d in found]
        assert ids[:2] == [near.pk, farther.pk]
        assert unrelated.pk not in ids  # near, but not similar
        if loosely.pk in ids:
            assert ids.index(loosely.pk) > 1
        first = found[0]
        assert 35 < first.distance_m < 45
        assert (
            0 < first.similarity <= 1 and first.status == "submitted" and first.area == "paris-05"
        )
        assert found == sorted(found, key=lambda d: -d.score)

    def test_far_ones_are_left_out_unless_the_radius_grows(self, target, make_proposal):
        far = similar(make_proposal, 600)
        assert proposal_duplicates(proposal=target) == []
        assert [d.id for d in proposal_duplicates(proposal=target, radius_m=1000)] == [far.pk]

    def test_withdrawn_merged_and_other_campaigns_are_left_out(
        self, target, make_proposal, open_campaign
    ):
        similar(make_proposal, 10, status="withdrawn")
        similar(make_proposal, 10, status="merged")
        similar(make_proposal, 10, campaign=open_campaign)
        kept = similar(make_proposal, 10, status="rejected")
        assert [d.id for d in proposal_duplicates(proposal=target)] == [kept.pk]

    def test_at_most_ten(self, target, make_proposal):
        for metres in range(12):
            similar(make_proposal, metres * 10)
        assert len(proposal_duplicates(proposal=target)) == 10

    def test_without_a_point_similar_texts_only(self, make_proposal, review_campaign):
        from proposals.tests.factories import ProposalFactory

        pending = ProposalFactory(
            campaign=review_campaign,
            title=TITLE,
            description=DESCRIPTION,
            location=None,
            address="place du Panthéon",
            location_status="pending",
        )
        twin = make_proposal(title=TITLE, description=DESCRIPTION)
        make_proposal(title="Casiers à vélos", description="Des garages à vélos fermés, partout.")
        found = proposal_duplicates(proposal=pending)
        assert [d.id for d in found] == [twin.pk] and found[0].distance_m is None


@pytest.mark.django_db
class TestEndpoint:
    def url(self, proposal):
        return f"/api/v1/proposals/{proposal.pk}/duplicates/"

    def test_officials_get_the_ranked_list(self, official_api, target, make_proposal):
        near = similar(make_proposal, 40)
        body = official_api.get(self.url(target)).json()
        assert [d["id"] for d in body] == [near.pk]
        assert set(body[0]) == {
            "id",
            "title",
            "status",
            "area",
            "distance_m",
            "similarity",
            "score",
        }

    def test_radius_is_bounded(self, official_api, target):
        for radius in ("0", "2001", "abc", "nan"):
            assert_error(
                official_api.get(self.url(target), {"radius": radius}), 400, "invalid", "radius"
            )
        assert official_api.get(self.url(target), {"radius": "2000"}).status_code == 200

    def test_refused_to_residents_and_other_areas(self, resident_api, other_official, target):
        assert_error(resident_api.get(self.url(target)), 403, "permission_denied")
        assert_error(client_for(other_official).get(self.url(target)), 403, "permission_denied")

    def test_query_count(self, official_api, target, make_proposal, django_assert_max_num_queries):
        for metres in range(5):
            similar(make_proposal, metres * 20)
        with django_assert_max_num_queries(4):
            assert len(official_api.get(self.url(target)).json()) == 5
