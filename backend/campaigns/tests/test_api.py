import pytest

from campaigns.themes import PARIS_THEMES


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
