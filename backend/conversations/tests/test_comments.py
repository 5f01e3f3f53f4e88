"""Comments over HTTP: phases, a confirmed address, one level of replies, the edit window,
deleting one's own, sanitising, throttling, official answers and the ``can`` maps."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.tests.factories import campaign_in_phase
from conversations.models import Comment
from conversations.services import comment_create
from core.events import comment_posted
from core.testing.api import assert_error, client_for
from proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def thread_url(proposal):
    return f"/api/v1/proposals/{proposal.pk}/comments/"


def post(client, proposal, text="Bonne idée, il manque des arbres ici.", **extra):
    return client.post(thread_url(proposal), {"text": text, **extra}, format="json")


class TestPosting:
    def test_comment_and_read_it_back(self, resident, resident_api, api, proposal):
        response = post(resident_api, proposal)
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["text"] == "Bonne idée, il manque des arbres ici."
        assert body["official"] is False and body["parent"] is None
        assert body["author"] == {"id": resident.pk, "display_name": resident.display_name}
        assert body["can"]["edit"] is body["can"]["delete"] is body["can"]["reply"] is True
        assert body["can"]["report"] is False  # never one's own
        thread = api.get(thread_url(proposal)).json()
        assert thread["count"] == 1 and thread["can"] == {"comment": False}  # signed out
        assert [c["id"] for c in thread["comments"]] == [body["id"]]
        assert "email" not in str(thread)

    def test_a_comment_outlives_its_author_s_account_without_their_name(
        self, resident, resident_api, api, proposal
    ):
        from privacy.services import user_delete

        comment = post(resident_api, proposal).json()
        user_delete(user=resident, password="correct-horse-battery")
        thread = api.get(thread_url(proposal)).json()
        kept = thread["comments"][0]
        assert kept["id"] == comment["id"] and kept["text"] == comment["text"]
        assert kept["author"] is None  # the front end says "a former participant"
        assert resident.display_name not in str(thread)

    def test_text_is_sanitised(self, resident_api, proposal):
        raw = "<script>alert(1)</script>Un <b>vrai</b>\u200b avis &lt;img src=x onerror=y&gt;"
        response = post(resident_api, proposal, text=raw)
        assert response.status_code == 201, response.content
        text = response.json()["text"]
        assert "<" not in text and "\u200b" not in text and "script" not in text
        assert text.startswith("Un vrai avis")
        assert Comment.objects.get().text == text

    @pytest.mark.parametrize(
        ("text", "reason"),
        [("", "blank"), ("<b></b>", "blank"), ("a", "short"), ("x" * 2001, "long")],
    )
    def test_bad_text_is_a_400_naming_text(self, resident_api, proposal, text, reason):
        assert_error(post(resident_api, proposal, text=text), 400, "invalid", "text")
        assert not Comment.objects.exists()

    def test_signed_out_is_refused(self, api, proposal):
        assert post(api, proposal).status_code in (401, 403)

    def test_unconfirmed_address_is_refused(self, unverified_api, proposal):
        assert_error(post(unverified_api, proposal), 403, "email_not_verified")
        assert not Comment.objects.exists()

    def test_hidden_proposal_is_404_for_residents(self, resident_api, proposal):
        proposal.is_hidden = True
        proposal.save()
        assert post(resident_api, proposal).status_code == 404

    def test_withdrawn_proposal_takes_no_comment(self, proposal):
        proposal.status = "withdrawn"
        proposal.save()
        assert_error(post(client_for(proposal.author), proposal), 409, "target_closed")

    def test_published_after_commit_with_the_signal(self, resident, proposal, now):
        received = []

        def listener(**kwargs):
            received.append(kwargs)

        comment_posted.connect(listener)
        try:
            with mock.patch("django.db.transaction.on_commit", side_effect=lambda f, **k: f()):
                comment = comment_create(author=resident, text="Bravo !", now=now, target=proposal)
        finally:
            comment_posted.disconnect(listener)
        (sent,) = received
        assert sent["comment"] == comment and sent["target"] == proposal
        assert sent["author"] == resident and sent["official"] is False

    def test_not_sent_when_rolled_back(
        self, resident, proposal, now, django_capture_on_commit_callbacks
    ):
        received = []
        comment_posted.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
        try:
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                comment_create(author=resident, text="Bravo !", now=now, target=proposal)
            assert len(callbacks) == 1 and received == []  # queued, not sent before the commit
        finally:
            comment_posted.disconnect(dispatch_uid="t")

    def test_the_database_refuses_a_comment_on_two_targets(self, proposal, make_project, resident):
        project = make_project(proposal.campaign)
        with pytest.raises(IntegrityError):
            Comment.objects.create(
                campaign=proposal.campaign,
                proposal=proposal,
                project=project,
                author=resident,
                text="x",
                created_at=timezone.now(),
            )


class TestPhases:
    """The phase table decides (campaigns.schedule): submission, review and voting."""

    @pytest.mark.parametrize(
        ("phase", "allowed"),
        [
            ("draft", False),
            ("submission", True),
            ("review", True),
            ("voting", True),
            ("results", False),
            ("implementation", False),
            ("closed", False),
        ],
    )
    def test_each_phase(self, resident_api, api, phase, allowed):
        proposal = ProposalFactory(campaign=campaign_in_phase(phase))
        thread = resident_api.get(thread_url(proposal)).json()
        assert thread["can"]["comment"] is allowed
        response = post(resident_api, proposal)
        if allowed:
            assert response.status_code == 201, response.content
        else:
            assert_error(response, 409, "phase_closed")
        # Whatever the phase, what was said stays readable.
        assert api.get(thread_url(proposal)).status_code == 200


class TestReplies:
    def test_one_level(self, resident_api, proposal):
        parent = post(resident_api, proposal).json()
        other = client_for(UserFactory())
        reply = post(other, proposal, text="Tout à fait d'accord.", parent=parent["id"])
        assert reply.status_code == 201, reply.content
        assert reply.json()["parent"] == parent["id"]
        assert reply.json()["can"]["reply"] is False
        thread = resident_api.get(thread_url(proposal)).json()
        assert thread["count"] == 2
        (top,) = thread["comments"]
        assert [r["id"] for r in top["replies"]] == [reply.json()["id"]]

    def test_a_reply_to_a_reply_is_refused(self, resident_api, proposal):
        parent = post(resident_api, proposal).json()
        reply = post(resident_api, proposal, text="Une réponse", parent=parent["id"]).json()
        response = post(resident_api, proposal, text="Encore une", parent=reply["id"])
        assert_error(response, 400, "reply_too_deep", "parent")
        assert Comment.objects.count() == 2

    def test_parent_of_another_thread_is_a_400(self, resident_api, proposal):
        elsewhere = ProposalFactory(campaign=proposal.campaign)
        parent = post(resident_api, elsewhere).json()
        response = post(resident_api, proposal, text="Ailleurs", parent=parent["id"])
        assert_error(response, 400, "invalid", "parent")

    def test_reply_to_a_deleted_comment_is_refused(self, resident_api, proposal):
        parent = post(resident_api, proposal).json()
        resident_api.delete(f"/api/v1/comments/{parent['id']}/")
        response = post(client_for(UserFactory()), proposal, text="Hé", parent=parent["id"])
        assert_error(response, 409, "comment_gone", "parent")


class TestEditAndDelete:
    def test_edit_within_the_window(self, resident_api, proposal):
        comment = post(resident_api, proposal).json()
        response = resident_api.patch(
            f"/api/v1/comments/{comment['id']}/", {"text": "Corrigé <i>ici</i>"}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["text"] == "Corrigé ici" and response.json()["edited_at"]

    def test_edit_after_15_minutes_is_409(self, resident_api, proposal):
        comment = post(resident_api, proposal).json()
        Comment.objects.filter(pk=comment["id"]).update(
            created_at=timezone.now() - timedelta(minutes=15, seconds=5)
        )
        url = f"/api/v1/comments/{comment['id']}/"
        assert resident_api.get(thread_url(proposal)).json()["comments"][0]["can"]["edit"] is False
        assert_error(resident_api.patch(url, {"text": "Trop tard"}), 409, "edit_window_closed")
        assert Comment.objects.get().text.startswith("Bonne idée")

    def test_only_the_author_edits_or_deletes(self, resident_api, proposal):
        comment = post(resident_api, proposal).json()
        url = f"/api/v1/comments/{comment['id']}/"
        someone = client_for(UserFactory())
        assert_error(someone.patch(url, {"text": "Piraté"}, format="json"), 403, "not_the_author")
        assert_error(someone.delete(url), 403, "not_the_author")
        admin = client_for(UserFactory(role="administrator"))
        assert_error(admin.delete(url), 403, "not_the_author")
        assert Comment.objects.get().deleted_at is None

    def test_delete_own_keeps_the_replies(self, resident_api, proposal):
        comment = post(resident_api, proposal).json()
        post(client_for(UserFactory()), proposal, text="Une réponse", parent=comment["id"])
        response = resident_api.delete(f"/api/v1/comments/{comment['id']}/")
        assert response.status_code == 200
        assert response.json()["deleted"] is True and response.json()["text"] == ""
        assert response.json()["author"] is None
        (top,) = resident_api.get(thread_url(proposal)).json()["comments"]
        assert top["deleted"] is True and len(top["replies"]) == 1
        assert_error(resident_api.delete(f"/api/v1/comments/{comment['id']}/"), 409, "comment_gone")

    def test_a_deleted_comment_nobody_answered_leaves_the_thread(self, resident_api, proposal):
        comment = post(resident_api, proposal).json()
        resident_api.delete(f"/api/v1/comments/{comment['id']}/")
        assert resident_api.get(thread_url(proposal)).json()["comments"] == []


class TestOfficialAnswers:
    def test_an_official_of_the_area_answers_officially(self, official_api, proposal):
        body = post(official_api, proposal, text="La mairie étudie ce lieu.").json()
        assert body["official"] is True

    def test_an_administrator_too(self, admin_api, proposal):
        assert post(admin_api, proposal).json()["official"] is True

    def test_an_official_elsewhere_speaks_as_a_resident(self, other_official_api, proposal):
        assert post(other_official_api, proposal).json()["official"] is False


class TestProjects:
    def test_comment_on_a_ballot_project(self, resident_api, official_api, make_project):
        project = make_project(campaign_in_phase("voting"))
        url = f"/api/v1/projects/{project.pk}/comments/"
        response = resident_api.post(url, {"text": "Je voterai pour."}, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["project"] == project.pk and response.json()["proposal"] is None
        answer = official_api.post(
            url, {"text": "Merci !", "parent": response.json()["id"]}, format="json"
        )
        assert answer.status_code == 201 and answer.json()["official"] is True
        assert resident_api.get(url).json()["count"] == 2

    def test_unknown_project_is_404(self, resident_api):
        assert resident_api.get("/api/v1/projects/999999/comments/").status_code == 404


class TestThrottle:
    def test_comments_per_person_and_reading_stays_free(self, resident_api, proposal):
        limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["comment"].split("/")[0])
        assert limit == 30  # the README's figure
        for _ in range(limit - 1):
            assert post(resident_api, proposal, text="").status_code == 400  # counted anyway
        assert post(resident_api, proposal).status_code == 201
        response = post(resident_api, proposal)
        assert_error(response, 429, "throttled")
        assert "Retry-After" in response.headers
        assert Comment.objects.count() == 1
        assert resident_api.get(thread_url(proposal)).status_code == 200
        # Someone else is counted apart.
        assert post(client_for(UserFactory()), proposal).status_code == 201


class TestQueryBudget:
    def test_a_thread_costs_the_same_whatever_its_length(
        self, resident_api, proposal, django_assert_max_num_queries
    ):
        def grow(n):
            for _ in range(n):
                parent = comment_create(
                    author=UserFactory(), text="Un avis", now=timezone.now(), target=proposal
                )
                comment_create(
                    author=UserFactory(), text="Une réponse", now=timezone.now(), parent=parent
                )

        grow(2)
        # The proposal, its campaign's phases, the comments, their replies.
        with django_assert_max_num_queries(4):
            small = resident_api.get(thread_url(proposal))
        grow(10)
        with django_assert_max_num_queries(4):
            large = resident_api.get(thread_url(proposal))
        assert small.json()["count"] == 4 and large.json()["count"] == 24
