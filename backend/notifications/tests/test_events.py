"""Each event reaches the followers of what it is about, and nobody else: answers and
decisions, hiding and restoring, merges, comments, the vote opening, results, delivery."""

from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.gis.geos import Point
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign
from campaigns.signals import phase_changed
from core.events import comment_posted, delivery_changed
from moderation.services import proposal_hide, proposal_restore
from notifications.models import Follow, Notification
from notifications.receivers import voting_opens
from notifications.services import follow_add, follow_remove, results_notify_followers
from notifications.tasks import vote_open_task
from projects.services import project_create_from_proposals
from proposals.tests.factories import ProposalFactory
from review.services import proposal_accept, proposal_reject
from voting.tests.conftest import declare, make_world

MOUFFETARD = (2.3499, 48.8418)  # 5e


def told(event, **about):
    return set(Notification.objects.filter(event=event, **about).values_list("user_id", flat=True))


@pytest.fixture
def people(db):
    return SimpleNamespace(follower=UserFactory(), stranger=UserFactory())


@pytest.fixture
def proposal(review_campaign, people):
    proposal = ProposalFactory(campaign=review_campaign)
    follow_add(user=people.follower, proposal=proposal)
    return proposal


@pytest.mark.django_db
class TestFollowing:
    def test_authors_follow_their_own_proposals(self, review_campaign):
        proposal = ProposalFactory(campaign=review_campaign)
        assert Follow.objects.filter(user=proposal.author, proposal=proposal).exists()

    def test_imported_proposals_without_author_have_no_follower(self, review_campaign):
        proposal = ProposalFactory(campaign=review_campaign, author=None)
        assert not Follow.objects.filter(proposal=proposal).exists()

    def test_the_data_migration_makes_earlier_authors_follow(self, review_campaign):
        proposal = ProposalFactory(campaign=review_campaign)
        Follow.objects.all().delete()  # as before following existed
        migration = __import__("notifications.migrations.0002_follows_preferences", fromlist=["_"])
        migration.authors_follow_their_proposals(django_apps, None)
        migration.authors_follow_their_proposals(django_apps, None)  # twice: still once
        assert list(Follow.objects.values_list("user_id", "proposal_id")) == [
            (proposal.author_id, proposal.pk)
        ]

    def test_following_twice_keeps_one_follow(self, proposal, people):
        follow_add(user=people.follower, proposal=proposal)
        assert Follow.objects.filter(user=people.follower, proposal=proposal).count() == 1


