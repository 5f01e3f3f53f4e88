"""The public project list and detail, their filters, ``can`` and query budgets."""

import pytest
from django.utils import timezone

from campaigns.models import Theme
from core.testing.api import assert_error
from projects.filters import ProjectFilter
from projects.models import Project
from projects.services import project_create_from_proposal, project_create_from_proposals
from proposals.tests.factories import BUTTES_CHAUMONT

PROJECTS = "/api/v1/projects/"


@pytest.fixture
def make_project(make_proposal, administrator):
    def make(at=None, theme=None, campaign=None, hidden_source=False, **fields):
        a = make_proposal(status="accepted", at=at, campaign=campaign)
        b = make_proposal(status="accepted", at=at, campaign=campaign, is_hidden=hidden_source)
        return project_create_from_proposals(
            proposals=[a, b],
            actor=administrator,
            title=fields.get("title", "Un projet"),
            description="Une description de projet.",
            now=timezone.now(),
            theme=Theme.objects.get(slug=theme) if theme else None,
        )

    return make


@pytest.mark.django_db
class TestList:
    def test_public_list(self, api, make_project):
        project = make_project()
        body = api.get(PROJECTS).json()
        assert body["count"] == 1
        item = body["results"][0]
        assert item["id"] == project.pk
        assert item["can"] == {"update": False, "add_proposals": False}
        assert set(item) == {
            "id",
            "campaign",
            "area",
            "title",
            "description",
            "cost",
            "theme",
            "locations",
            "source_proposals",
            "created_at",
            "updated_at",
            "can",
        }

    def test_can_follows_the_rules(self, official_api, make_project):
        fifth, nineteenth = make_project(), make_project(at=BUTTES_CHAUMONT)
        items = {p["id"]: p["can"] for p in official_api.get(PROJECTS).json()["results"]}
        assert items[fifth.pk] == {"update": True, "add_proposals": True}
        assert items[nineteenth.pk] == {"update": False, "add_proposals": False}

    def test_hidden_sources_only_for_officials(self, api, official_api, make_project):
        project = make_project(hidden_source=True)
        public = api.get(f"{PROJECTS}{project.pk}/").json()["source_proposals"]
        assert len(public) == 1
        assert len(official_api.get(f"{PROJECTS}{project.pk}/").json()["source_proposals"]) == 2

    def test_filters_through_the_api(self, api, make_project):
        fifth, nineteenth = make_project(), make_project(at=BUTTES_CHAUMONT, theme="sport")
        ids = lambda q: [p["id"] for p in api.get(PROJECTS + q).json()["results"]]  # noqa: E731
        assert ids("?area=paris-19") == [nineteenth.pk]
        assert ids("?theme=sport") == [nineteenth.pk]
        assert ids(f"?campaign={fifth.campaign.slug}&area=paris-05") == [fifth.pk]

    @pytest.mark.parametrize(
        "query",
        ["campaign=", "campaign=nope", "area=paris-99", "theme=", "theme=nope", "search="],
    )
    def test_empty_and_unknown_filter_values_are_400_naming_the_parameter(self, api, query):
        assert_error(api.get(f"{PROJECTS}?{query}"), 400, "invalid", query.split("=")[0])

    def test_unknown_project_is_404(self, api):
        assert_error(api.get(f"{PROJECTS}999999999/"), 404, "not_found")

    def test_query_count_does_not_grow(
        self, official_api, make_project, django_assert_max_num_queries
    ):
        make_project()
        with django_assert_max_num_queries(6):  # count, page, phases, sources, official's areas
            assert official_api.get(PROJECTS).json()["count"] == 1
        for _ in range(4):
            make_project(at=BUTTES_CHAUMONT)
        with django_assert_max_num_queries(6):
            assert official_api.get(PROJECTS).json()["count"] == 5

    def test_anonymous_cannot_create(self, api):
        assert api.post(PROJECTS, {"proposals": [1]}, format="json").status_code == 401


def ids(params):
    filterset = ProjectFilter(params, queryset=Project.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("id", flat=True))


@pytest.mark.django_db
class TestProjectFilter:
    def test_campaign(self, make_project, open_campaign, review_campaign):
        project = make_project()
        assert ids({"campaign": review_campaign.slug}) == {project.pk}
        assert ids({"campaign": open_campaign.slug}) == set()

    def test_area(self, make_project):
        fifth, nineteenth = make_project(), make_project(at=BUTTES_CHAUMONT)
        assert ids({"area": "paris-05"}) == {fifth.pk}
        assert ids({"area": "paris-19"}) == {nineteenth.pk}

    def test_theme(self, make_project):
        sport, _ = make_project(theme="sport"), make_project()
        assert ids({"theme": "sport"}) == {sport.pk}

    def test_search(self, make_proposal, administrator):
        proposal = make_proposal(status="accepted")
        project = project_create_from_proposal(
            proposal=proposal, actor=administrator, now=timezone.now(), title="Fontaine Médicis"
        )
        make_proposal(status="accepted")
        assert ids({"search": "medicis"}) == {project.pk}
        assert ids({"search": "piscine"}) == set()
