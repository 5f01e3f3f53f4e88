"""The notifications API: my list (unread first or newest), the bell's count, marking read,
my preferences, following and unfollowing proposals and projects, my follows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.testing.api import assert_error, client_for
from notifications.models import Follow, Notification
from notifications.services import About, follow_add, notify
from proposals.tests.factories import ProposalFactory
from voting.tests.conftest import make_world

LIST = "/api/v1/notifications/"
COUNT = "/api/v1/notifications/unread-count/"
READ_ALL = "/api/v1/notifications/read-all/"
PREFERENCES = "/api/v1/notifications/preferences/"
FOLLOWS = "/api/v1/follows/"


def tell(user, title, *, ago=0, read=False):
    (n,) = notify(user_ids=[user.pk], event="accepted", about=About(title=title))
    Notification.objects.filter(pk=n.pk).update(
        created_at=timezone.now() - timedelta(minutes=ago),
        read_at=timezone.now() if read else None,
    )
    return n


@pytest.mark.django_db
class TestMyNotifications:
    def test_unread_first_or_newest_first(self, resident, resident_api):
        tell(resident, "old unread", ago=30)
        tell(resident, "new read", ago=1, read=True)
        tell(resident, "mid unread", ago=10)
        tell(UserFactory(), "someone else's")
        titles = [n["title"] for n in resident_api.get(LIST).json()["results"]]
        assert titles == ["mid unread", "old unread", "new read"]
        newest = resident_api.get(LIST, {"order": "newest"}).json()["results"]
        assert [n["title"] for n in newest] == ["new read", "mid unread", "old unread"]
        assert [n["read"] for n in newest] == [True, False, False]
        assert_error(resident_api.get(LIST, {"order": "oldest"}), 400, "invalid", "order")

    def test_paginated(self, resident, resident_api):
        for i in range(3):
            tell(resident, f"n{i}")
        body = resident_api.get(LIST, {"page_size": 2}).json()
        assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]

    def test_the_bells_count_is_one_query(
        self, resident, resident_api, django_assert_max_num_queries
    ):
        for i in range(3):
            tell(resident, f"n{i}", read=i == 0)
        with django_assert_max_num_queries(3):  # the session's user, the count
            assert resident_api.get(COUNT).json() == {"unread": 2}

    def test_the_list_does_not_grow_with_the_page(
        self, resident, resident_api, django_assert_max_num_queries
    ):
        for i in range(30):
            tell(resident, f"n{i}", read=i % 2 == 0)
        with django_assert_max_num_queries(3):  # the session's user, the count, the page
            assert len(resident_api.get(LIST, {"page_size": 50}).json()["results"]) == 30

    def test_mark_one_then_all_read(self, resident, resident_api):
        first, second = tell(resident, "a"), tell(resident, "b")
        response = resident_api.post(f"{LIST}{first.pk}/read/")
        assert response.status_code == 200 and response.json()["read"] is True
        assert resident_api.get(COUNT).json() == {"unread": 1}
        assert resident_api.post(READ_ALL).json() == {"marked": 1}
        assert resident_api.get(COUNT).json() == {"unread": 0}
        assert Notification.objects.get(pk=second.pk).read_at is not None

    def test_someone_elses_is_not_found(self, resident_api):
        other = tell(UserFactory(), "not yours")
        assert_error(resident_api.post(f"{LIST}{other.pk}/read/"), 404, "not_found")
        assert Notification.objects.get(pk=other.pk).read_at is None

    def test_anonymous_people_have_none(self, api):
        for response in (api.get(LIST), api.get(COUNT), api.post(READ_ALL)):
            assert response.status_code in (401, 403)


@pytest.mark.django_db
class TestPreferences:
    def test_immediate_by_default_then_chosen(self, resident_api):
        assert resident_api.get(PREFERENCES).json() == {"digest": "immediate"}
        assert resident_api.put(PREFERENCES, {"digest": "daily"}, format="json").json() == {
            "digest": "daily"
        }
        assert resident_api.get(PREFERENCES).json() == {"digest": "daily"}

    def test_an_unknown_choice_names_the_field(self, resident_api):
        assert_error(
            resident_api.put(PREFERENCES, {"digest": "weekly"}, format="json"),
            400,
            "invalid",
            "digest",
        )


@pytest.mark.django_db
class TestFollowing:
    def test_follow_and_unfollow_a_proposal(self, resident, resident_api, review_campaign):
        proposal = ProposalFactory(campaign=review_campaign)
        url = f"/api/v1/proposals/{proposal.pk}/follow/"
        assert resident_api.get(url).json() == {"following": False, "followers": 1}  # its author
        assert resident_api.put(url).json() == {"following": True, "followers": 2}
        assert resident_api.put(url).json() == {"following": True, "followers": 2}  # once
        follows = resident_api.get(FOLLOWS).json()["results"]
        assert [(f["proposal"], f["title"]) for f in follows] == [(proposal.pk, proposal.title)]
        assert resident_api.delete(url).json() == {"following": False, "followers": 1}
        assert not Follow.objects.filter(user=resident).exists()

    def test_anyone_may_see_the_count_but_only_people_signed_in_follow(self, api, review_campaign):
        proposal = ProposalFactory(campaign=review_campaign)
        url = f"/api/v1/proposals/{proposal.pk}/follow/"
        assert api.get(url).json() == {"following": False, "followers": 1}
        assert api.put(url).status_code in (401, 403)

    def test_a_hidden_proposal_cannot_be_followed_by_others(self, resident_api, review_campaign):
        proposal = ProposalFactory(campaign=review_campaign, is_hidden=True, hidden_reason="x")
        assert_error(resident_api.put(f"/api/v1/proposals/{proposal.pk}/follow/"), 404, "not_found")
        assert_error(resident_api.put("/api/v1/proposals/999999/follow/"), 404, "not_found")

    def test_follow_a_project(self, resident, resident_api):
        project = make_world("voting").projects["jardin"]
        url = f"/api/v1/projects/{project.pk}/follow/"
        assert resident_api.put(url).json() == {"following": True, "followers": 1}
        assert Follow.objects.get(user=resident).project_id == project.pk
        assert resident_api.get(FOLLOWS).json()["results"][0]["title"] == project.title
        assert_error(resident_api.put("/api/v1/projects/999999/follow/"), 404, "not_found")

    def test_the_follows_list_does_not_grow_with_the_page(
        self, resident, resident_api, review_campaign, django_assert_max_num_queries
    ):
        for _ in range(10):
            follow_add(user=resident, proposal=ProposalFactory(campaign=review_campaign))
        with django_assert_max_num_queries(3):  # the session's user, the count, the page
            assert resident_api.get(FOLLOWS).json()["count"] == 10

    def test_the_follows_list_is_mine_only(self, resident_api, review_campaign):
        follow_add(user=UserFactory(), proposal=ProposalFactory(campaign=review_campaign))
        assert resident_api.get(FOLLOWS).json()["count"] == 0
        assert client_for(None).get(FOLLOWS).status_code in (401, 403)
