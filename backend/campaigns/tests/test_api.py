import pytest

from audit.models import AuditRecord
from campaigns.tests.factories import CampaignFactory
from campaigns.themes import PARIS_THEMES
from core.testing.api import assert_error


@pytest.mark.django_db
class TestCampaignsAPI:
    def test_list_and_detail(self, api, open_campaign, closed_campaign):
        body = api.get("/api/v1/campaigns/").json()
        assert body["count"] == 2
        phases = {c["slug"]: c["current_phase"] for c in body["results"]}
        assert phases == {open_campaign.slug: "submission", closed_campaign.slug: "review"}
        detail = api.get(f"/api/v1/campaigns/{open_campaign.slug}/").json()
        assert {a["code"] for a in detail["areas"]} >= {"paris", "paris-centre", "paris-20"}

    def test_unknown_campaign_is_404_in_the_error_format(self, api):
        response = api.get("/api/v1/campaigns/nope/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_themes(self, api):
        body = api.get("/api/v1/themes/").json()
        assert [t["slug"] for t in body] == [slug for slug, _, _ in PARIS_THEMES]
        assert body[0] == {
            "slug": "cadre-de-vie",
            "name": "Cadre de vie",
            "name_en": "Living environment",
        }
        assert len(body) == 11


@pytest.mark.django_db
class TestCampaignFilters:
    URL = "/api/v1/campaigns/"

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"phase": ""}, "phase"),
            ({"phase": "holidays"}, "phase"),
            ({"area": ""}, "area"),
            ({"area": "paris-99"}, "area"),
            ({"page_size": "null"}, "page_size"),
        ],
    )
    def test_empty_and_unknown_values_are_400_naming_the_parameter(self, api, params, field):
        assert_error(api.get(self.URL, params), 400, "invalid", field)

    def test_a_known_area_filters(self, api, open_campaign):
        assert api.get(self.URL, {"area": "paris-05"}).json()["count"] == 1


@pytest.mark.django_db
class TestCampaignUpdate:
    def url(self, campaign):
        return f"/api/v1/campaigns/{campaign.slug}/"

    @pytest.mark.parametrize("body_format", ["multipart", "json"])
    @pytest.mark.parametrize("name", ["", "   ", "<b></b>"])
    def test_an_empty_name_is_refused_and_nothing_changes(
        self, api, administrator, body_format, name
    ):
        campaign = CampaignFactory(name="Budget participatif 2027", description="Gardez-moi.")
        api.force_authenticate(administrator)
        response = api.patch(self.url(campaign), {"name": name}, format=body_format)
        assert_error(response, 400, "invalid", "name")
        campaign.refresh_from_db()
        assert (campaign.name, campaign.description) == ("Budget participatif 2027", "Gardez-moi.")
        assert not AuditRecord.objects.filter(action="campaign.update").exists()

    def test_a_multipart_name_change_keeps_the_description(self, api, administrator):
        campaign = CampaignFactory(description="Gardez-moi.")
        api.force_authenticate(administrator)
        response = api.patch(self.url(campaign), {"name": "BP 2027"}, format="multipart")
        assert response.status_code == 200
        assert (response.json()["name"], response.json()["description"]) == (
            "BP 2027",
            "Gardez-moi.",
        )
        campaign.refresh_from_db()
        assert (campaign.name, campaign.description) == ("BP 2027", "Gardez-moi.")

    def test_an_empty_description_is_a_change_when_sent(self, api, administrator):
        campaign = CampaignFactory(description="Ancienne description.")
        api.force_authenticate(administrator)
        response = api.patch(self.url(campaign), {"description": ""}, format="multipart")
        assert response.status_code == 200 and response.json()["description"] == ""
