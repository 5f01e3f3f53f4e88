"""Administrators create campaigns through the API (POST /api/v1/campaigns/): every value is
checked, every refusal names its field, the creation is audited, and what the phase freezes
stays frozen afterwards."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditRecord
from campaigns.errors import CampaignInconsistent
from campaigns.models import Campaign, Envelope
from campaigns.services import AreaEnvelope, campaign_create
from campaigns.tests.factories import schedule_around
from core.testing.api import assert_error

URL = "/api/v1/campaigns/"
INCONSISTENT = "campaign_inconsistent"  # values that do not hold together (the service's check)


def iso(value):
    return value.isoformat()


def phases(**slots):
    """``phases(submission=(start, end), …)`` as the API's list of slots."""
    return [
        {"phase": p, "start": iso(s), "end": iso(e) if e else None} for p, (s, e) in slots.items()
    ]


def body(**overrides):
    now = timezone.now()
    data = {
        "name": "Budget participatif 2027",
        "description": "La septième édition.",
        "phases": phases(
            submission=(now + timedelta(days=10), now + timedelta(days=40)),
            review=(now + timedelta(days=40), now + timedelta(days=100)),
            voting=(now + timedelta(days=100), now + timedelta(days=120)),
            results=(now + timedelta(days=120), None),
        ),
        "areas": [
            {"code": "paris", "amount": 30_000_000, "reserved_amount": 10_000_000},
            {"code": "paris-05", "amount": 1_500_000, "reserved_amount": 0},
            {"code": "paris-19", "amount": 4_000_000, "reserved_amount": 1_500_000},
        ],
        "voting_rule": "majority_judgment",
        "approval_max": 4,
        "minimum_age": 7,
        "auto_hide_reports": 5,
        "retention_months": 24,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestCreate:
    def test_an_administrator_creates_a_campaign_with_everything(self, admin_api, administrator):
        response = admin_api.post(URL, body(slug="bp-2027"), format="json")
        assert response.status_code == 201, response.content
        out = response.json()
        assert out["slug"] == "bp-2027"
        assert out["current_phase"] == "draft"
        assert [p["phase"] for p in out["phases"]] == ["submission", "review", "voting", "results"]
        assert (out["voting_rule"], out["minimum_age"]) == ("majority_judgment", 7)
        assert out["auto_hide_reports"] == 5
        assert out["retention_months"] == 24
        assert sorted((e["area"], e["amount"], e["reserved_amount"]) for e in out["envelopes"]) == [
            ("paris", 30_000_000, 10_000_000),
            ("paris-05", 1_500_000, 0),
            ("paris-19", 4_000_000, 1_500_000),
        ]
        campaign = Campaign.objects.get(slug="bp-2027")
        assert {a.code for a in campaign.areas.all()} == {"paris", "paris-05", "paris-19"}
        assert Envelope.objects.filter(campaign=campaign).count() == 3
        assert campaign.phases.count() == 4
        # It is what everyone reads afterwards, and the administrator may configure it.
        detail = admin_api.get(f"{URL}bp-2027/").json()
        assert detail["name"] == "Budget participatif 2027"
        assert detail["can"]["update"] is True

    def test_the_creation_is_audited_with_its_configuration(self, admin_api, administrator):
        admin_api.post(URL, body(slug="bp-2027"), format="json")
        campaign = Campaign.objects.get(slug="bp-2027")
        record = AuditRecord.objects.get(action="campaign.create", campaign=campaign)
        assert record.actor == administrator
        assert record.object_id == str(campaign.pk)
        assert record.after["areas"]["paris-19"] == [4_000_000, 1_500_000]
        assert record.after["voting_rule"] == "majority_judgment"
        assert record.after["approval_max"] == 4
        assert set(record.after["schedule"]) == {"submission", "review", "voting", "results"}

    def test_a_reserved_share_with_a_rule_that_has_none_is_refused(self, admin_api):
        """Only majority judgment ranks then funds with a reserved share: approval counted by
        any tally rule would ignore it."""
        response = admin_api.post(
            URL, body(slug="bp-2027", voting_rule="approval", tally_rule="mes"), format="json"
        )
        assert response.status_code == 400, response.content
        errors = response.json()["errors"]
        assert set(errors) == {"areas.0.reserved_amount", "areas.2.reserved_amount"}
        assert "« mes »" in errors["areas.0.reserved_amount"][0]
        assert not Campaign.objects.filter(slug="bp-2027").exists()

    def test_without_a_slug_one_is_made_from_the_name_and_kept_unique(self, admin_api):
        first = admin_api.post(URL, body(name="Budget participatif 2027 !"), format="json")
        second = admin_api.post(URL, body(name="Budget participatif 2027 !"), format="json")
        assert (first.status_code, second.status_code) == (201, 201)
        assert first.json()["slug"] == "budget-participatif-2027"
        assert second.json()["slug"] == "budget-participatif-2027-2"

    def test_a_draft_without_envelopes_yet(self, admin_api):
        response = admin_api.post(
            URL, body(slug="brouillon", phases=[], areas=[{"code": "paris-05"}]), format="json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["current_phase"] == "draft"
        assert response.json()["envelopes"] == []

    def test_the_list_says_who_may_create(self, api, resident_api, official_api, admin_api):
        assert api.get(URL).json()["can"] == {"create": False}
        assert resident_api.get(URL).json()["can"] == {"create": False}
        assert official_api.get(URL).json()["can"] == {"create": False}
        assert admin_api.get(URL).json()["can"] == {"create": True}


@pytest.mark.django_db
class TestRefusals:
    """Every refusal is a 400 in the one error format, naming the field; nothing is stored."""

    @pytest.fixture(autouse=True)
    def _nothing_stored(self, db):
        created = AuditRecord.objects.filter(action="campaign.create")
        before = (Campaign.objects.count(), created.count())
        yield
        assert (Campaign.objects.count(), created.count()) == before

    def test_overlapping_phases(self, admin_api):
        now = timezone.now()
        given = phases(
            submission=(now, now + timedelta(days=30)),
            review=(now + timedelta(days=20), now + timedelta(days=60)),
        )
        body_ = assert_error(
            admin_api.post(URL, body(phases=given), format="json"), 400, INCONSISTENT, "phases"
        )
        assert "submission must end before review starts" in body_["errors"]["phases"][0]

    def test_phases_out_of_order(self, admin_api):
        now = timezone.now()
        given = phases(
            voting=(now, now + timedelta(days=10)),
            submission=(now + timedelta(days=20), now + timedelta(days=30)),
        )
        assert_error(
            admin_api.post(URL, body(phases=given), format="json"), 400, INCONSISTENT, "phases"
        )

    def test_a_phase_ending_before_it_starts(self, admin_api):
        now = timezone.now()
        given = phases(submission=(now + timedelta(days=5), now))
        body_ = assert_error(
            admin_api.post(URL, body(phases=given), format="json"), 400, INCONSISTENT, "phases"
        )
        assert "must end after it starts" in " ".join(body_["errors"]["phases"])

    def test_a_phase_twice(self, admin_api):
        now = timezone.now()
        given = phases(submission=(now, now + timedelta(days=5)))
        given += [{"phase": "submission", "start": iso(now + timedelta(days=6)), "end": None}]
        assert_error(
            admin_api.post(URL, body(phases=given), format="json"), 400, "invalid", "phases"
        )

    def test_an_unknown_phase(self, admin_api):
        given = [{"phase": "holidays", "start": iso(timezone.now()), "end": None}]
        assert_error(
            admin_api.post(URL, body(phases=given), format="json"), 400, "invalid", "phases.0.phase"
        )

    def test_an_unknown_area_code(self, admin_api):
        areas = [{"code": "paris", "amount": 10}, {"code": "paris-99", "amount": 10}]
        body_ = assert_error(
            admin_api.post(URL, body(areas=areas), format="json"), 400, INCONSISTENT, "areas.1.code"
        )
        assert "paris-99" in body_["errors"]["areas.1.code"][0]

    def test_an_area_twice(self, admin_api):
        areas = [{"code": "paris-05", "amount": 10}, {"code": "paris-05", "amount": 20}]
        assert_error(
            admin_api.post(URL, body(areas=areas), format="json"), 400, INCONSISTENT, "areas.1.code"
        )

    def test_no_area(self, admin_api):
        assert_error(admin_api.post(URL, body(areas=[]), format="json"), 400, "invalid", "areas")

    @pytest.mark.parametrize("amount", [0, -1_000])
    def test_an_envelope_of_zero_or_less(self, admin_api, amount):
        areas = [{"code": "paris-05", "amount": amount}]
        assert_error(
            admin_api.post(URL, body(areas=areas), format="json"), 400, "invalid", "areas.0.amount"
        )

    def test_a_reserved_share_above_the_envelope(self, admin_api):
        areas = [{"code": "paris", "amount": 1_000_000, "reserved_amount": 1_000_001}]
        assert_error(
            admin_api.post(URL, body(areas=areas), format="json"),
            400,
            INCONSISTENT,
            "areas.0.reserved_amount",
        )

    def test_a_negative_reserved_share(self, admin_api):
        areas = [{"code": "paris", "amount": 1_000_000, "reserved_amount": -1}]
        assert_error(
            admin_api.post(URL, body(areas=areas), format="json"),
            400,
            "invalid",
            "areas.0.reserved_amount",
        )

    def test_a_reserved_share_without_an_envelope(self, admin_api):
        areas = [{"code": "paris", "reserved_amount": 5}]
        assert_error(
            admin_api.post(URL, body(areas=areas), format="json"),
            400,
            INCONSISTENT,
            "areas.0.reserved_amount",
        )

    @pytest.mark.parametrize("value", [0, -3])
    def test_approval_max_below_one(self, admin_api, value):
        assert_error(
            admin_api.post(URL, body(approval_max=value), format="json"),
            400,
            "invalid",
            "approval_max",
        )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("minimum_age", -1),
            ("minimum_age", 121),
            ("cumulative_points", 0),
            ("knapsack_min_share", 101),
            ("auto_hide_reports", 0),
            ("retention_months", 0),
            ("retention_months", 121),
        ],
    )
    def test_parameters_out_of_range(self, admin_api, field, value):
        assert_error(
            admin_api.post(URL, body(**{field: value}), format="json"), 400, "invalid", field
        )

    @pytest.mark.parametrize("field", ["voting_rule", "tally_rule"])
    def test_an_unknown_voting_method_or_tally_rule(self, admin_api, field):
        assert_error(
            admin_api.post(URL, body(**{field: "borda"}), format="json"), 400, "invalid", field
        )

    @pytest.mark.parametrize("name", ["", "   ", "<b></b>"])
    def test_an_empty_name(self, admin_api, name):
        assert_error(admin_api.post(URL, body(name=name), format="json"), 400, "invalid", "name")

    def test_a_malformed_slug(self, admin_api):
        assert_error(
            admin_api.post(URL, body(slug="budget 2027/x"), format="json"), 400, "invalid", "slug"
        )

    def test_every_inconsistent_field_is_named_at_once(self, admin_api):
        now = timezone.now()
        response = admin_api.post(
            URL,
            body(
                phases=phases(submission=(now + timedelta(days=1), now)),
                areas=[
                    {"code": "paris-99", "amount": 10},
                    {"code": "paris", "amount": 10, "reserved_amount": 11},
                ],
            ),
            format="json",
        )
        errors = assert_error(response, 400, INCONSISTENT)["errors"]
        assert set(errors) == {"phases", "areas.0.code", "areas.1.reserved_amount"}

    def test_the_service_checks_the_ranges_too(self):
        with pytest.raises(CampaignInconsistent) as refused:
            campaign_create(
                name="BP",
                schedule={},
                areas=[AreaEnvelope("paris", 0)],
                approval_max=0,
                minimum_age=200,
                voting_rule="borda",
            )
        assert set(refused.value.errors) == {
            "areas.0.amount",
            "approval_max",
            "minimum_age",
            "voting_rule",
        }


