"""My data: the download holds everything about me and nothing of anyone else; deleting my
account keeps my proposals (by "a former participant"), keeps the count whole and leaves nobody
able to sign in; the retention rule ends what a campaign keeps about its voters."""

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from campaigns.tests.factories import campaign_in_phase
from core.testing.api import assert_error
from geo.models import Area
from moderation.models import Report
from notifications.models import Notification
from privacy.services import add_months, retention_apply, retention_end
from proposals.models import Proposal
from proposals.tests.factories import ProposalFactory
from results.selectors import turnout
from results.services import results_tally
from voting.models import (
    Ballot,
    Participation,
    SealedBallot,
    VoterDeclaration,
    VoterRollEntry,
)
from voting.tests.conftest import declare, make_world
from voting.tests.test_ballot_box import cast, publish

DATA = "/api/v1/me/data/"
DELETE = "/api/v1/me/delete/"
LOGIN = "/api/v1/auth/login/"
ME = "/api/v1/me/"
PASSWORD = "correct-horse-battery"


def signed_in(user) -> APIClient:
    client = APIClient()
    assert client.post(LOGIN, {"email": user.email, "password": PASSWORD}).status_code == 200
    return client


def notify(user, proposal, reason):
    """A notification row, whatever the notifications app's current shape."""
    return Notification.objects.create(
        user=user, proposal=proposal, event=Notification.Event.ACCEPTED, reason=reason
    )


@pytest.fixture
def two_voters(db):
    """Two residents of a campaign open for voting, each with a declaration, a ballot in the
    5th, a proposal, a report and a notification of their own."""
    world = make_world()
    people = []
    for name in ("Alice", "Bruno"):
        user = UserFactory(display_name=name, email=f"{name.lower()}@example.org")
        declare(user, world.campaign, full_name=f"{name} Secret-{name}")
        receipt = cast(user, world)
        proposal = ProposalFactory(author=user, title=f"Le projet de {name}")
        other = ProposalFactory(title=f"Signalée par {name}")
        Report.objects.create(
            proposal=other, reporter=user, reason="other", text=f"Motif de {name}",
            created_at=timezone.now(),
        )  # fmt: skip
        notify(user, proposal, f"Réponse pour {name}")
        people.append({"user": user, "receipt": receipt, "proposal": proposal})
    return world, people


@pytest.mark.django_db
class TestMyData:
    def test_everything_about_me_and_nothing_of_anyone_else(self, two_voters):
        world, (alice, _bruno) = two_voters
        response = signed_in(alice["user"]).get(DATA)
        assert response.status_code == 200, response.content
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["Cache-Control"] == "no-store"
        data = response.json()
        assert data["account"]["email"] == "alice@example.org"
        assert data["account"]["display_name"] == "Alice"
        assert data["account"]["role"] == "resident"
        [declaration] = data["voter_declarations"]
        assert declaration["full_name"] == "Alice Secret-Alice"
        assert declaration["campaign"] == world.campaign.slug
        assert declaration["birth_date"] == "1990-05-17"
        assert [(p["area"], p["area_kind"], p["channel"]) for p in data["participations"]] == [
            ("paris-05", "arrondissements", "online")
        ]
        assert [p["title"] for p in data["proposals"]] == ["Le projet de Alice"]
        assert [r["text"] for r in data["reports"]] == ["Motif de Alice"]
        assert [n["reason"] for n in data["notifications"]] == ["Réponse pour Alice"]
        assert len(data["voter_roll"]) == 1

        text = json.dumps(data, ensure_ascii=False)
        for theirs in ("bruno", "Bruno", "Secret-Bruno"):
            assert theirs not in text
        # Nothing that links to a ballot: no receipt, no seal, no ballot contents.
        seal = Participation.objects.get(person=alice["user"]).ballot_seal
        sealed = SealedBallot.objects.values_list("receipt_hash", "sealed")
        for value in [alice["receipt"], seal, *[v for row in sealed for v in row]]:
            assert value and value not in text
        assert "projects" not in {k for p in data["participations"] for k in p}
        assert "private_notes" not in {k for p in data["proposals"] for k in p}

    def test_signed_in_only_and_throttled(self, api, resident, settings):
        assert_error(api.get(DATA), 401, "not_authenticated")
        client = signed_in(resident)
        limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["data_export"].split("/")[0])
        for _ in range(limit):
            assert client.get(DATA).status_code == 200
        assert_error(client.get(DATA), 429, "throttled")


