"""The officials' review queue and the CSV export."""

import csv
import io

import pytest

from accounts.tests.factories import UserFactory
from core.testing.api import assert_error, client_for
from proposals.tests.factories import BUTTES_CHAUMONT
from review.export import safe_cell

QUEUE = "/api/v1/review/queue/"
EXPORT = "/api/v1/review/export.csv"


@pytest.mark.django_db
class TestQueue:
    def test_officials_see_their_area_with_officials_fields(self, official_api, make_proposal):
        mine = make_proposal(private_notes="à voir", is_hidden=True)
        make_proposal(at=BUTTES_CHAUMONT)
        body = official_api.get(QUEUE).json()
        assert [p["id"] for p in body["results"]] == [mine.pk]  # hidden ones included
        assert body["results"][0]["private_notes"] == "à voir"
        assert body["results"][0]["can"]["review"] is True

    def test_administrators_see_all(self, admin_api, make_proposal):
        make_proposal(), make_proposal(at=BUTTES_CHAUMONT)
        assert admin_api.get(QUEUE).json()["count"] == 2

    def test_residents_are_refused(self, resident_api, api):
        assert_error(resident_api.get(QUEUE), 403, "permission_denied")
        assert_error(api.get(QUEUE), 401, "not_authenticated")

    def test_oldest_first(self, official_api, make_proposal):
        first, second = make_proposal(), make_proposal()
        assert [p["id"] for p in official_api.get(QUEUE).json()["results"]] == [first.pk, second.pk]

    def test_most_supported_first_when_asked(self, official_api, make_proposal):
        from django.utils.timezone import now

        from conversations.models import Support

        quiet, popular, some = make_proposal(), make_proposal(), make_proposal()
        for proposal, n in ((popular, 3), (some, 1)):
            for _ in range(n):
                Support.objects.create(proposal=proposal, user=UserFactory(), created_at=now())
        rows = official_api.get(QUEUE, {"ordering": "-supports"}).json()["results"]
        assert [(r["id"], r["supports"]) for r in rows] == [
            (popular.pk, 3),
            (some.pk, 1),
            (quiet.pk, 0),
        ]
        rows = official_api.get(QUEUE, {"ordering": "supports"}).json()["results"]
        assert rows[0]["id"] == quiet.pk
        assert_error(official_api.get(QUEUE, {"ordering": "votes"}), 400, "invalid", "ordering")

    def test_filters_through_the_api(self, official_api, official, make_proposal):
        mine = make_proposal(assignee=official, prepared_decision="rejected", prepared_answer="Non")
        make_proposal(status="accepted")
        ids = lambda query: [p["id"] for p in official_api.get(QUEUE + query).json()["results"]]  # noqa: E731
        assert ids("?assigned_to_me=true") == [mine.pk]
        assert ids("?prepared=true") == [mine.pk]
        assert ids("?status=submitted&area=paris-05") == [mine.pk]
        assert_error(
            official_api.get(QUEUE + "?created_after=yesterday"), 400, "invalid", "created_after"
        )
        assert_error(official_api.get(QUEUE + "?status=lost"), 400, "invalid", "status")
        assert_error(official_api.get(QUEUE + "?hidden=banana"), 400, "invalid", "hidden")
        assert_error(official_api.get(QUEUE + "?theme="), 400, "invalid", "theme")
        assert_error(official_api.get(QUEUE + "?page_size=null"), 400, "invalid", "page_size")

    def test_query_count_does_not_grow_with_the_list(
        self, official_api, make_proposal, django_assert_max_num_queries
    ):
        for _ in range(3):
            make_proposal(assignee=UserFactory(role="official", areas=["paris-05"], password=None))
        with django_assert_max_num_queries(6):  # user areas, count, page, campaign phases, …
            small = official_api.get(QUEUE)
        for _ in range(12):
            make_proposal()
        with django_assert_max_num_queries(6):
            large = official_api.get(QUEUE)
        assert small.json()["count"] == 3 and large.json()["count"] == 15


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


