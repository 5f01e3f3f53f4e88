from datetime import timedelta

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from core.testing.api import assert_error
from proposals.models import Proposal
from proposals.tests.factories import BUTTES_CHAUMONT, HOTEL_DE_VILLE, PANTHEON, ProposalFactory

URL = "/api/v1/proposals/"
VERSAILLES = (2.1204, 48.8049)
NO_ACTIONS = {
    "edit": False,
    "withdraw": False,
    "report": False,
    "moderate": False,
    "hide": False,
    "restore": False,
    "review": False,
    "start_review": False,
    "accept": False,
    "reject": False,
    "prepare": False,
    "note": False,
    "assign": False,
    "merge": False,
    "support": False,
    "unsupport": False,
}


def payload(campaign, **extra):
    data = {
        "campaign": campaign.slug,
        "title": "Un jardin partagé rue Mouffetard",
        "description": "Transformer la petite place en jardin partagé, entretenu par les voisins.",
        "theme": "environnement",
        "location": {"type": "Point", "coordinates": list(PANTHEON)},
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
class TestSubmit:
    def test_point_is_placed_in_its_district_quartier_and_area(self, resident_api, open_campaign):
        response = resident_api.post(URL, payload(open_campaign), format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "submitted"
        assert body["location_status"] == "placed"
        assert body["location"] == {"type": "Point", "coordinates": list(PANTHEON)}
        assert body["district"] == {"code": "75105", "name": "5e arrondissement"}
        assert body["quartier"]["code"].startswith("75105")
        assert body["area"]["code"] == "paris-05"
        # The author may support their own proposal (one support a person, theirs too).
        assert body["can"] == {**NO_ACTIONS, "edit": True, "withdraw": True, "support": True}
        assert Proposal.objects.get(pk=body["id"]).author.email.startswith("resident")

    def test_paris_centre_groups_the_first_four_arrondissements(self, resident_api, open_campaign):
        data = payload(
            open_campaign, location={"type": "Point", "coordinates": list(HOTEL_DE_VILLE)}
        )
        body = resident_api.post(URL, data, format="json").json()
        assert body["district"]["code"] == "75104"
        assert body["area"]["code"] == "paris-centre"

    def test_city_wide_scope_goes_to_the_city_area(self, resident_api, open_campaign):
        body = resident_api.post(URL, payload(open_campaign, scope="city"), format="json").json()
        assert body["area"]["code"] == "paris"
        assert body["district"]["code"] == "75105"

    def test_point_outside_paris_is_refused_and_nothing_is_stored(
        self, resident_api, open_campaign
    ):
        data = payload(open_campaign, location={"type": "Point", "coordinates": list(VERSAILLES)})
        response = resident_api.post(URL, data, format="json")
        assert_error(response, 400, "outside_city", "location")
        assert "outside Paris" in response.json()["message"]
        assert not Proposal.objects.exists()

    def test_address_only_is_stored_pending(self, resident_api, open_campaign):
        data = payload(open_campaign, location=None, address="12 rue Mouffetard 75005 Paris")
        response = resident_api.post(URL, data, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["location_status"] == "pending"
        assert body["location"] is None
        assert body["district"] is None

    def test_address_with_a_postcode_outside_paris_is_refused(self, resident_api, open_campaign):
        data = payload(open_campaign, location=None, address="1 place d'Armes 78000 Versailles")
        assert_error(
            resident_api.post(URL, data, format="json"), 400, "address_not_found", "address"
        )
        assert not Proposal.objects.exists()

    def test_neither_point_nor_address(self, resident_api, open_campaign):
        data = payload(open_campaign, location=None)
        assert_error(resident_api.post(URL, data, format="json"), 400, "invalid", "location")

    @pytest.mark.parametrize(
        ("location", "reason"),
        [
            ({"type": "Point", "coordinates": [2.3]}, "GeoJSON Point"),
            ({"type": "Polygon", "coordinates": [2.3, 48.8]}, "GeoJSON Point"),
            ({"type": "Point", "coordinates": [200, 48.8]}, "Longitude out of range"),
            ({"type": "Point", "coordinates": [200, 100]}, "Longitude out of range"),
            ({"type": "Point", "coordinates": [2.3, 90.5]}, "Latitude out of range"),
            ({"type": "Point", "coordinates": ["2.3", 48.8]}, "GeoJSON Point"),
            ("POINT(2.3 48.8)", "GeoJSON Point"),
        ],
    )
    def test_malformed_location_names_the_field(
        self, resident_api, open_campaign, location, reason
    ):
        response = resident_api.post(URL, payload(open_campaign, location=location), format="json")
        assert_error(response, 400, "invalid", "location")
        assert reason in response.json()["errors"]["location"][0]

    def test_length_is_checked_as_sent_then_cleaned(self, resident_api, open_campaign):
        """The schema's bounds hold for the raw text (not trimmed first); the cleaned text,
        trimmed and stripped of control characters, has its own refusal."""
        response = resident_api.post(URL, payload(open_campaign, title="\x1dab\x0c"), format="json")
        assert_error(response, 400, "invalid", "title")
        assert "HTML" not in response.json()["errors"]["title"][0]  # the raw length: too short
        response = resident_api.post(
            URL, payload(open_campaign, title=" (bé\x1d\x0c"), format="json"
        )
        assert_error(response, 400, "invalid", "title")
        assert response.json()["errors"]["title"] == ["At least 5 characters (without HTML)."]
        response = resident_api.post(
            URL, payload(open_campaign, title="  Un banc  "), format="json"
        )
        assert response.status_code == 201, response.json()
        assert Proposal.objects.get().title == "Un banc"

    def test_missing_fields_are_named(self, resident_api):
        response = resident_api.post(URL, {}, format="json")
        assert_error(response, 400, "invalid")
        assert {"campaign", "title", "description", "theme"} <= set(response.json()["errors"])

    def test_unknown_campaign_and_theme(self, resident_api, open_campaign):
        data = {**payload(open_campaign), "campaign": "nope", "theme": "nope"}
        response = resident_api.post(URL, data, format="json")
        assert set(response.json()["errors"]) == {"campaign", "theme"}

    def test_html_is_removed_before_storing(self, resident_api, open_campaign):
        data = payload(
            open_campaign,
            title='<script>alert("x")</script>Des <b>bancs</b> place Monge',
            description="<img src=x onerror=alert(1)>Installer des bancs &lt;script&gt;ici&lt;/script&gt; "
            "à l'ombre des arbres de la place.",
        )
        body = resident_api.post(URL, data, format="json").json()
        stored = Proposal.objects.get(pk=body["id"])
        assert stored.title == "Des bancs place Monge"
        assert "<" not in stored.description and "onerror" not in stored.description
        assert stored.description.startswith("Installer des bancs")

    def test_title_empty_once_cleaned_is_refused(self, resident_api, open_campaign):
        data = payload(open_campaign, title="<b></b><i>ab</i>")
        response = resident_api.post(URL, data, format="json")
        assert_error(response, 400, "invalid", "title")

    def test_overlong_description_is_refused(self, resident_api, open_campaign):
        data = payload(open_campaign, description="x" * 5001)
        assert_error(resident_api.post(URL, data, format="json"), 400, "invalid", "description")

    def test_anonymous_is_refused(self, api, open_campaign):
        response = api.post(URL, payload(open_campaign), format="json")
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "not_authenticated"

    def test_closed_campaign_is_refused(self, resident_api, closed_campaign):
        response = resident_api.post(URL, payload(closed_campaign), format="json")
        assert_error(response, 409, "submissions_closed")
        assert not Proposal.objects.exists()

    def test_daily_limit(self, resident_api, open_campaign, settings):
        settings.PROPOSALS_PER_USER_PER_DAY = 2
        for _ in range(2):
            assert resident_api.post(URL, payload(open_campaign), format="json").status_code == 201
        assert_error(
            resident_api.post(URL, payload(open_campaign), format="json"), 429, "limit_reached"
        )
        assert Proposal.objects.count() == 2

    def test_token_authentication(self, api, resident, open_campaign):
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=resident)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert api.post(URL, payload(open_campaign), format="json").status_code == 201


@pytest.mark.django_db
class TestList:
    def test_geojson_feature_collection(self, api, open_campaign):
        ProposalFactory(campaign=open_campaign)
        body = api.get(URL).json()
        assert body["type"] == "FeatureCollection"
        assert body["count"] == 1
        feature = body["features"][0]
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        assert feature["properties"]["district"]["code"] == "75105"
        assert feature["properties"]["can"] == NO_ACTIONS

    def test_filters(self, api, open_campaign):
        other = ProposalFactory(title="Piste cyclable")  # another campaign
        a = ProposalFactory(campaign=open_campaign, title="Des arbres au Panthéon")
        b = ProposalFactory(
            campaign=open_campaign,
            title="Un terrain de sport",
            location=Point(*BUTTES_CHAUMONT, srid=4326),
            theme=a.theme.__class__.objects.get(slug="sport"),
        )

        def ids(**params):
            return {f["id"] for f in api.get(URL, params).json()["features"]}

        assert ids(campaign=open_campaign.slug) == {a.id, b.id}
        assert ids(theme="sport") == {b.id}
        assert ids(area="paris-19") == {b.id}
        assert ids(district="75105", campaign=open_campaign.slug) == {a.id}
        assert ids(district=a.quartier.code) == {a.id, other.id}
        assert ids(search="pantheon") == {a.id}  # accents are ignored
        assert ids(bbox="2.37,48.87,2.40,48.89") == {b.id}
        assert ids(bbox="-180,-90,180.0,90.00") == {a.id, b.id, other.id}  # the bounds included
        assert ids(near=f"{BUTTES_CHAUMONT[0]},{BUTTES_CHAUMONT[1]}", radius=100) == {b.id}
        assert ids(near=f"{PANTHEON[0]},{PANTHEON[1]}", radius=3000) == {a.id, other.id}
        assert ids(status="submitted") == {a.id, b.id, other.id}
        assert ids(status="accepted") == set()

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"bbox": "1,2,3"}, "bbox"),
            ({"bbox": "3,48,2,49"}, "bbox"),
            ({"bbox": "a,b,c,d"}, "bbox"),
            ({"near": "2.3"}, "near"),
            ({"near": "0"}, "near"),
            ({"near": "2.3,48.8,1"}, "near"),
            ({"near": "2.3, 48.8"}, "near"),
            ({"near": "1e0,48"}, "near"),
            ({"near": "2.3,91"}, "near"),
            ({"near": "180.5,48"}, "near"),
            ({"near": "2.,48"}, "near"),
            ({"bbox": "2.3,48.8,2.4,48.9\n"}, "bbox"),
            ({"bbox": "2.3,48.8,2.4,90.1"}, "bbox"),
            ({"bbox": "2.4,48.8,2.4,48.9"}, "bbox"),
            ({"radius": "0"}, "radius"),
            ({"radius": "20001"}, "radius"),
            ({"radius": ""}, "radius"),
            ({"near": "2.3,48.8", "radius": "-5"}, "radius"),
            ({"near": "2.3,48.8", "radius": "999999"}, "radius"),
            ({"radius": "abc"}, "radius"),
            ({"status": "nonsense"}, "status"),
            ({"status": ""}, "status"),
            ({"theme": ""}, "theme"),
            ({"theme": "nope"}, "theme"),
            ({"campaign": "nope"}, "campaign"),
            ({"campaign": " "}, "campaign"),
            ({"area": "paris-99"}, "area"),
            ({"district": "75199"}, "district"),
            ({"location_status": ""}, "location_status"),
            ({"search": ""}, "search"),
            ({"bbox": ""}, "bbox"),
            ({"hidden": "banana"}, "hidden"),
            ({"created_after": ""}, "created_after"),
            ({"page_size": "null"}, "page_size"),
            ({"page_size": "0"}, "page_size"),
            ({"page_size": "1001"}, "page_size"),
            ({"page": "abc"}, "page"),
        ],
    )
    def test_bad_filters_are_400_naming_the_parameter(self, api, params, field):
        response = api.get(URL, params)
        assert_error(response, 400, "invalid", field)

    def test_the_schema_states_the_shapes_the_api_checks(self):
        from drf_spectacular.generators import SchemaGenerator

        from proposals.filters import BBOX_PATTERN, MAX_RADIUS_M, POINT_PATTERN

        schema = SchemaGenerator().get_schema(request=None, public=True)
        operation = schema["paths"][URL]
        parameters = {p["name"]: p["schema"] for p in operation["get"]["parameters"]}
        assert parameters["near"]["pattern"] == f"^(?:{POINT_PATTERN})$"
        assert parameters["bbox"]["pattern"] == f"^(?:{BBOX_PATTERN})$"
        assert parameters["radius"] == {
            "type": "number",
            "format": "double",
            "minimum": 1,
            "maximum": MAX_RADIUS_M,
        }
        body = schema["components"]["schemas"]["ProposalInputRequest"]["properties"]
        assert (body["title"]["minLength"], body["title"]["maxLength"]) == (5, 150)
        assert (body["description"]["minLength"], body["description"]["maxLength"]) == (20, 5000)
        assert body["campaign"]["pattern"] == "^[-a-zA-Z0-9_]+$"
        # JSON only: a GeoJSON location has no form encoding.
        assert set(operation["post"]["requestBody"]["content"]) == {"application/json"}

    def test_a_form_post_is_refused_as_the_schema_says(self, resident_api, open_campaign):
        response = resident_api.post(URL, {"title": "Des bancs"}, format="multipart")
        assert_error(response, 415, "unsupported_media_type")

    def test_an_unplaced_proposal_has_a_null_geometry_as_the_schema_says(
        self, api, resident, open_campaign
    ):
        from drf_spectacular.generators import SchemaGenerator

        components = SchemaGenerator().get_schema(request=None, public=True)["components"]
        feature = components["schemas"]["ProposalFeature"]
        assert feature["properties"]["geometry"]["nullable"] is True
        assert set(feature["required"]) == {"type", "id", "geometry", "properties"}
        assert "can" in feature["properties"]["properties"]["required"]
        ProposalFactory(
            campaign=open_campaign,
            author=resident,
            location=None,
            address="3 place d'Italie",
            location_status=Proposal.LocationStatus.PENDING,
        )
        api.force_authenticate(resident)
        (pending,) = api.get(URL).json()["features"]
        assert pending["geometry"] is None
        assert set(pending) == {"type", "id", "geometry", "properties"}

    def test_pending_and_withdrawn_are_hidden_from_the_public(self, api, open_campaign, resident):
        placed = ProposalFactory(campaign=open_campaign)
        pending = ProposalFactory(
            campaign=open_campaign,
            author=resident,
            location=None,
            address="12 rue Mouffetard",
            location_status=Proposal.LocationStatus.PENDING,
        )
        ProposalFactory(campaign=open_campaign, status=Proposal.Status.WITHDRAWN)
        assert {f["id"] for f in api.get(URL).json()["features"]} == {placed.id}
        assert api.get(f"{URL}{pending.id}/").status_code == 404
        api.force_authenticate(resident)
        assert {f["id"] for f in api.get(URL).json()["features"]} == {placed.id, pending.id}
        assert api.get(f"{URL}{pending.id}/").json()["location_status"] == "pending"

    def test_officials_see_everything(self, api, official, open_campaign):
        ProposalFactory(campaign=open_campaign)
        ProposalFactory(
            campaign=open_campaign,
            location=None,
            address="nowhere",
            location_status=Proposal.LocationStatus.FAILED,
        )
        api.force_authenticate(official)
        assert api.get(URL, {"location_status": "failed"}).json()["count"] == 1
        assert api.get(URL).json()["count"] == 2

    def test_query_count_does_not_grow_with_the_page(
        self, api, open_campaign, django_assert_max_num_queries
    ):
        ProposalFactory.create_batch(30, campaign=open_campaign)
        with django_assert_max_num_queries(3):
            body = api.get(URL, {"page_size": 50}).json()
        assert len(body["features"]) == 30

    def test_pagination(self, api, open_campaign):
        ProposalFactory.create_batch(5, campaign=open_campaign)
        body = api.get(URL, {"page_size": 2}).json()
        assert body["count"] == 5 and len(body["features"]) == 2 and body["next"]


