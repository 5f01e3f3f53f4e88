"""Casting, refusing, replacing and checking ballots through the API."""

import uuid

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from voting.models import Participation
from voting.receipts import receipt_hash

from .conftest import box, client_for, declare, make_world

pytestmark = pytest.mark.django_db


def url(world, suffix="ballots/"):
    return f"/api/v1/campaigns/{world.campaign.slug}/{suffix}"


def cast(client, world, **body):
    return client.post(url(world), body, format="json")


def test_casting_an_approval_ballot_returns_the_receipt_once(world, voter_api):
    jardin, bancs = world.projects["jardin"], world.projects["bancs"]
    response = cast(voter_api, world, area="paris-05", projects=[bancs.pk, jardin.pk])
    assert response.status_code == 201, response.json()
    body = response.json()
    receipt = body["receipt"]
    assert len(receipt) == 19 and receipt.count("-") == 3
    assert body["ballot"]["area"]["code"] == "paris-05"
    # In the ballot box, sealed until counting starts: not counted yet.
    assert (body["ballot"]["status"], body["ballot"]["counted"]) == ("sealed", False)
    assert body["ballot"]["cast_on"] == timezone.localdate().isoformat()
    # In the ballot's order (by title): the benches before the garden.
    assert [c["project"] for c in body["ballot"]["choices"]] == [bancs.pk, jardin.pk]
    ballot = box(world.campaign).get()
    assert isinstance(ballot.id, uuid.UUID) and ballot.id.version == 4
    assert ballot.receipt_hash == receipt_hash(receipt)
    assert receipt not in str(ballot.__dict__)  # the code itself is never stored
    participation = Participation.objects.get(campaign=world.campaign)
    assert (participation.area.code, participation.channel) == ("paris-05", "online")


def test_a_second_ballot_in_the_same_area_is_a_conflict(world, voter_api):
    assert (
        cast(voter_api, world, area="paris", projects=[world.projects["bibli"].pk]).status_code
        == 201
    )
    response = cast(voter_api, world, area="paris", projects=[world.projects["ecole"].pk])
    assert response.status_code == 409
    assert response.json()["code"] == "already_voted"
    assert box(world.campaign).count() == 1
    # …but the arrondissement ballot is another ballot
    assert (
        cast(voter_api, world, area="paris-05", projects=[world.projects["piste"].pk]).status_code
        == 201
    )


@pytest.mark.parametrize(
    "rule,settings,body,code,field",
    [
        (
            "approval",
            {"approval_max": 2},
            {"projects": ["jardin", "piste", "bancs"]},
            "too_many_projects",
            "projects",
        ),
        ("approval", {}, {"projects": ["canal"]}, "wrong_area", "projects"),
        ("approval", {}, {"grades": {"jardin": "adore"}}, "wrong_method", "grades"),
        ("knapsack", {}, {"projects": ["jardin", "piste"]}, "over_envelope", "projects"),
        (
            "knapsack",
            {"knapsack_min_share": 50},
            {"projects": ["bancs"]},
            "under_minimum_share",
            "projects",
        ),
        ("majority_judgment", {}, {"grades": {"jardin": "génial"}}, "unknown_grade", "grades"),
        ("majority_judgment", {}, {"grades": {"bibli": "adore"}}, "wrong_area", "grades"),
        (
            "cumulative",
            {"cumulative_points": 5},
            {"points": {"jardin": 3, "piste": 3}},
            "too_many_points",
            "points",
        ),
    ],
)
def test_every_method_refuses_with_a_reason(db, rule, settings, body, code, field):
    world = make_world(rule=rule, **settings)
    user = UserFactory()
    declare(user, world.campaign)
    ids = {k: p.pk for k, p in world.projects.items()}
    for key, value in list(body.items()):
        if isinstance(value, list):
            body[key] = [ids[v] for v in value]
        else:
            body[key] = {str(ids[k]): v for k, v in value.items()}
    response = cast(client_for(user), world, area="paris-05", **body)
    assert response.status_code == 400, response.json()
    error = response.json()
    assert error["status"] == 400 and error["code"] == code
    assert error["errors"][field] == [error["message"]]
    assert not box(world.campaign).exists()
    assert not Participation.objects.filter(campaign=world.campaign).exists()


def test_every_method_accepts_its_ballot(db):
    for rule, body in [
        ("approval", {"projects": ["jardin"]}),
        ("knapsack", {"projects": ["jardin", "bancs"]}),
        ("majority_judgment", {"grades": {"jardin": "adore", "piste": "pourquoi_pas"}}),
        ("cumulative", {"points": {"jardin": 7, "bancs": 3}}),
    ]:
        world = make_world(rule=rule)
        user = UserFactory()
        declare(user, world.campaign)
        ids = {k: p.pk for k, p in world.projects.items()}
        key, value = next(iter(body.items()))
        value = (
            [ids[v] for v in value]
            if isinstance(value, list)
            else {str(ids[k]): v for k, v in value.items()}
        )
        response = cast(client_for(user), world, area="paris-05", **{key: value})
        assert response.status_code == 201, (rule, response.json())
        ballot = box(world.campaign).get()
        assert ballot.rule == rule
        if rule == "majority_judgment":
            assert ballot.choices["grades"] == {
                str(ids["bancs"]): "pas_convaincu",
                str(ids["jardin"]): "adore",
                str(ids["piste"]): "pourquoi_pas",
            }


