"""The shared list machinery: strict filter values (core/filters.py) and strict page parameters
(core/pagination.py), on the FilterSet base itself and through real list endpoints."""

import pytest
from django_filters import CharFilter, MultipleChoiceFilter

from core.filters import (
    EMPTY_MESSAGE,
    FilterSet,
    KnownValueFilter,
    PatternFilter,
    StrictBooleanFilter,
)
from geo.models import Area


class AreaFilter(FilterSet):
    code = KnownValueFilter(known=Area.objects.all(), known_field="code")
    kind = MultipleChoiceFilter(choices=Area.Kind.choices)
    name = CharFilter()
    city = StrictBooleanFilter(method="filter_city")
    shape = PatternFilter(
        field_name="code", pattern=r"paris-[0-9]{2}", message="Expected paris-NN."
    )

    class Meta:
        model = Area
        fields = ["code", "kind", "name"]

    def filter_city(self, qs, name, value):
        return qs.filter(kind="city") if value else qs.exclude(kind="city")


def errors(params):
    filterset = AreaFilter(params, queryset=Area.objects.all())
    assert not filterset.is_valid()
    return {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}


def codes(params):
    filterset = AreaFilter(params, queryset=Area.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("code", flat=True))


@pytest.mark.django_db
class TestStrictFilterSet:
    def test_an_empty_value_is_refused_for_every_kind_of_filter(self):
        for name in ("code", "kind", "name", "city"):
            assert errors({name: ""}) == {name: [EMPTY_MESSAGE]}
            assert errors({name: "   "}) == {name: [EMPTY_MESSAGE]}

    def test_one_empty_value_among_several_is_refused(self):
        assert errors({"kind": ["city", ""]}) == {"kind": [EMPTY_MESSAGE]}
        assert errors({"name": ["Paris Centre", " "]}) == {"name": [EMPTY_MESSAGE]}

    def test_absent_parameters_do_not_filter(self):
        assert codes({}) == set(Area.objects.values_list("code", flat=True))

    def test_known_values_filter_and_unknown_ones_are_refused(self):
        assert codes({"code": "paris-05"}) == {"paris-05"}
        assert errors({"code": "paris-99"}) == {"code": ["Unknown value: paris-99."]}
        assert set(errors({"code": "x" * 101})) == {"code"}

    def test_a_pattern_must_match_the_whole_value(self):
        assert codes({"shape": "paris-05"}) == {"paris-05"}
        for value in ("paris-5", "xparis-05", "paris-05x", "paris-05\n", "paris-٠٥"):
            assert errors({"shape": value}) == {"shape": ["Expected paris-NN."]}, value
        assert errors({"shape": ""}) == {"shape": [EMPTY_MESSAGE]}

    def test_a_bad_value_elsewhere_does_not_hide_the_empty_one(self):
        assert set(errors({"code": "", "city": "banana"})) == {"code", "city"}

    def test_strict_boolean(self):
        assert codes({"city": "true"}) == {"paris"}
        assert "paris" not in codes({"city": "0"})
        assert errors({"city": "banana"}) == {"city": ["Expected true or false."]}


@pytest.mark.django_db
class TestStrictPagination:
    URL = "/api/v1/campaigns/"

    @pytest.mark.parametrize("value", ["null", "", "0", "-1", "1.5", "abc", "1001", "9" * 30])
    def test_bad_page_sizes_are_400_naming_the_parameter(self, api, value):
        response = api.get(self.URL, {"page_size": value})
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid" and set(body["errors"]) == {"page_size"}

    @pytest.mark.parametrize("value", ["0", "-2", "abc", "", "null", "1000000000", "161935026830"])
    def test_malformed_page_numbers_are_400(self, api, value):
        response = api.get(self.URL, {"page": value})
        assert response.status_code == 400
        assert response.json()["errors"] == {"page": ["Expected an integer from 1 to 999999999."]}

    def test_good_values_still_page(self, api, open_campaign, closed_campaign):
        first = api.get(self.URL, {"page_size": 1}).json()
        assert first["count"] == 2 and len(first["results"]) == 1 and first["next"]
        last = api.get(self.URL, {"page_size": 1, "page": "last"}).json()
        assert len(last["results"]) == 1 and last["previous"] and not last["next"]
        assert last["results"][0]["slug"] != first["results"][0]["slug"]
        assert api.get(self.URL, {"page_size": 1000}).status_code == 200

    def test_a_page_past_the_end_is_still_not_found(self, api, open_campaign):
        response = api.get(self.URL, {"page": 5})
        assert response.status_code == 404 and response.json()["code"] == "not_found"

    def test_the_geojson_proposal_list_is_strict_too(self, api):
        response = api.get("/api/v1/proposals/", {"page_size": "null"})
        assert response.status_code == 400 and set(response.json()["errors"]) == {"page_size"}
        assert api.get("/api/v1/proposals/", {"page_size": 5}).status_code == 200


def test_the_schema_states_what_the_lists_refuse():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    parameters = {p["name"]: p["schema"] for p in paths["/api/v1/proposals/"]["get"]["parameters"]}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    assert parameters["page"] == {"type": "integer", "minimum": 1, "maximum": 999_999_999}
    assert parameters["theme"] == {
        "type": "string",
        "minLength": 1,
        "pattern": r"\S",
        "maxLength": 100,
    }
    assert parameters["search"]["maxLength"] == 200
    assert parameters["hidden"] == {"type": "boolean"}
    assert "minLength" not in parameters["status"]["items"]  # an enum says it already
    review = {p["name"]: p["schema"] for p in paths["/api/v1/review/queue/"]["get"]["parameters"]}
    assert review["hidden"] == {"type": "boolean"}