@pytest.mark.django_db
class TestSlugTaken:
    def test_a_slug_taken_is_a_409(self, admin_api, open_campaign):
        before = Campaign.objects.count()
        response = admin_api.post(URL, body(slug=open_campaign.slug), format="json")
        assert_error(response, 409, "slug_taken", "slug")
        assert Campaign.objects.count() == before


@pytest.mark.django_db
class TestWhoMayCreate:
    def test_anonymous_is_401(self, api):
        assert_error(api.post(URL, body(slug="x"), format="json"), 401, "not_authenticated")

    def test_a_resident_is_403(self, resident_api):
        assert_error(
            resident_api.post(URL, body(slug="x"), format="json"), 403, "permission_denied"
        )

    def test_an_official_is_403(self, official_api):
        assert_error(
            official_api.post(URL, body(slug="x"), format="json"), 403, "permission_denied"
        )

    def test_refused_before_the_body_is_read(self, resident_api):
        response = resident_api.post(URL, {"areas": "nonsense"}, format="json")
        assert_error(response, 403, "permission_denied")

    def test_nothing_is_created_for_them(self, api, resident_api, official_api):
        for client in (api, resident_api, official_api):
            client.post(URL, body(slug="x"), format="json")
        assert not Campaign.objects.filter(slug="x").exists()
        assert not AuditRecord.objects.filter(
            action="campaign.create", actor__isnull=False
        ).exists()

    def test_the_service_refuses_them_too(self, resident, official):
        from core.errors import NotAllowed

        for actor in (resident, official):
            with pytest.raises(NotAllowed):
                campaign_create(actor=actor, name="BP", schedule={}, area_codes=["paris"])