def test_voting_refusals_are_400_in_the_error_format(db):
    closed = make_world("results")
    user = UserFactory()
    declare(user, closed.campaign)
    response = cast(client_for(user), closed, area="paris", projects=[closed.projects["bibli"].pk])
    assert response.status_code == 400
    assert response.json()["code"] == "phase_closed"
    assert "has closed" in response.json()["message"]

    world = make_world(minimum_age=7)
    child = UserFactory()
    today = timezone.localdate()
    declare(child, world.campaign, birth=today.replace(year=today.year - 6))
    response = cast(client_for(child), world, area="paris", projects=[world.projects["bibli"].pk])
    assert response.status_code == 400
    assert response.json()["code"] == "too_young"
    assert (
        response.json()["message"] == "You must be at least 7 to vote in this campaign (you are 6)."
    )


def test_an_unconfirmed_address_is_refused_with_the_documented_403(world):
    """The README: voting needs a confirmed email address (403 ``email_not_verified``), for
    casting, replacing and in ``can.vote``'s reason alike."""
    unverified = UserFactory(email_verified_at=None)
    declare(unverified, world.campaign)
    client = client_for(unverified)
    response = cast(client, world, area="paris", projects=[world.projects["bibli"].pk])
    assert (response.status_code, response.json()["code"]) == (403, "email_not_verified")
    assert response.json()["status"] == 403
    response = client.post(
        url(world, "ballots/replace/"),
        {
            "area": "paris",
            "receipt": "7KQ3-M9TX-2B4H-0PZD",
            "projects": [world.projects["ecole"].pk],
        },
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "email_not_verified")
    status = client.get(url(world, "voting/")).json()
    assert status["can"]["vote"] is False and status["can"]["reason"] == "email_not_verified"
    assert {a["can"]["reason"] for a in status["areas"]} == {"email_not_verified"}
    assert not box(world.campaign).exists()


def test_other_area_and_unknown_area(world, voter_api):
    response = cast(voter_api, world, area="paris-19", projects=[world.projects["canal"].pk])
    assert (response.status_code, response.json()["code"]) == (400, "other_area_chosen")
    assert "5e arrondissement" in response.json()["message"]
    response = cast(voter_api, world, area="paris-12", projects=[1])
    assert response.status_code == 404


def test_anonymous_people_cannot_vote(world, api):
    response = cast(api, world, area="paris", projects=[world.projects["bibli"].pk])
    assert response.status_code == 401