@pytest.mark.django_db
class TestDeletingMyAccount:
    def test_deleted_yet_the_count_is_whole(
        self, two_voters, eager_celery, django_capture_on_commit_callbacks
    ):
        world, (alice, bruno) = two_voters
        user = alice["user"]
        client, elsewhere = signed_in(user), signed_in(user)
        Token.objects.create(user=user)
        before = turnout(campaign=world.campaign, area=world.areas["paris-05"])
        sealed_before = set(SealedBallot.objects.values_list("receipt_hash", flat=True))

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(DELETE, {"password": PASSWORD, "confirm": True})
        assert response.status_code == 204, response.content

        # Signed out, nobody can sign in, no token; the address is free again.
        assert client.get(ME).status_code in (401, 403)
        assert elsewhere.get(ME).status_code in (401, 403)  # her other sessions end too
        assert_error(
            APIClient().post(LOGIN, {"email": "alice@example.org", "password": PASSWORD}),
            400,
            "invalid_credentials",
        )
        assert not Token.objects.filter(user=user).exists()
        gone = User.objects.get(pk=user.pk)
        assert gone.deleted_at is not None and not gone.is_active
        assert gone.email.endswith("@deleted.invalid") and gone.display_name == ""
        assert not gone.has_usable_password()
        assert not User.objects.filter(email="alice@example.org").exists()
        assert mail.outbox[-1].to == ["alice@example.org"]
        assert "deleted" in mail.outbox[-1].subject

        # The proposal stays, by a former participant.
        shown = APIClient().get(f"/api/v1/proposals/{alice['proposal'].pk}/").json()
        assert shown["title"] == "Le projet de Alice"
        assert shown["author"] == {"display_name": "", "former_participant": True}
        theirs = APIClient().get(f"/api/v1/proposals/{bruno['proposal'].pk}/").json()
        assert theirs["author"] == {"display_name": "Bruno", "former_participant": False}

        # Reports stay, anonymous; notifications go; the declaration (she voted) stays.
        assert Report.objects.filter(text="Motif de Alice", reporter__isnull=True).exists()
        assert not Notification.objects.filter(user=user).exists()
        assert VoterDeclaration.objects.filter(person=user).exists()
        assert Participation.objects.filter(person=user).count() == 1
        assert turnout(campaign=world.campaign, area=world.areas["paris-05"]) == before
        assert set(SealedBallot.objects.values_list("receipt_hash", flat=True)) == sealed_before
        record = AuditRecord.objects.get(action="user.delete")
        assert record.object_id == str(user.pk) and "alice" not in json.dumps(record.after)

        # The count runs and counts her ballot.
        later = timezone.now() + timedelta(seconds=5)
        campaign = publish(world, later)
        results_tally(campaign_id=campaign.pk, now=later)
        assert Ballot.objects.filter(campaign=campaign, counted=True).count() == 2

        # The address can register again: a new account, not the old one.
        again = APIClient().post(
            "/api/v1/auth/register/",
            {"email": "alice@example.org", "password": "un-mot-de-passe-solide"},
        )
        assert again.status_code == 202
        assert User.objects.get(email="alice@example.org").pk != user.pk

    def test_a_declaration_without_a_vote_goes_at_once(self, db):
        world = make_world()
        user = UserFactory()
        declare(user, world.campaign)
        assert (
            signed_in(user).post(DELETE, {"password": PASSWORD, "confirm": True}).status_code == 204
        )
        assert not VoterDeclaration.objects.filter(person=user).exists()

    def test_refusals_name_the_field(self, resident):
        client = signed_in(resident)
        assert_error(
            client.post(DELETE, {"password": "not-mine-at-all", "confirm": True}),
            400,
            "wrong_password",
            "password",
        )
        assert_error(
            client.post(DELETE, {"password": PASSWORD, "confirm": False}), 400, "invalid", "confirm"
        )
        assert_error(client.post(DELETE, {"password": PASSWORD}), 400, "invalid", "confirm")
        assert_error(client.post(DELETE, {"confirm": True}), 400, "invalid", "password")
        assert_error(
            APIClient().post(DELETE, {"password": PASSWORD, "confirm": True}),
            401,
            "not_authenticated",
        )
        assert User.objects.get(pk=resident.pk).deleted_at is None
        assert client.get(ME).status_code == 200

    def test_an_official_loses_their_role_and_areas(self, official):
        assert (
            signed_in(official).post(DELETE, {"password": PASSWORD, "confirm": True}).status_code
            == 204
        )
        gone = User.objects.get(pk=official.pk)
        assert gone.role == "resident" and not gone.areas.exists() and not gone.is_staff


