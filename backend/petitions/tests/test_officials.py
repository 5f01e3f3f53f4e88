"""Who may moderate, answer, convert and check: the officials of the authority addressed (an
arrondissement's mairie, or the city's services), administrators; never an official of another
arrondissement. And what each decision does (audited, told)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from core.testing.api import assert_error, client_for
from geo.models import Area
from notifications.models import Follow, Notification
from petitions.models import Petition, Signature
from proposals.models import Proposal

from .factories import PetitionFactory, SignatureFactory, pending_petition

pytestmark = pytest.mark.django_db
URL = "/api/v1/petitions/"
S = Petition.Status


@pytest.fixture
def city_official(db):
    return UserFactory(role="official", areas=["paris"])


def _agenda(**kwargs):
    now = timezone.now()
    return PetitionFactory(
        status=S.THRESHOLD_REACHED,
        signature_count=3,
        threshold_reached_at=now,
        answer_due_at=now + timedelta(days=60),
        **kwargs,
    )


# --- the matrix: who × action ------------------------------------------------------------------

ROLES = ["resident", "author", "official", "other_official", "city_official", "administrator"]
# Per action, who may do it on a petition addressed to the 5th arrondissement's mairie.
ALLOWED = {
    "moderate": {"official", "administrator"},
    "answer": {"official", "administrator"},
    "convert": {"author", "official", "administrator"},
    "check": {"official", "administrator"},
}


def _user(role, petition, request):
    if role == "author":
        return petition.author
    return request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_moderate_matrix(role, request):
    petition = pending_petition()
    client = client_for(_user(role, petition, request))
    response = client.post(
        f"{URL}{petition.pk}/moderation/", {"decision": "admissible"}, format="json"
    )
    if role in ALLOWED["moderate"]:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "open"
    elif role == "author":
        assert_error(response, 403, "permission_denied")
    else:  # the petition is not theirs to see while pending
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_answer_matrix(role, request):
    petition = _agenda()
    client = client_for(_user(role, petition, request))
    text = "Le Conseil de Paris a voté l'installation de trois fontaines en 2027."
    response = client.post(f"{URL}{petition.pk}/answer/", {"text": text}, format="json")
    if role in ALLOWED["answer"]:
        assert response.status_code == 200, response.content
        assert response.json()["answer"]["text"] == text
    else:
        assert_error(response, 403, "permission_denied")


@pytest.mark.parametrize("role", ROLES)
def test_convert_matrix(role, request, open_campaign):
    petition = PetitionFactory()
    client = client_for(_user(role, petition, request))
    response = client.post(
        f"{URL}{petition.pk}/convert/", {"campaign": open_campaign.slug}, format="json"
    )
    if role in ALLOWED["convert"]:
        assert response.status_code == 201, response.content
    else:
        assert_error(response, 403, "permission_denied")


@pytest.mark.parametrize("role", ROLES)
def test_check_matrix(role, request):
    signature = SignatureFactory(status=Signature.Status.HELD, held_reason="new_account")
    client = client_for(_user(role, signature.petition, request))
    response = client.post(
        f"{URL}signatures/{signature.pk}/check/", {"decision": "count"}, format="json"
    )
    if role in ALLOWED["check"]:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "counted"
    else:
        assert_error(response, 403, "permission_denied")


def test_city_petitions_belong_to_the_city_officials(city_official, official, other_official):
    petition = pending_petition(area=None)
    assert (
        client_for(official)
        .post(f"{URL}{petition.pk}/moderation/", {"decision": "admissible"}, format="json")
        .status_code
        == 404
    )
    response = client_for(city_official).post(
        f"{URL}{petition.pk}/moderation/", {"decision": "admissible"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["threshold"] == petition.process.threshold  # the city's threshold
    detail = client_for(official).get(f"{URL}{petition.pk}/").json()
    assert detail["can"]["answer"] is False and detail["held_count"] is None


def test_can_map_follows_the_rules(official, other_official, resident):
    petition = pending_petition()
    can = client_for(official).get(f"{URL}{petition.pk}/").json()["can"]
    assert can == {
        "sign": False,
        "withdraw": False,
        "moderate": True,
        "answer": False,
        "convert": False,
        "edit": False,
    }
    can = client_for(petition.author).get(f"{URL}{petition.pk}/").json()["can"]
    assert can["edit"] is True and can["moderate"] is False
    open_one = PetitionFactory()
    assert client_for(resident).get(f"{URL}{open_one.pk}/").json()["can"]["sign"] is True
    assert client_for(other_official).get(f"{URL}{open_one.pk}/").json()["held_count"] is None
    assert client_for(official).get(f"{URL}{open_one.pk}/").json()["held_count"] == 0


# --- what the decisions do -------------------------------------------------------------------


def test_admissible_publishes_with_the_process_goal_and_period(official):
    petition = pending_petition()
    before = timezone.now()
    body = (
        client_for(official)
        .post(f"{URL}{petition.pk}/moderation/", {"decision": "admissible"}, format="json")
        .json()
    )
    petition.refresh_from_db()
    assert petition.status == S.OPEN and petition.threshold == petition.process.area_threshold
    assert petition.signing_ends_at - petition.published_at == timedelta(
        days=petition.process.signing_days
    )
    assert petition.published_at >= before
    assert body["moderation"] == {"decision": "admissible", "reason_code": None, "reason_text": ""}
    record = AuditRecord.objects.get(action="petition.admissible", object_id=str(petition.pk))
    assert record.actor_id == official.pk and record.after["status"] == "open"
    assert Notification.objects.filter(user=petition.author, event="petition_open").exists()


def test_inadmissible_needs_a_public_reason(official, api):
    petition = pending_petition()
    url = f"{URL}{petition.pk}/moderation/"
    client = client_for(official)
    assert_error(
        client.post(url, {"decision": "inadmissible"}, format="json"),
        400,
        "required",
        field="reason_code",
    )
    assert_error(
        client.post(url, {"decision": "inadmissible", "reason_code": "other"}, format="json"),
        400,
        "required",
        field="reason_text",
    )
    response = client.post(
        url,
        {
            "decision": "inadmissible",
            "reason_code": "duplicate",
            "reason_text": "Voir la pétition n° 12.",
        },
        format="json",
    )
    assert response.status_code == 200
    public = api.get(f"{URL}{petition.pk}/").json()  # public, with its reason
    assert public["status"] == "inadmissible"
    assert public["moderation"] == {
        "decision": "inadmissible",
        "reason_code": "duplicate",
        "reason_text": "Voir la pétition n° 12.",
    }
    assert AuditRecord.objects.filter(
        action="petition.inadmissible", reason__contains="duplicate"
    ).exists()
    # Decided once.
    assert_error(
        client.post(url, {"decision": "admissible"}, format="json"), 409, "invalid_transition"
    )


def test_answer_tells_the_followers_and_is_audited(official):
    petition = _agenda()
    follower = UserFactory()
    Follow.objects.create(user=follower, petition=petition)
    text = "Le Conseil de Paris a voté l'installation de trois fontaines en 2027."
    client_for(official).post(f"{URL}{petition.pk}/answer/", {"text": text}, format="json")
    petition.refresh_from_db()
    assert petition.status == S.ANSWERED and petition.answer_text == text
    assert Notification.objects.filter(
        user=follower, event="petition_answered", petition=petition
    ).exists()
    assert AuditRecord.objects.filter(action="petition.answer", object_id=str(petition.pk)).exists()
    open_one = PetitionFactory()
    assert_error(
        client_for(official).post(f"{URL}{open_one.pk}/answer/", {"text": text}, format="json"),
        409,
        "invalid_transition",
    )


def test_convert_links_both_ways_and_tells_the_signers(official, open_campaign, closed_campaign):
    petition = PetitionFactory()
    signer = SignatureFactory(petition=petition).user
    response = client_for(official).post(
        f"{URL}{petition.pk}/convert/", {"campaign": open_campaign.slug}, format="json"
    )
    proposal = Proposal.objects.get(pk=response.json()["proposal"])
    petition.refresh_from_db()
    assert petition.proposal_id == proposal.pk and proposal.petition == petition
    assert proposal.title == petition.title and proposal.description == petition.text
    assert proposal.author_id == petition.author_id and proposal.area.code == "paris-05"
    assert Notification.objects.filter(user=signer, event="petition_converted").exists()
    assert_error(
        client_for(official).post(
            f"{URL}{petition.pk}/convert/", {"campaign": open_campaign.slug}, format="json"
        ),
        409,
        "invalid_transition",
    )
    other = PetitionFactory()
    assert_error(
        client_for(official).post(
            f"{URL}{other.pk}/convert/", {"campaign": closed_campaign.slug}, format="json"
        ),
        409,
        "submissions_closed",
    )


def test_queue_shows_what_the_official_handles(official, other_official, resident_api):
    now = timezone.now()
    pending = pending_petition()
    overdue = _agenda()
    Petition.objects.filter(pk=overdue.pk).update(answer_due_at=now - timedelta(days=1))
    later = _agenda()
    held = SignatureFactory(
        petition=later, status=Signature.Status.HELD, held_reason="unverified_declaration"
    )
    elsewhere = pending_petition(area=Area.objects.get(code="paris-19"))
    body = client_for(official).get(f"{URL}queue/").json()
    assert [p["id"] for p in body["pending"]] == [pending.pk]
    assert [p["id"] for p in body["agenda"]] == [overdue.pk, later.pk]  # overdue first
    assert [s["id"] for s in body["held_signatures"]] == [held.pk]
    assert body["held_signatures"][0]["held_reason"] == "unverified_declaration"
    other = client_for(other_official).get(f"{URL}queue/").json()
    assert [p["id"] for p in other["pending"]] == [elsewhere.pk]
    assert other["agenda"] == [] and other["held_signatures"] == []
    assert_error(resident_api.get(f"{URL}queue/"), 403, "permission_denied")


def test_author_edits_while_pending_only(resident):
    petition = pending_petition(author=resident)
    client = client_for(resident)
    response = client.patch(
        f"{URL}{petition.pk}/", {"title": "Un nouveau titre clair"}, format="json"
    )
    assert response.status_code == 200 and response.json()["title"] == "Un nouveau titre clair"
    response = client.patch(f"{URL}{petition.pk}/", {"authority_kind": "city"}, format="json")
    assert response.json()["authority"] == {"kind": "city", "area": None}
    assert (
        AuditRecord.objects.filter(action="petition.edit", object_id=str(petition.pk)).count() == 2
    )
    published = PetitionFactory(author=resident)
    assert_error(
        client.patch(f"{URL}{published.pk}/", {"title": "Un autre titre"}, format="json"),
        409,
        "invalid_transition",
    )
    stranger = pending_petition()
    assert (
        client.patch(f"{URL}{stranger.pk}/", {"title": "Un autre titre"}, format="json").status_code
        == 404
    )