@pytest.mark.django_db
class TestExport:
    def test_csv_of_the_officials_area(
        self, official_api, official, make_proposal, review_campaign
    ):
        author = UserFactory(display_name="Camille", email="camille@example.org", password=None)
        accepted = make_proposal(
            status="accepted",
            estimated_cost=75_000,
            public_answer="Oui ;\n« bien »",
            author=author,
            assignee=official,
        )
        make_proposal(at=BUTTES_CHAUMONT)  # another area
        make_proposal()  # same area and campaign: exported
        response = official_api.get(
            EXPORT, {"campaign": review_campaign.slug}, HTTP_ACCEPT="text/csv"
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith(
            f'attachment; filename="belvedere-{review_campaign.slug}-'
        )
        rows = read_csv(response)
        assert rows[0] == [
            "id",
            "title",
            "status",
            "area",
            "district",
            "theme",
            "author",
            "estimated_cost",
            "public_answer",
            "prepared_decision",
            "assignee",
            "created_at",
            "decided_at",
        ]
        assert len(rows) == 3  # header + the two proposals of the 5th
        row = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == str(accepted.pk)), strict=True))
        assert row["status"] == "accepted"
        assert row["area"] == "paris-05" and row["district"] == "5e arrondissement"
        assert row["theme"] == "environnement"
        assert row["author"] == "Camille"
        assert row["estimated_cost"] == "75000"
        assert row["public_answer"] == "Oui ;\n« bien »"
        assert row["created_at"].endswith(("+01:00", "+02:00"))  # Europe/Paris
        content = b"".join(
            official_api.get(EXPORT, {"campaign": review_campaign.slug}).streaming_content
        )
        assert b"camille@example.org" not in content  # authors' emails never exported

    def test_cells_cannot_be_formulas(self, admin_api, make_proposal, review_campaign):
        make_proposal(title='=HYPERLINK("http://evil.example","clic")')
        make_proposal(title="+33 1 42 76 40 40", public_answer="-2+3", status="rejected")
        make_proposal(title="@SUM(A1)")
        rows = read_csv(admin_api.get(EXPORT, {"campaign": review_campaign.slug}))
        titles = {r[1] for r in rows[1:]}
        assert titles == {
            '\'=HYPERLINK("http://evil.example","clic")',
            "'+33 1 42 76 40 40",
            "'@SUM(A1)",
        }
        assert "'-2+3" in {r[8] for r in rows[1:]}

    @pytest.mark.parametrize(
        ("value", "cell"),
        [
            ("=1+1", "'=1+1"),
            ("-1", "'-1"),
            ("\tx", "'\tx"),
            ("ok", "ok"),
            (None, ""),
            (-3, -3),
            (42, 42),
        ],
    )
    def test_safe_cell(self, value, cell):
        assert safe_cell(value) == cell

    def test_filters_apply(self, official_api, make_proposal, review_campaign):
        accepted = make_proposal(status="accepted")
        make_proposal()
        rows = read_csv(
            official_api.get(EXPORT, {"campaign": review_campaign.slug, "status": "accepted"})
        )
        assert [r[0] for r in rows[1:]] == [str(accepted.pk)]

    def test_residents_get_a_json_403(self, resident_api, review_campaign):
        response = resident_api.get(
            EXPORT, {"campaign": review_campaign.slug}, HTTP_ACCEPT="text/csv"
        )
        assert response["Content-Type"] == "application/json"
        assert_error(response, 403, "permission_denied")

    def test_campaign_is_required(self, official_api):
        assert_error(official_api.get(EXPORT), 400, "invalid", "campaign")
        assert_error(official_api.get(EXPORT, {"campaign": "nope"}), 400, "invalid", "campaign")
        for bad in ("", "a b", "x" * 101):  # what the schema's pattern and length refuse
            assert_error(official_api.get(EXPORT, {"campaign": bad}), 400, "invalid", "campaign")

    def test_the_schema_states_the_campaign_slug(self):
        from drf_spectacular.generators import SchemaGenerator

        paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
        parameters = {p["name"]: p for p in paths[EXPORT]["get"]["parameters"]}
        assert parameters["campaign"]["required"] is True
        assert parameters["campaign"]["schema"] == {
            "type": "string",
            "pattern": "^[-a-zA-Z0-9_]+$",
            "maxLength": 100,
        }

    def test_export_queries_do_not_grow(
        self, official_api, make_proposal, review_campaign, django_assert_max_num_queries
    ):
        for _ in range(5):
            make_proposal()
        with django_assert_max_num_queries(5):
            rows = read_csv(official_api.get(EXPORT, {"campaign": review_campaign.slug}))
        assert len(rows) == 6

    def test_other_officials_get_nothing_of_the_fifth(
        self, other_official, make_proposal, review_campaign
    ):
        make_proposal()
        rows = read_csv(client_for(other_official).get(EXPORT, {"campaign": review_campaign.slug}))
        assert rows == [rows[0]]
