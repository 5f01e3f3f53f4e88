"""Secrecy by separation: the ballot holds no person, no time finer than the day and no
sequential id, and no endpoint returns a ballot next to anything that names a person."""

import pytest
from django.contrib import admin
from django.db import IntegrityError, models
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from voting.models import Ballot, Participation

from .conftest import box, client_for

PERSONAL = {"email", "person", "display_name", "user", "voter", "author", "participation"}


def test_the_ballot_table_names_no_person_and_no_time():
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].primary_key
    related = {f.related_model._meta.label for f in fields.values() if f.is_relation}
    assert related == {"campaigns.Campaign", "geo.Area"}
    assert not [f for f in fields.values() if isinstance(f, models.DateTimeField)]
    assert isinstance(fields["cast_on"], models.DateField)
    assert Ballot not in admin.site._registry


def test_participations_hold_the_day_only_and_no_choice():
    fields = {f.name for f in Participation._meta.get_fields()}
    assert "choices" not in fields and "receipt_hash" not in fields
    assert not [f for f in Participation._meta.get_fields() if isinstance(f, models.DateTimeField)]


def _properties(schema: dict, components: dict, seen: frozenset = frozenset()) -> set[str]:
    """Every property name reachable from a (response) schema."""
    if not isinstance(schema, dict):
        return set()
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name in seen:
            return set()
        return _properties(components[name], components, seen | {name})
    names: set[str] = set(schema.get("properties", {}))
    for value in schema.get("properties", {}).values():
        names |= _properties(value, components, seen)
    for key in ("items", "additionalProperties"):
        names |= _properties(schema.get(key), components, seen)
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            names |= _properties(sub, components, seen)
    return names


def test_no_endpoint_returns_a_ballot_with_a_person():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    returning_ballots = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for response in operation.get("responses", {}).values():
                for content in response.get("content", {}).values():
                    names = _properties(content.get("schema", {}), components)
                    if {"choices", "cast_on"} <= names or "receipt_hash" in names:
                        returning_ballots.add(f"{method.upper()} {path}")
                        leaked = names & PERSONAL
                        assert not leaked, (path, method, leaked)
    assert returning_ballots == {
        "POST /api/v1/campaigns/{slug}/ballots/",
        "POST /api/v1/campaigns/{slug}/ballots/replace/",
        # the official who enters a paper ballot gets back what they typed, and its receipt
        "POST /api/v1/campaigns/{slug}/areas/{code}/paper-ballots/",
        "GET /api/v1/receipts/check/",
        "POST /api/v1/receipts/check/",
    }


@pytest.mark.django_db
def test_ballot_answers_carry_nothing_about_the_voter(world, voter, voter_api, api):
    slug = world.campaign.slug
    cast = voter_api.post(
        f"/api/v1/campaigns/{slug}/ballots/",
        {"area": "paris-05", "projects": [world.projects["jardin"].pk]},
        format="json",
    )
    replaced = voter_api.post(
        f"/api/v1/campaigns/{slug}/ballots/replace/",
        {
            "area": "paris-05",
            "receipt": cast.json()["receipt"],
            "projects": [world.projects["piste"].pk],
        },
        format="json",
    )
    checked = api.post(
        "/api/v1/receipts/check/", {"receipt": replaced.json()["receipt"]}, format="json"
    )
    participation = Participation.objects.get(person=voter)
    ballot = box().get()
    for response in (cast, replaced, checked):
        text = response.content.decode()
        for secret in (
            voter.email,
            str(participation.pk),
            participation.ballot_seal,
            str(ballot.id),
        ):
            assert secret not in text
        assert f'"id":{voter.pk}' not in text.replace(" ", "")
    # the day only, on both sides
    assert ballot.cast_on == participation.voted_on == timezone.localdate()


@pytest.mark.django_db
def test_the_database_refuses_a_second_participation(world, voter):
    today = timezone.localdate()
    row = dict(person=voter, campaign=world.campaign, area=world.areas["paris"], voted_on=today)
    Participation.objects.create(channel="online", ballot_seal="a", **row)
    with pytest.raises(IntegrityError):
        Participation.objects.create(channel="paper", ballot_seal="b", **row)


@pytest.mark.django_db
def test_officials_listing_declarations_see_no_ballot(world, voter, voter_api, official):
    voter_api.post(
        f"/api/v1/campaigns/{world.campaign.slug}/ballots/",
        {"area": "paris-05", "projects": [world.projects["jardin"].pk]},
        format="json",
    )
    listed = client_for(official).get(f"/api/v1/campaigns/{world.campaign.slug}/declarations/")
    text = listed.content.decode()
    assert voter.email in text
    assert "Projet jardin" not in text and "receipt" not in text and "choices" not in text