def closed_campaign_with_voters(closed_days_ago: int):
    """A campaign closed ``closed_days_ago`` days ago, with two voters (declaration, roll entry,
    participation) and a paper voter known by name only."""
    now = timezone.now()
    campaign = campaign_in_phase("closed", now=now - timedelta(days=closed_days_ago - 5))
    start = campaign.slot("closed").start
    assert abs((now - start) - timedelta(days=closed_days_ago)) < timedelta(days=1)
    fifth = Area.objects.get(code="paris-05")
    campaign.areas.add(fifth)
    users = [UserFactory(), UserFactory()]
    for i, user in enumerate(users):
        declare(user, campaign, full_name=f"Votante {i}")
        entry = VoterRollEntry.objects.create(
            campaign=campaign, user=user, full_name=f"Votante {i}", name_key=f"votante {i}",
            birth_date=date(1990, 5, 17), address="10 rue Mouffetard",
        )  # fmt: skip
        Participation.objects.create(
            person=user, voter=entry, campaign=campaign, area=fifth, channel="online",
            voted_on=start.date() - timedelta(days=20),
        )  # fmt: skip
    paper = VoterRollEntry.objects.create(
        campaign=campaign, full_name="Jean Papier", name_key="jean papier",
        birth_date=date(1950, 3, 4), address="1 rue Monge", heart_area=fifth,
    )  # fmt: skip
    Participation.objects.create(
        voter=paper, campaign=campaign, area=fifth, channel="paper",
        voted_on=start.date() - timedelta(days=20),
    )  # fmt: skip
    return campaign, users, fifth