@pytest.mark.django_db
class TestDecisions:
    def test_acceptance_reaches_followers_with_the_answer(
        self, proposal, people, official, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks():
            proposal_accept(
                proposal=proposal,
                actor=official,
                now=timezone.now(),
                cost=12_000,
                answer="Faisable avec la voirie.",
            )
        assert told("accepted") == {proposal.author_id, people.follower.pk}
        assert set(Notification.objects.values_list("reason", flat=True)) == {
            "Faisable avec la voirie."
        }
        assert people.stranger.pk not in told("accepted")

    def test_the_official_who_decides_is_not_told(self, proposal, people, official):
        follow_add(user=official, proposal=proposal)
        proposal_reject(proposal=proposal, actor=official, now=timezone.now(), answer="Hors sujet.")
        assert told("rejected") == {proposal.author_id, people.follower.pk}

    def test_unfollowing_stops_them(self, proposal, people, official):
        assert follow_remove(user=people.follower, proposal=proposal) is True
        assert follow_remove(user=proposal.author, proposal=proposal) is True  # authors too
        proposal_reject(proposal=proposal, actor=official, now=timezone.now(), answer="Hors sujet.")
        assert not Notification.objects.exists()


@pytest.mark.django_db
class TestModeration:
    def test_hiding_and_restoring_reach_followers(self, proposal, people, official):
        proposal_hide(
            proposal=proposal, actor=official, reason="Propos injurieux.", now=timezone.now()
        )
        proposal_restore(proposal=proposal, actor=official, reason="Corrigée.", now=timezone.now())
        expected = {proposal.author_id, people.follower.pk}
        assert told("hidden", proposal=proposal) == expected
        assert told("restored", proposal=proposal) == expected
        assert Notification.objects.get(event="hidden", user=people.follower).reason == (
            "Propos injurieux."
        )


@pytest.mark.django_db
class TestMerges:
    def test_merged_proposals_followers_are_told_and_follow_the_project(
        self, review_campaign, people, official
    ):
        a = ProposalFactory(campaign=review_campaign, status="accepted", estimated_cost=1000)
        b = ProposalFactory(
            campaign=review_campaign,
            status="accepted",
            estimated_cost=2000,
            location=Point(*MOUFFETARD, srid=4326),
        )
        follow_add(user=people.follower, proposal=a)
        project = project_create_from_proposals(
            proposals=[a, b],
            actor=official,
            title="Un Panthéon plus vert",
            description="Les deux propositions ensemble.",
            now=timezone.now(),
        )
        assert told("merged", proposal=a) == {a.author_id, people.follower.pk}
        assert told("merged", proposal=b) == {b.author_id}
        assert set(Follow.objects.filter(project=project).values_list("user_id", flat=True)) == {
            a.author_id,
            b.author_id,
            people.follower.pk,
        }
        assert people.stranger.pk not in told("merged")


@pytest.mark.django_db
class TestComments:
    def test_a_comment_reaches_followers_but_not_its_author(self, proposal, people):
        commenter = UserFactory()
        follow_add(user=commenter, proposal=proposal)
        comment = SimpleNamespace(pk=41, body="Très bonne idée, la rue en a besoin.")
        comment_posted.send(
            sender=object, comment=comment, target=proposal, author=commenter, official=False
        )
        assert told("comment", proposal=proposal) == {proposal.author_id, people.follower.pk}
        assert Notification.objects.filter(event="comment").first().reason == comment.body
        # The same comment announced twice is told once.
        comment_posted.send(
            sender=object, comment=comment, target=proposal, author=commenter, official=False
        )
        assert Notification.objects.filter(event="comment").count() == 2

    def test_the_conversations_service_reaches_followers(
        self, open_campaign, people, django_capture_on_commit_callbacks
    ):
        from conversations.services import comment_create

        proposal = ProposalFactory(campaign=open_campaign)
        follow_add(user=people.follower, proposal=proposal)
        commenter = UserFactory()
        with django_capture_on_commit_callbacks(execute=True):
            comment = comment_create(
                author=commenter,
                text="J'habite la rue : oui !",
                now=timezone.now(),
                target=proposal,
            )
        assert told("comment", proposal=proposal) == {proposal.author_id, people.follower.pk}
        assert Notification.objects.filter(event="comment").first().reason == comment.text
        assert Notification.objects.filter(key=f"comment:{comment.pk}").count() == 2

    def test_a_comment_on_a_project(self, people):
        world = make_world("review")
        project = world.projects["jardin"]
        follow_add(user=people.follower, project=project)
        comment_posted.send(
            sender=object,
            comment=SimpleNamespace(pk=7, body="Réponse de la mairie."),
            target=project,
            author=UserFactory(role="official"),
            official=True,
        )
        assert told("comment", project=project) == {people.follower.pk}


@pytest.mark.django_db
class TestDelivery:
    def test_milestones_and_status_reach_project_followers(self, people):
        world = make_world("results")
        project = world.projects["jardin"]
        follow_add(user=people.follower, project=project)
        delivery_changed.send(
            sender=object, project=project, kind="milestone", text="Travaux commencés", actor=None
        )
        delivery_changed.send(
            sender=object, project=project, kind="status", text="En travaux", actor=None
        )
        assert told("milestone", project=project) == {people.follower.pk}
        assert told("delivery", project=project) == {people.follower.pk}
        assert Notification.objects.get(event="milestone").reason == "Travaux commencés"
        assert not Notification.objects.filter(user=people.stranger).exists()


@pytest.mark.django_db
class TestResults:
    def test_followers_hear_whether_their_project_won_once(self, people):
        world = make_world("results")
        won, lost = world.projects["jardin"], world.projects["piste"]
        follow_add(user=people.follower, project=won)
        other = UserFactory()
        follow_add(user=other, project=lost)
        rows = [
            {"project": won.pk, "title": won.title, "selected": True},
            {"project": lost.pk, "title": lost.title, "selected": False},
            {"project": world.projects["bancs"].pk, "title": "Projet bancs", "selected": True},
        ]
        results_notify_followers(campaign_id=world.campaign.pk, rows=rows)
        results_notify_followers(campaign_id=world.campaign.pk, rows=rows)  # counted again
        assert told("results", project=won) == {people.follower.pk}
        assert told("results", project=lost) == {other.pk}
        assert "lauréat" in Notification.objects.get(project=won).reason
        assert "non retenu" in Notification.objects.get(project=lost).reason
        assert Notification.objects.count() == 2


@pytest.mark.django_db
class TestVoteOpening:
    def test_only_the_change_into_voting_opens_it(self):
        assert voting_opens("review", "voting")
        assert voting_opens("submission", "voting")
        assert not voting_opens("voting", "results")
        assert not voting_opens("review", "results")  # passed over: nothing to vote in
        assert not voting_opens("voting", "voting")

    def test_the_phase_change_queues_the_notice(self, django_capture_on_commit_callbacks):
        world = make_world("voting")
        with django_capture_on_commit_callbacks() as callbacks:
            phase_changed.send(
                sender=Campaign,
                campaign=world.campaign,
                before="review",
                after="voting",
                now=timezone.now(),
            )
        assert len(callbacks) >= 1

    def test_declared_voters_and_followers_hear_of_their_own_area(self, people):
        world = make_world("voting")
        fifth, nineteenth = world.areas["paris-05"], world.areas["paris-19"]
        declared_5 = UserFactory()
        declare(declared_5, world.campaign, heart="paris-05")
        declared_19 = UserFactory()
        declare(declared_19, world.campaign, heart="paris-19")
        refused = UserFactory()
        declare(refused, world.campaign, heart="paris-05", status="refused", reason="Pas à Paris")
        follow_add(user=people.follower, project=world.projects["canal"])  # the 19th
        made = vote_open_task.apply(args=[world.campaign.pk]).get()
        assert told("vote_open", area=fifth) == {declared_5.pk}
        assert told("vote_open", area=nineteenth) == {declared_19.pk, people.follower.pk}
        assert told("vote_open", area=world.areas["paris"]) == {declared_5.pk, declared_19.pk}
        assert refused.pk not in told("vote_open") and people.stranger.pk not in told("vote_open")
        assert made == 5
        assert vote_open_task.apply(args=[world.campaign.pk]).get() == 0  # once only
