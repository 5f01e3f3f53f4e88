"""Voters' declarations: the home address placed by the geocoder, the arrondissement de cœur,
officials' review (audited), and a refused person's ballot that stops counting."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from campaigns.services import campaign_phase_advance
from results.services import results_tally
from voting.models import Ballot, VoterDeclaration

from .conftest import box, client_for, declare, make_world

pytestmark = pytest.mark.django_db


def put(client, world, **body):
    body.setdefault("full_name", "Camille Durand")
    return client.put(f"/api/v1/campaigns/{world.campaign.slug}/declaration/", body, format="json")


def test_the_heart_area_defaults_to_the_home_address_area(world):
    user = UserFactory()
    client = client_for(user)
    response = put(client, world, birth_date="1990-05-17", address="12 rue de Rivoli")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["address_label"] == "12 Rue de Rivoli 75004 Paris"
    assert body["home_arrondissement"] == "4e arrondissement"
    assert body["heart_area"]["code"] == "paris-centre"  # the 1st-4th are one area
    assert body["status"] == "pending"
    assert client.get(f"/api/v1/campaigns/{world.campaign.slug}/declaration/").json() == body


def test_a_voter_chooses_another_arrondissement_de_coeur(world):
    client = client_for(UserFactory())
    response = put(
        client, world, birth_date="1990-05-17", address="10 rue Mouffetard", heart_area="paris-19"
    )
    assert response.json()["heart_area"]["code"] == "paris-19"
    assert response.json()["home_arrondissement"] == "5e arrondissement"
    for code in ("paris", "paris-12", "nowhere"):  # the city, an area outside the campaign
        response = put(
            client, world, birth_date="1990-05-17", address="10 rue Mouffetard", heart_area=code
        )
        assert response.status_code == 400 and "heart_area" in response.json()["errors"]


def test_addresses_outside_paris_and_impossible_birth_dates_are_refused(world):
    client = client_for(UserFactory())
    response = put(
        client, world, birth_date="1990-05-17", address="3 rue de la Paix 93100 Montreuil"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "address_not_found" and "address" in response.json()["errors"]
    response = put(client, world, birth_date="qqqq qqqq", address="zzzz")
    assert response.status_code == 400 and "birth_date" in response.json()["errors"]
    tomorrow = timezone.localdate().toordinal() + 1
    response = put(
        client,
        world,
        birth_date=date.fromordinal(tomorrow).isoformat(),
        address="10 rue Mouffetard",
    )
    assert response.status_code == 400 and response.json()["errors"] == {
        "birth_date": ["Enter your real birth date."]
    }
    assert not VoterDeclaration.objects.exists()


def test_the_declaration_is_fixed_once_the_person_has_voted(world, voter, voter_api):
    voter_api.post(
        f"/api/v1/campaigns/{world.campaign.slug}/ballots/",
        {"area": "paris-05", "projects": [world.projects["jardin"].pk]},
        format="json",
    )
    response = put(
        voter_api,
        world,
        birth_date="1990-05-17",
        address="20 quai de la Loire",
        heart_area="paris-19",
    )
    assert response.status_code == 409
    assert VoterDeclaration.objects.get(person=voter).heart_area.code == "paris-05"


def review(client, declaration, **body):
    return client.post(f"/api/v1/declarations/{declaration.pk}/review/", body, format="json")


def test_officials_of_the_heart_area_review_and_it_is_audited(world, voter, official):
    declaration = VoterDeclaration.objects.get(person=voter)
    elsewhere = UserFactory(role="official", areas=["paris-19"])
    assert review(client_for(elsewhere), declaration, decision="checked").status_code == 403
    assert review(client_for(voter), declaration, decision="checked").status_code == 403
    response = review(client_for(official), declaration, decision="checked")
    assert response.status_code == 200 and response.json()["status"] == "checked"
    record = AuditRecord.objects.get(action="declaration.checked")
    assert (record.actor, record.object_id, record.area.code) == (
        official,
        str(declaration.pk),
        "paris-05",
    )
    listed = client_for(official).get(
        f"/api/v1/campaigns/{world.campaign.slug}/declarations/?status=checked"
    )
    assert [d["id"] for d in listed.json()["results"]] == [declaration.pk]
    assert (
        client_for(elsewhere)
        .get(f"/api/v1/campaigns/{world.campaign.slug}/declarations/")
        .json()["results"]
        == []
    )
    assert (
        client_for(voter).get(f"/api/v1/campaigns/{world.campaign.slug}/declarations/").status_code
        == 403
    )


def test_a_refused_persons_ballots_do_not_count_and_they_are_told_why(
    world, voter, voter_api, official
):
    other = UserFactory()
    declare(other, world.campaign)
    slug = world.campaign.slug
    mine = voter_api.post(
        f"/api/v1/campaigns/{slug}/ballots/",
        {"area": "paris-05", "projects": [world.projects["jardin"].pk]},
        format="json",
    ).json()
    voter_api.post(
        f"/api/v1/campaigns/{slug}/ballots/",
        {"area": "paris", "projects": [world.projects["bibli"].pk]},
        format="json",
    )
    theirs = (
        client_for(other)
        .post(
            f"/api/v1/campaigns/{slug}/ballots/",
            {"area": "paris-05", "projects": [world.projects["piste"].pk]},
            format="json",
        )
        .json()
    )
    declaration = VoterDeclaration.objects.get(person=voter)

    response = review(client_for(official), declaration, decision="refused")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = review(
        client_for(official), declaration, decision="refused", reason="Vous n'habitez pas à Paris."
    )
    assert response.status_code == 200
    # Nothing about any ballot changes now: the box still holds the three, sealed.
    assert box(world.campaign).count() == 3 and not Ballot.objects.exists()
    check = voter_api.post("/api/v1/receipts/check/", {"receipt": mine["receipt"]}).json()
    assert check["status"] == "sealed"
    told = voter_api.get(f"/api/v1/campaigns/{slug}/declaration/").json()
    assert (told["status"], told["review_reason"]) == ("refused", "Vous n'habitez pas à Paris.")
    status = voter_api.get(f"/api/v1/campaigns/{slug}/voting/").json()
    assert status["can"]["reason"] == "not_eligible"
    assert "Vous n'habitez pas à Paris." in status["can"]["message"]
    audit = AuditRecord.objects.get(action="declaration.refused")
    assert audit.reason == "Vous n'habitez pas à Paris."
    assert "ballot" not in str(audit.before) + str(audit.after)

    # Checked, then refused again, before counting starts: the decision standing when the
    # count starts is the one applied.
    review(client_for(official), declaration, decision="checked")
    review(client_for(official), declaration, decision="refused", reason="Finalement non.")
    # Counting starts with the results phase: both of the voter's ballots are left out.
    now = timezone.now()
    campaign_phase_advance(
        campaign=world.campaign, actor=UserFactory(role="administrator"), reason="x", now=now
    )
    results_tally(campaign_id=world.campaign.pk, now=now)
    assert Ballot.objects.get(campaign=world.campaign).choices == {
        "projects": [world.projects["piste"].pk]
    }
    check = voter_api.post("/api/v1/receipts/check/", {"receipt": mine["receipt"]}).json()
    assert (check["status"], check["counted"]) == ("not_counted", False)
    assert (
        voter_api.post("/api/v1/receipts/check/", {"receipt": theirs["receipt"]}).json()["counted"]
        is True
    )


def test_declarations_close_with_voting(db):
    world = make_world("results")
    response = put(
        client_for(UserFactory()), world, birth_date="1990-05-17", address="10 rue Mouffetard"
    )
    assert (response.status_code, response.json()["code"]) == (409, "phase_closed")


def test_no_declaration_is_a_404_in_the_error_format(world, resident_api):
    response = resident_api.get(f"/api/v1/campaigns/{world.campaign.slug}/declaration/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