def test_replacing_a_ballot_with_its_receipt(world, voter_api):
    first = cast(voter_api, world, area="paris-05", projects=[world.projects["jardin"].pk]).json()
    response = voter_api.post(
        url(world, "ballots/replace/"),
        {"area": "paris-05", "receipt": first["receipt"], "projects": [world.projects["piste"].pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    second = response.json()
    assert second["receipt"] != first["receipt"]
    ballots = box(world.campaign)
    assert ballots.count() == 1  # replaced, not duplicated
    assert ballots.get().choices == {"projects": [world.projects["piste"].pk]}
    assert Participation.objects.filter(campaign=world.campaign).count() == 1
    # the old receipt no longer finds a ballot; the new one does
    assert (
        voter_api.post("/api/v1/receipts/check/", {"receipt": first["receipt"]}).status_code == 404
    )
    check = voter_api.post("/api/v1/receipts/check/", {"receipt": second["receipt"]})
    assert check.json()["choices"][0]["title"] == "Projet piste"


def test_replacing_needs_your_own_receipt(world, voter_api):
    other = UserFactory()
    declare(other, world.campaign)
    theirs = cast(
        client_for(other), world, area="paris-05", projects=[world.projects["bancs"].pk]
    ).json()
    mine = cast(voter_api, world, area="paris-05", projects=[world.projects["jardin"].pk]).json()
    replace = url(world, "ballots/replace/")
    body = {"area": "paris-05", "projects": [world.projects["piste"].pk]}
    response = voter_api.post(replace, {**body, "receipt": theirs["receipt"]}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "receipt_invalid")
    response = voter_api.post(replace, {**body, "receipt": "not a code"}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "receipt_invalid")
    # the receipt of another area's ballot does not replace this one
    response = voter_api.post(
        replace, {**body, "area": "paris", "receipt": mine["receipt"]}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "not_voted")
    assert sorted(b.choices["projects"][0] for b in box()) == sorted(
        [world.projects["bancs"].pk, world.projects["jardin"].pk]
    )


def test_replacing_is_refused_once_voting_has_closed(world, voter_api):
    receipt = cast(voter_api, world, area="paris", projects=[world.projects["bibli"].pk]).json()[
        "receipt"
    ]
    now = timezone.now()
    world.campaign.phases.filter(phase="voting").update(end=now)
    world.campaign.phases.filter(phase="results").update(start=now)
    response = voter_api.post(
        url(world, "ballots/replace/"),
        {"area": "paris", "receipt": receipt, "projects": [world.projects["ecole"].pk]},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "phase_closed")
    assert box().get().choices == {"projects": [world.projects["bibli"].pk]}


def test_anyone_checks_a_receipt_without_learning_who_voted(world, voter, voter_api, api):
    receipt = cast(
        voter_api, world, area="paris-05", projects=[world.projects["jardin"].pk]
    ).json()["receipt"]
    for response in (
        api.get("/api/v1/receipts/check/", {"receipt": receipt.lower().replace("-", " ")}),
        api.post("/api/v1/receipts/check/", {"receipt": receipt}, format="json"),
    ):
        assert response.status_code == 200
        body = response.json()
        assert body == {
            "campaign": world.campaign.slug,
            "campaign_name": world.campaign.name,
            "area": {"code": "paris-05", "name": "5e arrondissement", "kind": "arrondissements"},
            "rule": "approval",
            "cast_on": timezone.localdate().isoformat(),
            "status": "sealed",
            "counted": False,
            "choices": [
                {"project": world.projects["jardin"].pk, "title": "Projet jardin", "cost": 400_000}
            ],
        }
        assert voter.email not in response.content.decode()


@pytest.mark.parametrize("rule", ["majority_judgment", "cumulative", "approval"])
def test_the_receipt_lists_the_projects_in_the_ballots_order(api, db, rule):
    """Whatever order the choices were sent or stored in (a JSON object's keys come back from
    PostgreSQL in its own order), the receipt lists them as the ballot does."""
    world = make_world(rule=rule)
    voter = UserFactory()
    declare(voter, world.campaign)
    p = world.projects
    sent = [p["piste"].pk, p["jardin"].pk, p["bancs"].pk]  # neither the title nor the id order
    body = (
        {"grades": {str(i): "adore" for i in sent}}
        if rule == "majority_judgment"
        else {"points": {str(i): 1 for i in sent}}
        if rule == "cumulative"
        else {"projects": [p["piste"].pk, p["bancs"].pk]}
    )
    response = cast(client_for(voter), world, area="paris-05", **body)
    assert response.status_code == 201, response.json()
    ballot_order = [row["id"] for row in api.get(url(world, "areas/paris-05/ballot/")).json()]
    assert ballot_order == [p["bancs"].pk, p["jardin"].pk, p["piste"].pk]
    check = api.post("/api/v1/receipts/check/", {"receipt": response.json()["receipt"]})
    shown = [c["project"] for c in check.json()["choices"]]
    assert shown == [i for i in ballot_order if i in shown]
    assert len(shown) == (2 if rule == "approval" else 3)
    assert check.json()["campaign_name"] == world.campaign.name


def test_receipt_check_errors(api, db):
    response = api.post(
        "/api/v1/receipts/check/", {"receipt": "7KQ3-M9TX-2B4H-0PZD"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    response = api.post("/api/v1/receipts/check/", {}, format="json")
    assert response.status_code == 400 and "receipt" in response.json()["errors"]
    response = api.get("/api/v1/receipts/check/", {"receipt": "abc"})
    assert response.status_code == 404


def test_voting_status_says_where_and_why_not(world, voter_api, api):
    status = voter_api.get(url(world, "voting/")).json()
    by_area = {a["area"]["code"]: a for a in status["areas"]}
    assert status["can"]["vote"] is True
    assert by_area["paris"]["can"] == {
        "vote": True,
        "replace": False,
        "reason": None,
        "message": None,
    }
    assert (
        by_area["paris-05"]["envelope"] == 600_000
        and by_area["paris-05"]["reserved_amount"] == 200_000
    )
    assert by_area["paris-19"]["can"]["reason"] == "other_area_chosen"
    assert status["declaration"]["heart_area"]["code"] == "paris-05"
    cast(voter_api, world, area="paris", projects=[world.projects["bibli"].pk])
    status = voter_api.get(url(world, "voting/")).json()
    by_area = {a["area"]["code"]: a for a in status["areas"]}
    assert by_area["paris"]["voted"] == "online"
    assert (
        by_area["paris"]["can"]["reason"] == "already_voted" and by_area["paris"]["can"]["replace"]
    )
    anonymous = api.get(url(world, "voting/")).json()
    assert anonymous["can"]["reason"] == "not_authenticated"
    assert anonymous["declaration"] is None


def test_the_area_ballot_lists_projects_with_their_priority(world, api):
    response = api.get(url(world, "areas/paris-05/ballot/"))
    assert response.status_code == 200
    assert [p["title"] for p in response.json()] == [
        "Projet bancs",
        "Projet jardin",
        "Projet piste",
    ]
    assert all(p["priority"] is False for p in response.json())