@pytest.mark.django_db
class TestRetention:
    def test_months_are_calendar_months(self):
        moment = timezone.now().replace(year=2027, month=1, day=31)
        assert add_months(moment, 1).date() == date(2027, 2, 28)
        assert add_months(moment, 12).date() == date(2028, 1, 31)
        assert add_months(moment, 13).date() == date(2028, 2, 29)

    def test_after_the_retention_people_are_detached_and_the_turnout_stays(self, settings):
        settings.PERSONAL_DATA_RETENTION_MONTHS = 12
        old, users, fifth = closed_campaign_with_voters(400)
        recent, _, _ = closed_campaign_with_voters(100)
        running = campaign_in_phase("voting")
        before = turnout(campaign=old, area=fifth)
        assert before["online"] == 2 and before["paper"] == 1

        done = retention_apply(now=timezone.now())
        assert done == {
            old.slug: {
                "declarations_deleted": 2,
                "participations_detached": 2,
                "roll_entries_anonymised": 3,
            }
        }
        assert not VoterDeclaration.objects.filter(campaign=old).exists()
        assert not Participation.objects.filter(campaign=old, person__isnull=False).exists()
        assert turnout(campaign=old, area=fifth) == before
        entries = VoterRollEntry.objects.filter(campaign=old)
        assert not entries.filter(user__isnull=False).exists()
        assert set(entries.values_list("full_name", "address")) == {("", "")}
        assert {e.birth_date for e in entries} == {date(1990, 1, 1), date(1950, 1, 1)}
        assert all(e.name_key == f"anonymised-{e.pk}" for e in entries)
        # Nothing about those voters is left in their download.
        data = signed_in(users[0]).get(DATA).json()
        assert data["voter_declarations"] == data["participations"] == data["voter_roll"] == []
        assert AuditRecord.objects.filter(action="campaign.retention_apply").count() == 1

        # Not yet for the campaign closed 100 days ago, nor for one still running; and again
        # changes nothing.
        assert VoterDeclaration.objects.filter(campaign=recent).count() == 2
        assert Participation.objects.filter(campaign=recent, person__isnull=False).count() == 2
        assert retention_end(running) is not None and retention_end(running) > timezone.now()
        assert retention_apply(now=timezone.now()) == {}

    def test_a_campaign_s_own_period_wins_over_the_site_s(self, settings, admin_api):
        settings.PERSONAL_DATA_RETENTION_MONTHS = 12
        short, _, _ = closed_campaign_with_voters(100)
        default, _, _ = closed_campaign_with_voters(100)
        # The administrator sets three months on one (audited), through the API.
        response = admin_api.patch(
            f"/api/v1/campaigns/{short.slug}/", {"retention_months": 3}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["retention_months"] == 3
        assert AuditRecord.objects.filter(
            action="campaign.update", after__retention_months=3
        ).exists()
        short.refresh_from_db()
        assert retention_end(short) == add_months(short.slot("closed").start, 3)
        assert retention_end(default) == add_months(default.slot("closed").start, 12)

        done = retention_apply(now=timezone.now())
        assert set(done) == {short.slug}
        assert not VoterDeclaration.objects.filter(campaign=short).exists()
        assert VoterDeclaration.objects.filter(campaign=default).count() == 2

        # Empty again: the site's period, and out of range is a 400 naming the field.
        response = admin_api.patch(
            f"/api/v1/campaigns/{default.slug}/", {"retention_months": 0}, format="json"
        )
        assert response.status_code == 400
        assert "retention_months" in response.json()["errors"]
        response = admin_api.patch(
            f"/api/v1/campaigns/{short.slug}/", {"retention_months": None}, format="json"
        )
        assert response.status_code == 200 and response.json()["retention_months"] is None

    def test_a_deleted_account_s_participation_is_detached_in_time(self, settings):
        settings.PERSONAL_DATA_RETENTION_MONTHS = 12
        campaign, users, _fifth = closed_campaign_with_voters(300)
        assert (
            signed_in(users[0]).post(DELETE, {"password": PASSWORD, "confirm": True}).status_code
            == 204
        )
        assert Participation.objects.filter(campaign=campaign, person=users[0]).exists()
        assert VoterDeclaration.objects.filter(campaign=campaign, person=users[0]).exists()
        assert retention_apply(now=timezone.now() + timedelta(days=70)) != {}
        assert not Participation.objects.filter(person=users[0]).exists()
        assert not VoterDeclaration.objects.filter(person=users[0]).exists()
        assert Participation.objects.filter(campaign=campaign).count() == 3

    def test_a_campaign_never_closed_keeps_until_it_is(self, db):
        campaign = make_world(phase="results").campaign
        assert retention_end(campaign) is None

    def test_the_sweep_runs_daily_from_the_beat_schedule(self, settings):
        from config.celery import app
        from privacy.tasks import retention_apply_task

        entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
        assert entry["task"] == retention_apply_task.name == "privacy.apply_retention"
        assert entry["task"] in app.tasks
        assert retention_apply_task.apply().get() == 0


@pytest.mark.django_db
def test_the_privacy_page_figures(api, settings):
    settings.PERSONAL_DATA_RETENTION_MONTHS = 18
    response = api.get("/api/v1/privacy/")
    assert response.status_code == 200
    assert response.json() == {"retention_months": 18, "password_reset_minutes": 60}


@pytest.mark.django_db
def test_an_imported_proposal_has_no_author(api, open_campaign):
    proposal = ProposalFactory(campaign=open_campaign, author=None)
    assert api.get(f"/api/v1/proposals/{proposal.pk}/").json()["author"] is None
    assert Proposal.objects.filter(pk=proposal.pk).exists()


@pytest.mark.django_db
def test_a_deleted_account_is_never_a_pending_registration(eager_celery):
    """Deleted through a token (never signed in with a session): inactive, unconfirmed and
    without a last sign-in, like a registration waiting for its link; yet no mail, no link."""
    from accounts.credentials import password_reset_send
    from accounts.services import email_verification_send

    user = UserFactory(last_login=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.post(DELETE, {"password": PASSWORD, "confirm": True}).status_code == 204
    gone = User.objects.get(pk=user.pk)
    assert gone.last_login is None and not gone.is_active and gone.email_verified_at is None
    mail.outbox.clear()
    assert email_verification_send(user_id=user.pk) is False
    assert password_reset_send(user_id=user.pk) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_follows_and_mail_preferences_are_in_the_download_and_go_with_the_account(resident):
    from notifications.models import Follow, Preference

    proposal = ProposalFactory(author=UserFactory())
    Follow.objects.create(user=resident, proposal=proposal)
    Follow.objects.create(user=UserFactory(), proposal=proposal)  # someone else's
    Preference.objects.create(user=resident, digest="daily")
    others = Follow.objects.exclude(user=resident).count()  # the author follows their own too
    client = signed_in(resident)
    data = client.get(DATA).json()
    assert [f["proposal_id"] for f in data["follows"]] == [proposal.pk]
    assert [p["digest"] for p in data["notification_preferences"]] == ["daily"]
    assert client.post(DELETE, {"password": PASSWORD, "confirm": True}).status_code == 204
    assert not Follow.objects.filter(user=resident).exists()
    assert not Preference.objects.filter(user=resident).exists()
    assert Follow.objects.count() == others >= 2
