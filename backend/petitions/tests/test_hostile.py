"""Hostile input on every write of the petitions API: a 4xx in the error format naming the
field, never a 500."""

import pytest

from core.testing.hostile import (
    assert_refused,
    encoded_markup,
    huge_json,
    nested_in_field,
    send_raw,
)
from petitions.models import Petition, Signature

from .factories import SIGN, PetitionFactory, ProcessFactory, SignatureFactory, pending_petition

pytestmark = pytest.mark.django_db
URL = "/api/v1/petitions/"


def _filing(process, **extra):
    return {
        "process": process.slug,
        "title": "Des bancs place du Panthéon",
        "text": "Installer des bancs à l'ombre place du Panthéon pour se reposer.",
        "authority_kind": "city",
        "theme": "environnement",
        **extra,
    }


FILING_CASES = [
    ("title", "\x00" * 10),
    ("title", True),
    ("title", 12345),
    ("title", ["a", "b"]),
    ("title", "x" * 151),
    ("title", "\u200b\u200b\u200b\u200b\u200b\u200b"),
    ("text", {"nested": "object"}),
    ("text", "court"),
    ("authority_kind", "galaxy"),
    ("authority_kind", None),
    ("area_code", "paris"),  # the city-wide area is not an arrondissement
    ("area_code", "../../etc"),
    ("theme", "nope"),
    ("theme", "x" * 500),
    ("process", 7),
    ("location", {"type": "Point", "coordinates": [2.35]}),
    ("location", {"type": "Point", "coordinates": [200, 48]}),
    ("location", {"type": "Polygon", "coordinates": []}),
    ("location", "POINT(2 48)"),
    ("address", "y" * 300),
]


@pytest.mark.parametrize(("field", "value"), FILING_CASES)
def test_filing_hostile_values(resident_api, field, value):
    process = ProcessFactory()
    body = {**_filing(process), field: value}
    if field == "area_code":
        body["authority_kind"] = "area"
    response = resident_api.post(URL, body, format="json")
    assert_refused(response, 400, field=field)


def test_filing_markup_encoded_many_times_is_plain_text_or_refused(resident_api):
    process = ProcessFactory()
    title = "Des arbres " + encoded_markup(3)
    response = resident_api.post(URL, _filing(process, title=title), format="json")
    assert response.status_code in (201, 400)
    if response.status_code == 201:
        assert "<" not in response.json()["title"]


def test_filing_outside_the_city(resident_api):
    process = ProcessFactory()
    body = _filing(process, location={"type": "Point", "coordinates": [5.37, 43.29]})  # Marseille
    assert_refused(resident_api.post(URL, body, format="json"), 400, code="outside_city")


def test_nested_and_huge_bodies(resident_api):
    petition = PetitionFactory()
    response = send_raw(
        resident_api, "post", f"{URL}{petition.pk}/signature/", nested_in_field(5000, "birth_date")
    )
    assert 400 <= response.status_code < 500
    response = send_raw(resident_api, "post", URL, huge_json(3 * 1024 * 1024, title="x"))
    assert response.status_code == 413


SIGN_CASES = [
    ("birth_date", "1980-13-45"),
    ("birth_date", "yesterday"),
    ("birth_date", 19800517),
    ("birth_date", "9999-12-31"),
    ("birth_date", "0001-01-01\x00"),
    ("area_code", 5),
    ("area_code", "paris-99"),
    ("area_code", None),
    ("resident", "maybe"),
    ("resident", False),
    ("show_name", "perhaps"),
    ("show_name", 1),
    ("resident", 1),
]


@pytest.mark.parametrize(("field", "value"), SIGN_CASES)
def test_sign_hostile_values(resident_api, field, value):
    petition = PetitionFactory()
    response = resident_api.post(
        f"{URL}{petition.pk}/signature/", {**SIGN, field: value}, format="json"
    )
    assert_refused(response, 400, field=field)
    assert not Signature.objects.filter(petition=petition).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"decision": "maybe"}, "decision"),
        ({"decision": "inadmissible", "reason_code": "boredom"}, "reason_code"),
        (
            {"decision": "inadmissible", "reason_code": "other", "reason_text": "r" * 2001},
            "reason_text",
        ),
        ({}, "decision"),
    ],
)
def test_moderation_hostile(official_api, body, field):
    petition = pending_petition()
    assert_refused(
        official_api.post(f"{URL}{petition.pk}/moderation/", body, format="json"), 400, field=field
    )
    petition.refresh_from_db()
    assert petition.status == Petition.Status.PENDING


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("answer/", {"text": "court"}, "text"),
        ("answer/", {"text": ["a"]}, "text"),
        ("convert/", {"campaign": "no-such-campaign"}, "campaign"),
        ("convert/", {"campaign": "x", "location": [1, 2]}, "location"),
    ],
)
def test_answer_and_convert_hostile(official_api, url, body, field):
    petition = PetitionFactory()
    assert_refused(
        official_api.post(f"{URL}{petition.pk}/{url}", body, format="json"), 400, field=field
    )


def test_check_hostile(official_api):
    signature = SignatureFactory(status=Signature.Status.HELD, held_reason="new_account")
    url = f"{URL}signatures/{signature.pk}/check/"
    assert_refused(
        official_api.post(url, {"decision": "approve"}, format="json"), 400, field="decision"
    )
    assert (
        official_api.post(
            f"{URL}signatures/999999999/check/", {"decision": "count"}, format="json"
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=nope", "status"),
        ("status=", "status"),
        ("authority=paris-99", "authority"),
        ("authority=", "authority"),
        ("theme=nope", "theme"),
        ("order=random", "order"),
        ("mine=perhaps", "mine"),
        ("signed=2", "signed"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("q=" + "w" * 300, "q"),
    ],
)
def test_list_hostile_parameters(api, query, field):
    assert_refused(api.get(f"{URL}?{query}"), 400, field=field)


def test_process_hostile(admin_api):
    base = {
        "slug": "ok",
        "name": "Nom",
        "threshold": 1,
        "area_threshold": 1,
        "signing_days": 1,
        "answer_days": 1,
        "min_age": 0,
        "filing_open": True,
    }
    for field, value in [
        ("slug", "Pas un slug!"),
        ("threshold", 0),
        ("threshold", 10**12),
        ("min_age", -1),
        ("name", "<b></b>"),
        ("filing_open", "sometimes"),
        ("filing_open", 0),
        ("threshold", "5"),
        ("signing_days", 2.5),
        ("min_age", True),
        ("name", 0),
    ]:
        response = admin_api.post(URL + "processes/", {**base, field: value}, format="json")
        assert_refused(response, 400, field=field)
