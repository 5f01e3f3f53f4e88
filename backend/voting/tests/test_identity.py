"""One person, one arrondissement ballot and one city-wide ballot per campaign, whatever the
channel: the attacks of issue 12 tried from outside (API), the voter roll that resolves a person
once, and the officials' queue of identity conflicts (both sides held, never decided by who came
first, each decision's effect)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from voting.models import IdentityConflict, Participation, VoterDeclaration, VoterRollEntry
from voting.selectors import participations_on_hold, participations_set_aside

from .conftest import client_for, declare
from .test_paper import cast_online, enter, reason_online

pytestmark = pytest.mark.django_db

ELODIE = {"full_name": "Élodie Dupont-Lefèvre", "birth_date": "1985-03-02"}
HOME_5TH = "10 rue Mouffetard"


def declare_api(user, world, address=HOME_5TH, **body):
    return client_for(user).put(
        f"/api/v1/campaigns/{world.campaign.slug}/declaration/",
        {**ELODIE, "address": address, **body},
        format="json",
    )


def conflicts_url(world):
    return f"/api/v1/campaigns/{world.campaign.slug}/identity-conflicts/"


def decide(client, world, conflict, **body):
    url = f"{conflicts_url(world)}{conflict.pk}/decide/"
    return client.post(url, body, format="json")


@pytest.fixture
def town_hall(administrator):
    """Paper ballots in any area (administrators enter them anywhere)."""
    return client_for(administrator)


def held(world) -> set:
    return set(participations_on_hold(campaign=world.campaign).values_list("pk", flat=True))


# --- 1. the voter roll resolves a person once --------------------------------------------------


def test_the_full_name_is_required_and_cleaned(world):
    user = UserFactory()
    for name in (None, "", "   ", "\u200b\u200d", "<b></b>"):
        body = {"birth_date": "1985-03-02", "address": HOME_5TH}
        if name is not None:
            body["full_name"] = name
        response = client_for(user).put(
            f"/api/v1/campaigns/{world.campaign.slug}/declaration/", body, format="json"
        )
        assert response.status_code == 400, (name, response.json())
        assert list(response.json()["errors"]) == ["full_name"], name
    response = declare_api(user, world, full_name="  Élodie\u202e  <b>Dupont</b>-Lefèvre ")
    assert response.status_code == 200, response.json()
    assert response.json()["full_name"] == "Élodie Dupont-Lefèvre"
    entry = VoterRollEntry.objects.get(campaign=world.campaign, user=user)
    assert (entry.full_name, entry.name_key) == ("Élodie Dupont-Lefèvre", "elodie dupont lefevre")
    assert not VoterDeclaration.objects.filter(full_name="").exists()


def test_paper_then_online_is_one_entry(world, official_api):
    assert enter(official_api, world, projects=[world.projects["jardin"].pk], **ELODIE,
                 address="3 rue Monge").status_code == 201  # fmt: skip
    user = UserFactory()
    assert declare_api(user, world, full_name="ELODIE dupont lefevre").status_code == 200
    entry = VoterRollEntry.objects.get(campaign=world.campaign)
    assert entry.user == user and entry.standing == "holder"
    assert not IdentityConflict.objects.exists()


def test_online_then_paper_is_one_entry(world, official_api):
    user = UserFactory()
    assert declare_api(user, world).status_code == 200
    response = enter(
        official_api, world, projects=[world.projects["jardin"].pk], **ELODIE, address="3 rue Monge"
    )
    assert response.status_code == 201, response.json()
    entry = VoterRollEntry.objects.get(campaign=world.campaign)
    assert entry.user == user
    assert Participation.objects.get(campaign=world.campaign).voter == entry
    assert reason_online(client_for(user), world) == "already_voted_on_paper"


# --- 2. a ballot elsewhere fixes the arrondissement de cœur ---------------------------------------


def test_paper_in_one_arrondissement_then_online_with_a_home_in_another(world, town_hall):
    """The attack: a paper ballot by name in the 19th, then the same person declares online
    with a home in the 5th and votes there."""
    canal = world.projects["canal"].pk
    response = enter(
        town_hall, world, area="paris-19", projects=[canal], **ELODIE, address="3 quai de Loire"
    )
    assert response.status_code == 201, response.json()
    user = UserFactory()
    api = client_for(user)
    response = declare_api(user, world, heart_area="paris-05")
    assert (response.status_code, response.json()["code"]) == (409, "voted_elsewhere")
    assert "19e arrondissement" in response.json()["errors"]["heart_area"][0]
    assert not VoterDeclaration.objects.filter(person=user).exists()
    # without a choice, the arrondissement de cœur is where the ballot was cast
    response = declare_api(user, world)
    assert response.status_code == 200, response.json()
    assert response.json()["heart_area"]["code"] == "paris-19"
    assert response.json()["home_arrondissement"] == "5e arrondissement"
    assert reason_online(api, world, "paris-05") == "other_area_chosen"
    response = cast_online(api, world, projects=[world.projects["jardin"].pk])
    assert (response.status_code, response.json()["code"]) == (400, "other_area_chosen")
    assert reason_online(api, world, "paris-19") == "already_voted_on_paper"
    assert reason_online(api, world, "paris") is None  # the city-wide ballot is still theirs
    assert Participation.objects.filter(campaign=world.campaign, area_kind="arrondissements").count() == 1  # fmt: skip


def test_can_vote_says_voted_elsewhere_before_the_database_refuses(world, town_hall):
    """A declaration recorded before the roll linked declarations at once (heart: the 5th),
    then a paper ballot under the same name in the 19th: can.vote says why, first."""
    user = UserFactory()
    declare(user, world.campaign, full_name=ELODIE["full_name"], birth=date(1985, 3, 2))
    response = enter(
        town_hall,
        world,
        area="paris-19",
        projects=[world.projects["canal"].pk],
        **ELODIE,
        address="3 quai de Loire",
    )
    assert response.status_code == 201, response.json()
    api = client_for(user)
    assert reason_online(api, world, "paris-05") == "voted_elsewhere"
    response = cast_online(api, world, projects=[world.projects["jardin"].pk])
    assert (response.status_code, response.json()["code"]) == (409, "voted_elsewhere")
    assert Participation.objects.filter(campaign=world.campaign).count() == 1


# --- 3. a conflicting identity goes to the officials, both sides held ------------------------------


def test_online_then_paper_under_the_same_name_is_held_not_counted_twice(world, town_hall):
    """The attack: an account votes city-wide, then a paper ballot under its name and birth
    date. Neither ballot is decided by coming first: both are held, for the officials."""
    user = UserFactory()
    assert declare_api(user, world).status_code == 200
    bibli = world.projects["bibli"].pk
    assert cast_online(client_for(user), world, area="paris", projects=[bibli]).status_code == 201
    response = enter(town_hall, world, area="paris", projects=[bibli], **ELODIE,
                     address="3 rue Monge")  # fmt: skip
    assert response.status_code == 201, response.json()
    conflict = IdentityConflict.objects.get()
    assert (conflict.status, conflict.channel) == ("open", "paper")
    assert conflict.first.user == user and conflict.second.user is None
    assert conflict.second.standing == "claimant"
    city = Participation.objects.filter(campaign=world.campaign, area_kind="city")
    assert city.count() == 2
    assert held(world) == set(city.values_list("pk", flat=True))  # neither is counted yet
    # by email it is the account itself: refused, as before
    response = enter(town_hall, world, area="paris", projects=[bibli], email=user.email)
    assert (response.status_code, response.json()["code"]) == (409, "already_voted")


def test_someone_who_declared_my_name_first_does_not_block_me(world, town_hall):
    """The attack: Mallory declares Élodie's name and birth date and votes; Élodie's own
    declaration and her paper ballot are not refused, and nothing is counted for either until
    the officials decide."""
    mallory, elodie = UserFactory(), UserFactory()
    assert declare_api(mallory, world).status_code == 200
    jardin = world.projects["jardin"].pk
    assert cast_online(client_for(mallory), world, projects=[jardin]).status_code == 201
    response = declare_api(elodie, world, address="3 rue Monge")
    assert response.status_code == 200, response.json()
    conflict = IdentityConflict.objects.get()
    assert (conflict.first.user, conflict.second.user, conflict.channel) == (
        mallory,
        elodie,
        "online",
    )
    assert reason_online(client_for(elodie), world) is None
    response = cast_online(client_for(elodie), world, projects=[world.projects["piste"].pk])
    assert response.status_code == 201, response.json()
    # her paper ballot under her name (a third claim) is not refused either
    response = enter(town_hall, world, area="paris", projects=[world.projects["bibli"].pk],
                     **ELODIE, address="8 rue Lacépède")  # fmt: skip
    assert response.status_code == 201, response.json()
    assert IdentityConflict.objects.count() == 2
    third = IdentityConflict.objects.get(channel="paper")
    assert (third.first.user, third.second.user, third.second.address) == (
        mallory,
        None,
        "8 rue Lacépède",
    )
    assert held(world) == set(
        Participation.objects.filter(campaign=world.campaign).values_list("pk", flat=True)
    )
    assert AuditRecord.objects.filter(action="identity_conflict.open").count() == 2


def test_two_paper_ballots_under_one_name(world, official_api):
    """The same identity at the same address twice is the same person: refused. At another
    address it may be a homonym: held for the officials."""
    jardin, piste = world.projects["jardin"].pk, world.projects["piste"].pk
    assert enter(official_api, world, projects=[jardin], **ELODIE, address="3 rue Monge").status_code == 201  # fmt: skip
    response = enter(official_api, world, projects=[piste], **ELODIE, address="3, Rue MONGE")
    assert (response.status_code, response.json()["code"]) == (409, "already_voted_on_paper")
    response = enter(official_api, world, projects=[piste], **ELODIE, address="40 rue Monge")
    assert response.status_code == 201, response.json()
    assert IdentityConflict.objects.get().channel == "paper"
    assert len(held(world)) == 2


# --- the queue: who sees it, what it shows, what deciding does ---------------------------------------


@pytest.fixture
def dispute(world, official_api):
    """Mallory (online, 5th) and Élodie (online, 5th) claim one identity; each voted in the 5th
    and city-wide."""
    mallory = UserFactory(display_name="Mallory")
    elodie = UserFactory(display_name="Élodie D.")
    assert declare_api(mallory, world).status_code == 200
    assert declare_api(elodie, world, address="3 rue Monge").status_code == 200
    for user, project in ((mallory, "jardin"), (elodie, "piste")):
        api = client_for(user)
        assert cast_online(api, world, projects=[world.projects[project].pk]).status_code == 201
        assert cast_online(api, world, area="paris", projects=[world.projects["bibli"].pk]).status_code == 201  # fmt: skip
    conflict = IdentityConflict.objects.get()
    return mallory, elodie, conflict


def test_the_queue_shows_both_sides_to_the_officials_of_the_area_only(
    world, dispute, official, administrator
):
    mallory, elodie, conflict = dispute
    response = client_for(official).get(conflicts_url(world))
    assert response.status_code == 200, response.json()
    [item] = response.json()["results"]
    assert (item["id"], item["status"], item["channel"], item["on_hold"]) == (
        conflict.pk,
        "open",
        "online",
        4,
    )
    assert item["can"] == {"decide": True}
    first, second = item["first"], item["second"]
    assert (first["account"], second["account"]) == (
        {"display_name": "Mallory"},
        {"display_name": "Élodie D."},
    )
    assert first["full_name"] == second["full_name"] == "Élodie Dupont-Lefèvre"
    assert first["birth_date"] == second["birth_date"] == "1985-03-02"
    assert (first["address"], second["address"]) == (HOME_5TH, "3 rue Monge")
    assert (first["source"], second["source"]) == ("online", "online")
    assert first["declared_at"] and second["entered_at"]
    assert {b["area"]["code"] for b in second["ballots"]} == {"paris", "paris-05"}
    assert "choices" not in str(item) and "receipt" not in str(item)
    assert [i["id"] for i in client_for(administrator).get(conflicts_url(world)).json()["results"]] == [conflict.pk]  # fmt: skip
    elsewhere = UserFactory(role="official", areas=["paris-19"])
    assert client_for(elsewhere).get(conflicts_url(world)).json()["results"] == []
    response = decide(
        client_for(elsewhere), world, conflict, decision="different_people", reason="x"
    )
    assert response.status_code == 403
    for someone in (mallory, elodie, UserFactory()):
        assert client_for(someone).get(conflicts_url(world)).status_code == 403
    assert client_for(None).get(conflicts_url(world)).status_code in (401, 403)
    response = client_for(official).get(conflicts_url(world) + "?status=nope")
    assert (response.status_code, list(response.json()["errors"])) == (400, ["status"])


def test_deciding_the_first_is_genuine(world, dispute, official):
    mallory, elodie, conflict = dispute
    response = decide(client_for(official), world, conflict, decision="first_is_genuine")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = decide(client_for(official), world, conflict, decision="first_is_genuine",
                      reason="Pièce d'identité présentée en mairie par Mme Dupont-Lefèvre.")  # fmt: skip
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["decision"], body["can"]) == (
        "decided", "first_is_genuine", {"decide": False}
    )  # fmt: skip
    set_aside = Participation.objects.filter(voter__user=elodie)
    assert held(world) == set(set_aside.values_list("pk", flat=True))
    assert set(participations_set_aside(campaign=world.campaign)) == set(set_aside)
    refused = VoterDeclaration.objects.get(person=elodie)
    assert refused.status == "refused" and "Pièce d'identité" in refused.review_reason
    assert reason_online(client_for(elodie), world, "paris") == "not_eligible"
    assert VoterDeclaration.objects.get(person=mallory).status == "pending"
    record = AuditRecord.objects.get(action="identity_conflict.decide")
    assert (record.actor, record.object_id) == (official, str(conflict.pk))
    assert record.after["decision"] == "first_is_genuine" and record.after["ballots_set_aside"] == 2
    response = decide(
        client_for(official), world, conflict, decision="different_people", reason="x"
    )
    assert (response.status_code, response.json()["code"]) == (409, "conflict_decided")


def test_deciding_the_second_is_genuine(world, dispute, official, administrator):
    mallory, elodie, conflict = dispute
    response = decide(client_for(official), world, conflict, decision="second_is_genuine",
                      reason="Mallory a reconnu l'usurpation.")  # fmt: skip
    assert response.status_code == 200, response.json()
    assert held(world) == set(
        Participation.objects.filter(voter__user=mallory).values_list("pk", flat=True)
    )
    assert VoterDeclaration.objects.get(person=mallory).status == "refused"
    entries = {e.user: e.standing for e in VoterRollEntry.objects.filter(campaign=world.campaign)}
    assert entries == {mallory: "void", elodie: "holder"}
    # the identity is Élodie's now, and her ballots count
    response = enter(client_for(administrator), world, area="paris", email=elodie.email,
                     projects=[world.projects["bibli"].pk])  # fmt: skip
    assert (response.status_code, response.json()["code"]) == (409, "already_voted")


def test_deciding_different_people(world, dispute, official):
    mallory, elodie, conflict = dispute
    response = decide(client_for(official), world, conflict, decision="different_people",
                      reason="Deux homonymes nés le même jour, adresses vérifiées.")  # fmt: skip
    assert response.status_code == 200, response.json()
    assert held(world) == set()  # all four ballots count
    entries = {e.user: e.standing for e in VoterRollEntry.objects.filter(campaign=world.campaign)}
    assert entries == {mallory: "holder", elodie: "homonym"}
    assert {d.status for d in VoterDeclaration.objects.filter(campaign=world.campaign)} == {
        "pending"
    }


def test_deciding_stops_when_counting_starts(world, dispute, official):
    conflict = dispute[2]
    world.campaign.__class__.objects.filter(pk=world.campaign.pk).update(
        count_started_at=timezone.now() - timedelta(minutes=1)
    )
    response = client_for(official).get(conflicts_url(world)).json()["results"][0]
    assert response["can"] == {"decide": False}
    response = decide(client_for(official), world, conflict, decision="first_is_genuine",
                      reason="Trop tard.")  # fmt: skip
    assert (response.status_code, response.json()["code"]) == (409, "count_started")
    assert IdentityConflict.objects.get().status == "open"
    assert len(held(world)) == 4  # held ballots stay out of the count, and are reported


# --- at the count: held ballots are left out, decided ones follow the decision -----------------


def _count(world):
    from campaigns.services import campaign_phase_advance
    from results.services import results_tally

    now = timezone.now()
    admin = UserFactory(role="administrator")
    campaign_phase_advance(campaign=world.campaign, actor=admin, reason="count", now=now)
    return {r.area.code: r for r in results_tally(campaign_id=world.campaign.pk, now=now)}


def test_a_dispute_still_open_when_counting_starts_counts_neither_side(world, dispute):
    from voting.models import Ballot

    results = _count(world)
    # Both claimants' ballots (the 5th and city-wide) are left out, and said so.
    assert not Ballot.objects.filter(campaign=world.campaign).exists()
    assert (results["paris-05"].ballots_counted, results["paris-05"].ballots_not_counted) == (0, 2)
    assert (results["paris"].ballots_counted, results["paris"].ballots_not_counted) == (0, 2)


def test_a_decided_dispute_counts_the_genuine_side_only(world, dispute, official):
    from voting.models import Ballot

    _mallory, _elodie, conflict = dispute
    response = decide(client_for(official), world, conflict, decision="second_is_genuine",
                      reason="Élodie a montré ses papiers.")  # fmt: skip
    assert response.status_code == 200, response.json()
    _count(world)
    fifth = Ballot.objects.filter(campaign=world.campaign, area__code="paris-05")
    assert [b.choices for b in fifth] == [{"projects": [world.projects["piste"].pk]}]
    assert Ballot.objects.filter(campaign=world.campaign, area__code="paris").count() == 1
