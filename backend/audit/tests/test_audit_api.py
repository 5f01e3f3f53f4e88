import pytest

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from audit.services import audit_record
from campaigns.tests.factories import CampaignFactory
from core.testing.api import assert_error
from geo.models import Area
from proposals.tests.factories import ProposalFactory

URL = "/api/v1/audit/"


@pytest.mark.django_db
class TestAuditAPI:
    @pytest.fixture
    def records(self, administrator):
        campaign = CampaignFactory()
        fifth = ProposalFactory(campaign=campaign)  # paris-05
        nineteenth_area = Area.objects.get(code="paris-19")
        a = audit_record(
            actor=administrator,
            action="proposal.accept",
            obj=fifth,
            area=fifth.area,
            campaign=campaign,
            before={"status": "in_review"},
            after={"status": "accepted"},
            reason="faisable",
        )
        b = audit_record(
            actor=administrator,
            action="proposal.reject",
            obj=fifth,
            area=nineteenth_area,
            campaign=campaign,
            reason="autre",
        )
        return campaign, a, b

    def test_residents_cannot_read_it(self, resident_api, records):
        response = resident_api.get(URL)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"

    def test_officials_see_their_areas(self, api, official, records):
        _, a, b = records
        api.force_authenticate(official)
        ids = {r["id"] for r in api.get(URL).json()["results"]}
        assert a.id in ids and b.id not in ids

    def test_administrators_filter_by_object_actor_and_date(self, api, administrator, records):
        campaign, a, b = records
        api.force_authenticate(administrator)

        def ids(**params):
            return {r["id"] for r in api.get(URL, params).json()["results"]}

        assert {a.id, b.id} <= ids(campaign=campaign.slug)
        assert ids(action="proposal.accept") == {a.id}
        assert ids(object_type="proposal", object_id=a.object_id) == {a.id, b.id}
        assert {a.id, b.id} <= ids(actor=administrator.id)
        assert ids(since="2100-01-01T00:00:00Z") == set()
        assert ids(area="paris-19") == {b.id}
        body = api.get(URL, {"action": "proposal.accept"}).json()["results"][0]
        assert body["before"] == {"status": "in_review"} and body["after"] == {"status": "accepted"}
        assert body["actor"] == {"id": administrator.id, "display_name": administrator.display_name}
        assert body["reason"] == "faisable"
        bad = api.get(URL, {"since": "yesterday"})
        assert bad.status_code == 400 and "since" in bad.json()["errors"]

    @pytest.mark.parametrize(
        "params",
        [
            {"campaign": "nope"},
            {"campaign": ""},
            {"area": "paris-99"},
            {"action": ""},
            {"object_type": " "},
            {"actor": "x"},
            {"page_size": "null"},
        ],
    )
    def test_empty_and_unknown_values_are_400_naming_the_parameter(
        self, api, administrator, params
    ):
        api.force_authenticate(administrator)
        assert_error(api.get(URL, params), 400, "invalid", *params)

    def test_officials_see_who_reported_by_name_never_by_email(self, api, official, open_campaign):
        from django.utils import timezone

        from moderation.services import proposal_report

        reporter = UserFactory(email="reporter.private@example.org", display_name="Camille")
        proposal = ProposalFactory(campaign=open_campaign)  # paris-05, the official's area
        proposal_report(proposal=proposal, reporter=reporter, reason="spam", now=timezone.now())
        api.force_authenticate(official)
        response = api.get(URL, {"action": "proposal.report"})
        assert response.status_code == 200
        (record,) = response.json()["results"]
        assert record["actor"] == {"id": reporter.id, "display_name": "Camille"}
        assert "reporter.private" not in response.content.decode()

    def test_records_cannot_be_changed_through_the_api(self, api, administrator, records):
        _, a, _ = records
        api.force_authenticate(administrator)
        assert api.post(URL, {"action": "x"}, format="json").status_code == 405
        assert api.delete(f"{URL}{a.id}/").status_code == 404
        assert AuditRecord.objects.filter(pk=a.pk).exists()


@pytest.mark.django_db
class TestRolesAPI:
    def test_administrator_makes_an_official_and_it_is_audited(self, api, administrator, resident):
        api.force_authenticate(administrator)
        response = api.put(
            f"/api/v1/users/{resident.id}/role/",
            {"role": "official", "areas": ["paris-05", "paris-centre"], "reason": "Mairie du 5e"},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert set(response.json()["areas"]) == {"paris-05", "paris-centre"}
        record = AuditRecord.objects.get(action="user.role")
        assert record.before == {"role": "resident", "areas": []}
        assert record.after == {"role": "official", "areas": ["paris-05", "paris-centre"]}
        listed = api.get("/api/v1/users/").json()["results"]
        assert resident.email in {u["email"] for u in listed}

    def test_official_needs_an_area_and_unknown_areas_are_named(self, api, administrator, resident):
        api.force_authenticate(administrator)
        url = f"/api/v1/users/{resident.id}/role/"
        assert "areas" in api.put(url, {"role": "official"}, format="json").json()["errors"]
        response = api.put(url, {"role": "official", "areas": ["atlantis"]}, format="json")
        assert response.status_code == 400 and "areas.0" in response.json()["errors"]

    def test_only_administrators(self, api, official, resident):
        api.force_authenticate(official)
        response = api.put(
            f"/api/v1/users/{resident.id}/role/", {"role": "administrator"}, format="json"
        )
        assert response.status_code == 403