@pytest.mark.django_db
class TestAuthorChanges:
    def test_author_edits_and_the_area_follows_the_point(
        self, resident_api, resident, open_campaign
    ):
        proposal = ProposalFactory(campaign=open_campaign, author=resident)
        response = resident_api.patch(
            f"{URL}{proposal.id}/",
            {
                "title": "Un nouveau titre",
                "location": {"type": "Point", "coordinates": list(BUTTES_CHAUMONT)},
            },
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["title"] == "Un nouveau titre"
        assert response.json()["area"]["code"] == "paris-19"

    def test_edit_outside_paris_keeps_the_stored_proposal(
        self, resident_api, resident, open_campaign
    ):
        proposal = ProposalFactory(campaign=open_campaign, author=resident)
        response = resident_api.patch(
            f"{URL}{proposal.id}/",
            {
                "title": "Changed title",
                "location": {"type": "Point", "coordinates": list(VERSAILLES)},
            },
            format="json",
        )
        assert_error(response, 400, "outside_city", "location")
        proposal.refresh_from_db()
        assert proposal.title.startswith("Végétaliser") and proposal.district.code == "75105"

    def test_someone_else_cannot_edit(self, api, open_campaign):
        proposal = ProposalFactory(campaign=open_campaign)
        from accounts.tests.factories import UserFactory

        api.force_authenticate(UserFactory())
        assert_error(
            api.patch(f"{URL}{proposal.id}/", {"title": "Hijacked!"}, format="json"),
            403,
            "permission_denied",
        )

    def test_no_edit_once_submissions_close(self, resident_api, resident, open_campaign):
        proposal = ProposalFactory(campaign=open_campaign, author=resident)
        submission = open_campaign.phases.get(phase="submission")
        submission.end = timezone.now() - timedelta(seconds=1)
        submission.save()
        open_campaign.phases.filter(phase="review").update(start=submission.end)
        response = resident_api.patch(f"{URL}{proposal.id}/", {"title": "Trop tard"}, format="json")
        assert_error(response, 409, "phase_closed")

    def test_withdraw(self, resident_api, resident, open_campaign, api):
        proposal = ProposalFactory(campaign=open_campaign, author=resident)
        response = resident_api.post(f"{URL}{proposal.id}/withdraw/")
        assert response.status_code == 200
        assert response.json()["status"] == "withdrawn"
        assert response.json()["can"] == NO_ACTIONS
        assert api.get(URL).json()["count"] == 0
        assert_error(resident_api.post(f"{URL}{proposal.id}/withdraw/"), 409, "invalid_transition")


@pytest.mark.django_db
class TestOfficialFilters:
    def test_reported_hidden_assigned_and_dates(self, api, official, open_campaign):
        quiet = ProposalFactory(campaign=open_campaign)
        reported = ProposalFactory(campaign=open_campaign, report_count=2)
        hidden = ProposalFactory(campaign=open_campaign, report_count=3, is_hidden=True)
        mine = ProposalFactory(campaign=open_campaign, assignee=official)
        api.force_authenticate(official)

        def ids(**params):
            response = api.get(URL, params)
            assert response.status_code == 200, response.content
            return {f["id"] for f in response.json()["features"]}

        assert ids(reported="true") == {reported.id, hidden.id}
        assert ids(reported="false") == {quiet.id, mine.id}
        assert ids(hidden="true") == {hidden.id}
        assert ids(assigned_to_me="true") == {mine.id}
        assert ids(created_after="2000-01-01T00:00:00Z") == {
            quiet.id,
            reported.id,
            hidden.id,
            mine.id,
        }
        assert ids(created_before="2000-01-01T00:00:00Z") == set()
        assert "reported" in api.get(URL, {"reported": "maybe"}).json()["errors"]


@pytest.mark.django_db
def test_campaigns_filter_by_phase_and_area(api, open_campaign, closed_campaign):
    from campaigns.services import campaigns_phase_apply

    campaigns_phase_apply(now=timezone.now())
    slugs = {
        c["slug"] for c in api.get("/api/v1/campaigns/", {"phase": "submission"}).json()["results"]
    }
    assert slugs == {open_campaign.slug}
    assert api.get("/api/v1/campaigns/", {"phase": "holidays"}).status_code == 400
    assert api.get("/api/v1/campaigns/", {"area": "paris-05"}).json()["count"] == 2


@pytest.mark.django_db
def test_author_changes_are_audited(resident_api, resident, open_campaign):
    from audit.models import AuditRecord

    created = resident_api.post(URL, payload(open_campaign), format="json").json()
    resident_api.patch(f"{URL}{created['id']}/", {"title": "Un titre plus clair"}, format="json")
    resident_api.patch(f"{URL}{created['id']}/", {"title": "Un titre plus clair"}, format="json")
    resident_api.post(f"{URL}{created['id']}/withdraw/")
    records = AuditRecord.objects.filter(object_type="proposal", object_id=str(created["id"]))
    assert [r.action for r in records.order_by("id")] == [
        "proposal.submit",
        "proposal.edit",  # the second, identical edit changed nothing: no record
        "proposal.withdraw",
    ]
    edit = records.get(action="proposal.edit")
    assert edit.actor == resident
    assert edit.before == {"title": "Un jardin partagé rue Mouffetard"}
    assert edit.after == {"title": "Un titre plus clair"}
    assert records.get(action="proposal.withdraw").after == {"status": "withdrawn"}
    assert records.get(action="proposal.submit").area.code == "paris-05"
