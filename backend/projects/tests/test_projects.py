"""Co-construction: projects from accepted proposals, merging, editing until voting opens."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditRecord
from campaigns.services import campaign_phase_advance
from campaigns.tests.factories import CampaignFactory
from core.testing.api import assert_error, client_for
from notifications.models import Notification
from projects.models import Project
from projects.services import project_update
from proposals.models import Proposal
from proposals.tests.factories import BUTTES_CHAUMONT, PANTHEON, TOUR_EIFFEL

PROJECTS = "/api/v1/projects/"
MOUFFETARD = (2.3499, 48.8418)  # 5e


def records(action, obj=None):
    qs = AuditRecord.objects.filter(action=action)
    if obj is not None:
        qs = qs.filter(object_id=str(obj.pk), object_type=obj._meta.model_name)
    return qs


def create_body(*proposals, **extra):
    body = {
        "proposals": [p.pk for p in proposals],
        "title": "Une place du Panthéon plus verte",
        "description": "Regroupe les propositions de végétalisation de la place et des rues voisines.",
    }
    body.update(extra)
    return body


@pytest.mark.django_db
class TestCreateFromProposals:
    def test_merge_several_into_a_project(
        self,
        official_api,
        official,
        make_proposal,
        eager_celery,
        django_capture_on_commit_callbacks,
    ):
        a = make_proposal(status="accepted", estimated_cost=30_000)
        b = make_proposal(status="accepted", estimated_cost=50_000, at=MOUFFETARD)
        with django_capture_on_commit_callbacks(execute=True):
            response = official_api.post(PROJECTS, create_body(a, b), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["cost"] == 80_000  # the sum of the estimated costs by default
        assert body["area"]["code"] == "paris-05"
        assert body["campaign"] == a.campaign.slug
        assert body["theme"]["slug"] == "environnement"
        assert body["locations"] == {
            "type": "MultiPoint",
            "coordinates": [list(PANTHEON), list(MOUFFETARD)],
        }
        assert [s["id"] for s in body["source_proposals"]] == [a.pk, b.pk]
        assert body["can"] == {"update": True, "add_proposals": True}
        project = Project.objects.get(pk=body["id"])
        assert project.created_by == official
        for proposal in (a, b):
            proposal.refresh_from_db()
            assert proposal.status == "merged" and proposal.project == project
            assert records("proposal.merge", proposal).get().after["status"] == "merged"
        # Every author is told, by email.
        assert sorted(m.to[0] for m in mail.outbox) == sorted([a.author.email, b.author.email])
        assert all("regroupée" in m.subject for m in mail.outbox)
        assert records("project.create", project).get().after["sources"] == [a.pk, b.pk]

    def test_explicit_cost_locations_and_theme(self, official_api, make_proposal):
        a, b = make_proposal(status="accepted"), make_proposal(status="accepted")
        body = create_body(
            a,
            b,
            cost=99_000,
            theme="sport",
            locations={"type": "MultiPoint", "coordinates": [list(MOUFFETARD)]},
        )
        data = official_api.post(PROJECTS, body, format="json").json()
        assert data["cost"] == 99_000 and data["theme"]["slug"] == "sport"
        assert data["locations"]["coordinates"] == [list(MOUFFETARD)]

    def test_locations_must_be_in_the_area(self, official_api, make_proposal):
        a, b = make_proposal(status="accepted"), make_proposal(status="accepted")
        body = create_body(
            a, b, locations={"type": "MultiPoint", "coordinates": [list(TOUR_EIFFEL)]}
        )
        assert_error(
            official_api.post(PROJECTS, body, format="json"), 400, "outside_area", "locations"
        )
        assert not Project.objects.exists()

    def test_title_and_description_are_required_for_several(self, official_api, make_proposal):
        a, b = make_proposal(status="accepted"), make_proposal(status="accepted")
        response = official_api.post(PROJECTS, {"proposals": [a.pk, b.pk]}, format="json")
        assert_error(response, 400, "required", "title")

    @pytest.mark.parametrize(
        "status", ["submitted", "in_review", "rejected", "merged", "withdrawn"]
    )
    def test_only_accepted_proposals(self, official_api, make_proposal, status):
        a, b = make_proposal(status="accepted"), make_proposal(status=status)
        response = official_api.post(PROJECTS, create_body(a, b), format="json")
        assert_error(response, 409, "invalid_transition")
        assert f"#{b.pk}" in response.json()["message"]
        assert Proposal.objects.get(pk=a.pk).status == "accepted"
        assert not Project.objects.exists()

    def test_not_twice(self, official_api, make_proposal):
        a, b, c = (make_proposal(status="accepted") for _ in range(3))
        assert official_api.post(PROJECTS, create_body(a), format="json").status_code == 201
        response = official_api.post(PROJECTS, create_body(a, b), format="json")
        assert_error(response, 409, "invalid_transition")
        assert "already part of project" in response.json()["message"]
        assert Proposal.objects.get(pk=c.pk).project is None

    def test_one_area_one_campaign(self, admin_api, make_proposal, review_campaign):
        a = make_proposal(status="accepted")
        elsewhere = make_proposal(status="accepted", at=BUTTES_CHAUMONT)
        assert_error(
            admin_api.post(PROJECTS, create_body(a, elsewhere), format="json"),
            400,
            "invalid",
            "proposals",
        )
        schedule = {s.phase: (s.start, s.end) for s in review_campaign.schedule()}
        other_campaign = make_proposal(
            status="accepted", campaign=CampaignFactory(schedule=schedule)
        )
        assert_error(
            admin_api.post(PROJECTS, create_body(a, other_campaign), format="json"),
            400,
            "invalid",
            "proposals",
        )

    def test_refusals(
        self, official_api, resident_api, other_official, make_proposal, open_campaign
    ):
        a, b = make_proposal(status="accepted"), make_proposal(status="accepted")
        assert_error(
            resident_api.post(PROJECTS, create_body(a, b), format="json"), 403, "permission_denied"
        )
        assert_error(
            client_for(other_official).post(PROJECTS, create_body(a, b), format="json"),
            403,
            "permission_denied",
        )
        # Merging is not open during submissions.
        c = make_proposal(status="accepted", campaign=open_campaign)
        d = make_proposal(status="accepted", campaign=open_campaign)
        assert_error(
            official_api.post(PROJECTS, create_body(c, d), format="json"), 409, "phase_closed"
        )
        assert_error(
            official_api.post(
                PROJECTS, create_body(a, b, proposals=[a.pk, 999999999]), format="json"
            ),
            400,
            "invalid",
            "proposals",
        )
        assert not Project.objects.exists()


@pytest.mark.django_db
class TestCreateFromOneProposal:
    def test_the_proposal_stays_accepted_and_linked(
        self, official_api, make_proposal, django_capture_on_commit_callbacks
    ):
        proposal = make_proposal(
            status="accepted", estimated_cost=12_000, title="Un jardin rue Monge"
        )
        with django_capture_on_commit_callbacks() as callbacks:
            response = official_api.post(PROJECTS, {"proposals": [proposal.pk]}, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["title"], body["cost"]) == ("Un jardin rue Monge", 12_000)
        assert body["description"] == proposal.description
        assert body["locations"]["coordinates"] == [list(PANTHEON)]
        proposal.refresh_from_db()
        assert proposal.status == "accepted" and proposal.project_id == body["id"]
        # Nothing merged, nobody told: no callback but the caches' (map tiles, frozen ballots).
        caches = {"proposals.signals", "voting.frozen"}
        told = [c for c in callbacks if getattr(c, "func", c).__module__ not in caches]
        assert not told and not Notification.objects.exists()
        assert records("proposal.project", proposal).exists()
        assert records("project.create").count() == 1

    def test_proposals_merged_into_it_follow(self, official, make_proposal):
        from projects.services import project_create_from_proposal, proposal_merge_into

        now = timezone.now()
        target, duplicate = make_proposal(status="accepted"), make_proposal(status="accepted")
        proposal_merge_into(proposal=duplicate, target=target, actor=official, now=now)
        project = project_create_from_proposal(proposal=target, actor=official, now=now)
        assert Proposal.objects.get(pk=duplicate.pk).project == project
        assert set(project.source_proposals.values_list("id", flat=True)) == {
            target.pk,
            duplicate.pk,
        }


@pytest.mark.django_db
class TestMergeInto:
    def url(self, proposal):
        return f"/api/v1/proposals/{proposal.pk}/merge/"

    def test_merge_a_duplicate(
        self, official_api, make_proposal, eager_celery, django_capture_on_commit_callbacks
    ):
        target, duplicate = make_proposal(status="accepted"), make_proposal(status="accepted")
        with django_capture_on_commit_callbacks(execute=True):
            response = official_api.post(self.url(duplicate), {"into": target.pk})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "merged" and response.json()["merged_into"] == target.pk
        assert [m.to for m in mail.outbox] == [[duplicate.author.email]]
        record = records("proposal.merge", duplicate).get()
        assert record.before["merged_into"] is None and record.after["merged_into"] == target.pk

    def test_refusals(self, official_api, resident_api, make_proposal, voting_campaign):
        target, duplicate = make_proposal(status="accepted"), make_proposal(status="accepted")
        assert_error(
            official_api.post(self.url(duplicate), {"into": duplicate.pk}),
            400,
            "merge_into_itself",
            "into",
        )
        assert_error(
            official_api.post(self.url(duplicate), {"into": 999999999}), 400, "invalid", "into"
        )
        assert_error(
            resident_api.post(self.url(duplicate), {"into": target.pk}), 403, "permission_denied"
        )
        submitted = make_proposal()
        assert_error(
            official_api.post(self.url(submitted), {"into": target.pk}), 409, "invalid_transition"
        )
        assert_error(
            official_api.post(self.url(duplicate), {"into": submitted.pk}),
            409,
            "invalid_transition",
        )
        elsewhere = make_proposal(status="accepted", at=BUTTES_CHAUMONT)
        assert_error(
            official_api.post(self.url(duplicate), {"into": elsewhere.pk}), 403, "permission_denied"
        )
        late, late_target = (
            make_proposal(status="accepted", campaign=voting_campaign) for _ in range(2)
        )
        assert_error(
            official_api.post(self.url(late), {"into": late_target.pk}), 409, "phase_closed"
        )
        assert Proposal.objects.get(pk=duplicate.pk).status == "accepted"

    def test_into_a_project_member_goes_through_the_project(self, official_api, make_proposal):
        target, duplicate = make_proposal(status="accepted"), make_proposal(status="accepted")
        official_api.post(PROJECTS, {"proposals": [target.pk]}, format="json")
        response = official_api.post(self.url(duplicate), {"into": target.pk})
        assert_error(response, 409, "invalid_transition")
        assert "project" in response.json()["message"]


@pytest.mark.django_db
class TestAddProposals:
    def test_add_to_an_existing_project(
        self, official_api, make_proposal, eager_celery, django_capture_on_commit_callbacks
    ):
        first = make_proposal(status="accepted")
        project_id = official_api.post(PROJECTS, {"proposals": [first.pk]}, format="json").json()[
            "id"
        ]
        more = make_proposal(status="accepted", at=MOUFFETARD)
        with django_capture_on_commit_callbacks(execute=True):
            response = official_api.post(
                f"{PROJECTS}{project_id}/proposals/", {"proposals": [more.pk]}
            )
        assert response.status_code == 200, response.content
        body = response.json()
        assert [s["id"] for s in body["source_proposals"]] == [first.pk, more.pk]
        assert body["locations"]["coordinates"] == [list(PANTHEON), list(MOUFFETARD)]
        assert Proposal.objects.get(pk=more.pk).status == "merged"
        assert len(mail.outbox) == 1
        assert records("project.add_proposals").count() == 1

    def test_refusals(self, official_api, make_proposal):
        first = make_proposal(status="accepted")
        project_id = official_api.post(PROJECTS, {"proposals": [first.pk]}, format="json").json()[
            "id"
        ]
        url = f"{PROJECTS}{project_id}/proposals/"
        assert_error(
            official_api.post(url, {"proposals": [make_proposal().pk]}), 409, "invalid_transition"
        )
        elsewhere = make_proposal(status="accepted", at=BUTTES_CHAUMONT)
        assert_error(
            official_api.post(url, {"proposals": [elsewhere.pk]}), 403, "permission_denied"
        )
        assert_error(
            official_api.post(f"{PROJECTS}999999999/proposals/", {"proposals": [first.pk]}),
            404,
            "not_found",
        )


@pytest.fixture
def project(official, make_proposal):
    from projects.services import project_create_from_proposals

    a, b = make_proposal(status="accepted"), make_proposal(status="accepted")
    return project_create_from_proposals(
        proposals=[a, b],
        actor=official,
        title="Place verte",
        description="Des arbres partout.",
        cost=100_000,
        now=timezone.now(),
    )


@pytest.mark.django_db
class TestUpdate:
    def test_officials_edit_before_voting(self, official_api, project):
        body = {"cost": 120_000, "title": "Place du Panthéon verte", "reason": "Chiffrage revu"}
        response = official_api.patch(f"{PROJECTS}{project.pk}/", body, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["cost"] == 120_000
        record = records("project.update", project).get()
        assert (record.before["cost"], record.after["cost"]) == (100_000, 120_000)
        assert record.reason == "Chiffrage revu"

    def test_cost_change_after_voting_opened_is_frozen(self, official_api, administrator, project):
        campaign_phase_advance(
            campaign=project.campaign,
            actor=administrator,
            reason="Ouverture du vote",
            now=timezone.now(),
        )
        response = official_api.patch(f"{PROJECTS}{project.pk}/", {"cost": 1}, format="json")
        assert_error(response, 409, "ballot_frozen")
        assert Project.objects.get(pk=project.pk).cost == 100_000
        assert not records("project.update").exists()
        assert official_api.get(f"{PROJECTS}{project.pk}/").json()["can"] == {
            "update": False,
            "add_proposals": False,
        }

    def test_frozen_in_every_later_phase(self, official, project):
        later = timezone.now() + timedelta(days=60)  # the review campaign's voting has ended
        from core.errors import Frozen

        with pytest.raises(Frozen):
            project_update(project=project, actor=official, now=later, title="Autre titre")

    def test_refusals(self, resident_api, other_official, official_api, project):
        url = f"{PROJECTS}{project.pk}/"
        assert_error(resident_api.patch(url, {"cost": 5}, format="json"), 403, "permission_denied")
        assert_error(
            client_for(other_official).patch(url, {"cost": 5}, format="json"),
            403,
            "permission_denied",
        )
        assert_error(official_api.patch(url, {"cost": 0}, format="json"), 400, "invalid", "cost")
        assert_error(
            official_api.patch(url, {"title": "<b></b>"}, format="json"), 400, "invalid", "title"
        )
        outside = {"type": "MultiPoint", "coordinates": [list(BUTTES_CHAUMONT)]}
        assert_error(
            official_api.patch(url, {"locations": outside}, format="json"),
            400,
            "outside_area",
            "locations",
        )
        for pair, reason in (([200, 48.8], "Longitude"), ([2.35, -90.5], "Latitude")):
            points = {"type": "MultiPoint", "coordinates": [list(PANTHEON), pair]}
            response = official_api.patch(url, {"locations": points}, format="json")
            assert_error(response, 400, "invalid", "locations")
            assert response.json()["errors"]["locations"][0].startswith(f"{reason} out of range")

    def test_no_change_no_record(self, official_api, project):
        official_api.patch(f"{PROJECTS}{project.pk}/", {"cost": project.cost}, format="json")
        assert not records("project.update").exists()
