"""The petitions API: filing, the list and the detail, signing, withdrawing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.testing.api import assert_error, client_for
from petitions.models import Petition, Signature

from .factories import (
    SIGN,
    PetitionFactory,
    ProcessFactory,
    SignatureFactory,
    checked_declaration,
    pending_petition,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/petitions/"


def filing(process, **extra):
    return {
        "process": process.slug,
        "title": "Des bancs place du Panthéon",
        "text": "Installer des bancs à l'ombre place du Panthéon pour se reposer.",
        "authority_kind": "area",
        "area_code": "paris-05",
        "theme": "environnement",
        "location": {"type": "Point", "coordinates": [2.3461, 48.8462]},
        **extra,
    }


def test_file_a_petition_pending_and_followed(resident_api, resident):
    process = ProcessFactory()
    response = resident_api.post(URL, filing(process), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["authority"] == {
        "kind": "area",
        "area": {"code": "paris-05", "name": "5e arrondissement"},
    }
    assert body["following"] is True
    assert body["can"]["edit"] is True and body["can"]["sign"] is False
    # Sanitised like proposals: markup removed.
    response = resident_api.post(
        URL,
        filing(
            process,
            title="<b>Des arbres</b> rue <script>x</script>Mouffetard",
            authority_kind="city",
        ),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["title"] == "Des arbres rue Mouffetard"
    assert response.json()["authority"] == {"kind": "city", "area": None}


def test_filing_needs_a_verified_email_and_an_area(unverified_api, resident_api):
    process = ProcessFactory()
    assert_error(
        unverified_api.post(URL, filing(process), format="json"), 403, "email_not_verified"
    )
    body = filing(process)
    del body["area_code"]
    assert_error(resident_api.post(URL, body, format="json"), 400, "invalid", field="area_code")
    assert_error(
        resident_api.post(URL, filing(process, title="abc"), format="json"),
        400,
        "invalid",
        field="title",
    )


def test_filing_closed_process(resident_api):
    process = ProcessFactory(filing_open=False)
    assert_error(resident_api.post(URL, filing(process), format="json"), 409, "filing_closed")


def test_public_list_holds_published_only(api, resident, resident_api):
    published = PetitionFactory()
    mine_pending = pending_petition(author=resident)
    other_pending = pending_petition()
    ids = [p["id"] for p in api.get(URL).json()["results"]]
    assert ids == [published.pk]
    ids = {p["id"] for p in resident_api.get(URL + "?mine=true").json()["results"]}
    assert ids == {mine_pending.pk}
    assert api.get(f"{URL}{other_pending.pk}/").status_code == 404
    assert resident_api.get(f"{URL}{mine_pending.pk}/").status_code == 200


def test_list_item_shape(api):
    petition = PetitionFactory()
    item = api.get(URL).json()["results"][0]
    assert item["id"] == petition.pk
    assert item["excerpt"].startswith("Installer des fontaines")
    assert item["status"] == "open" and item["threshold"] == 3 and item["signature_count"] == 0
    assert item["location"] == {"type": "Point", "coordinates": [2.3461, 48.8462]}
    assert item["signed_by_me"] is False and item["following"] is False


def test_sign_counted_with_a_checked_declaration(resident, resident_api):
    petition = PetitionFactory()
    checked_declaration(resident)
    response = resident_api.post(f"{URL}{petition.pk}/signature/", SIGN, format="json")
    assert response.status_code == 201, response.content
    assert response.json() == {"counted": True, "held_reason": None}
    detail = resident_api.get(f"{URL}{petition.pk}/").json()
    assert detail["signature_count"] == 1
    assert detail["signed_by_me"] is True and detail["following"] is True
    assert detail["counts_by_area"] == [
        {"code": "paris-05", "name": "5e arrondissement", "count": 1}
    ]
    assert detail["can"]["sign"] is False and detail["can"]["withdraw"] is True
    assert detail["held_count"] is None
    assert_error(
        resident_api.post(f"{URL}{petition.pk}/signature/", SIGN, format="json"),
        409,
        "already_signed",
    )


def test_sign_held_without_checked_declaration_or_new_account(resident_api, unverified_resident):
    from accounts.tests.factories import UserFactory

    petition = PetitionFactory()
    response = resident_api.post(f"{URL}{petition.pk}/signature/", SIGN, format="json")
    assert response.json() == {"counted": False, "held_reason": "unverified_declaration"}
    young = UserFactory(date_joined=timezone.now() - timedelta(hours=3))
    checked_declaration(young)
    response = client_for(young).post(f"{URL}{petition.pk}/signature/", SIGN, format="json")
    assert response.json() == {"counted": False, "held_reason": "new_account"}
    petition.refresh_from_db()
    assert petition.signature_count == 0
    assert Signature.objects.filter(petition=petition, status="held").count() == 2


def test_sign_refusals(resident_api, api):
    petition = PetitionFactory()
    url = f"{URL}{petition.pk}/signature/"
    assert_error(
        resident_api.post(url, {**SIGN, "resident": False}, format="json"),
        400,
        "not_resident",
        field="resident",
    )
    young = (timezone.now() - timedelta(days=365 * 10)).date().isoformat()
    body = assert_error(
        resident_api.post(url, {**SIGN, "birth_date": young}, format="json"),
        400,
        "under_min_age",
        field="birth_date",
    )
    assert body["params"] == {"min_age": 16}
    assert_error(
        resident_api.post(url, {**SIGN, "area_code": "paris"}, format="json"),
        400,
        "invalid",
        field="area_code",
    )
    assert_error(
        resident_api.post(url, {**SIGN, "birth_date": "1980-02-30"}, format="json"),
        400,
        "invalid",
        field="birth_date",
    )
    assert api.post(url, SIGN, format="json").status_code == 401
    closed = PetitionFactory(status=Petition.Status.CLOSED, signing_ends_at=timezone.now())
    assert_error(
        resident_api.post(f"{URL}{closed.pk}/signature/", SIGN, format="json"),
        409,
        "petition_not_open",
    )
    pending = pending_petition()
    assert (
        resident_api.post(f"{URL}{pending.pk}/signature/", SIGN, format="json").status_code == 404
    )


def test_withdraw_while_open(resident, resident_api):
    petition = PetitionFactory(signature_count=1)
    SignatureFactory(petition=petition, user=resident)
    assert resident_api.delete(f"{URL}{petition.pk}/signature/").status_code == 204
    petition.refresh_from_db()
    assert petition.signature_count == 0
    assert_error(resident_api.delete(f"{URL}{petition.pk}/signature/"), 409, "not_signed")


def test_signers_list_shows_chosen_names_only(api):
    from accounts.tests.factories import UserFactory

    petition = PetitionFactory(signature_count=3)
    SignatureFactory(petition=petition, user=UserFactory(display_name="Visible"), show_name=True)
    SignatureFactory(petition=petition, user=UserFactory(display_name="Caché"), show_name=False)
    SignatureFactory(
        petition=petition,
        user=UserFactory(display_name="Retenu"),
        show_name=True,
        status=Signature.Status.HELD,
        held_reason="new_account",
    )
    body = api.get(f"{URL}{petition.pk}/signatures/").json()
    assert [s["name"] for s in body["results"]] == ["Visible"]
    assert body["total_counted"] == 3 and body["count"] == 1
    assert "Caché" not in str(body) and "Retenu" not in str(body)


def test_processes_public_admin_writes(api, admin_api, resident_api):
    ProcessFactory(slug="paris")
    assert [p["slug"] for p in api.get(URL + "processes/").json()] == ["paris"]
    new = {
        "slug": "autre",
        "name": "Autre",
        "threshold": 10,
        "area_threshold": 5,
        "signing_days": 10,
        "answer_days": 10,
        "min_age": 0,
        "filing_open": True,
    }
    assert resident_api.post(URL + "processes/", new, format="json").status_code == 403
    assert admin_api.post(URL + "processes/", new, format="json").status_code == 201
    assert_error(
        admin_api.post(URL + "processes/", new, format="json"), 409, "slug_taken", field="slug"
    )