@pytest.mark.django_db
class TestFrozenOnceVotingOpens:
    """A campaign created in the voting phase: its configuration goes through the existing
    services, and the voting method, its parameters and the envelopes are frozen (409)."""

    @pytest.fixture
    def voting(self, admin_api):
        slots = schedule_around("voting")
        given = [
            {"phase": p, "start": iso(s), "end": iso(e) if e else None}
            for p, (s, e) in slots.items()
        ]
        response = admin_api.post(URL, body(slug="en-vote", phases=given), format="json")
        assert response.status_code == 201, response.content
        assert response.json()["current_phase"] == "voting"
        assert response.json()["frozen"] is True
        return Campaign.objects.get(slug="en-vote")

    def test_the_voting_rule_is_frozen(self, admin_api, voting):
        response = admin_api.patch(f"{URL}en-vote/", {"voting_rule": "knapsack"}, format="json")
        assert_error(response, 409, "ballot_frozen")
        voting.refresh_from_db()
        assert voting.voting_rule == "majority_judgment"

    def test_the_tally_rule_is_frozen(self, admin_api, voting):
        response = admin_api.patch(f"{URL}en-vote/", {"tally_rule": "mes"}, format="json")
        assert_error(response, 409, "ballot_frozen")

    def test_the_method_parameters_are_frozen(self, admin_api, voting):
        response = admin_api.patch(
            f"{URL}en-vote/voting/settings/", {"approval_max": 2}, format="json"
        )
        assert_error(response, 409, "ballot_frozen")

    def test_the_envelopes_are_frozen(self, admin_api, voting):
        response = admin_api.put(
            f"{URL}en-vote/envelopes/paris-05/", {"amount": 2_000_000}, format="json"
        )
        assert_error(response, 409, "ballot_frozen")
        assert Envelope.objects.get(campaign=voting, area__code="paris-05").amount == 1_500_000

    def test_the_name_and_the_schedule_still_change(self, admin_api, voting):
        assert (
            admin_api.patch(f"{URL}en-vote/", {"name": "BP 2027"}, format="json").status_code == 200
        )
        response = admin_api.post(
            f"{URL}en-vote/phases/advance/", {"reason": "Dépouillement anticipé."}, format="json"
        )
        assert response.status_code == 200 and response.json()["current_phase"] == "results"

    def test_before_voting_the_tally_rule_changes_and_is_audited(self, admin_api):
        admin_api.post(URL, body(slug="bp-2027"), format="json")
        response = admin_api.patch(f"{URL}bp-2027/", {"tally_rule": "mes-increase"}, format="json")
        assert response.status_code == 200
        assert Campaign.objects.get(slug="bp-2027").tally_rule == "mes-increase"
        assert AuditRecord.objects.filter(
            action="campaign.update", after__tally_rule="mes-increase"
        ).exists()
