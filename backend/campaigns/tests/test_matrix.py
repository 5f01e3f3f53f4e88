"""The role × phase × action matrix, written out here as the specification: for every action,
the phases that allow it and the roles that may take it. Each phase is seen before, during and
after (the campaign is put in each of the seven phases in turn)."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from campaigns.rules import can, check
from campaigns.schedule import PHASES, Action
from campaigns.services import campaign_create
from core.errors import EmailNotVerified, NotAllowed, PhaseClosed
from geo.models import Area

NOW = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)
DAY = timedelta(days=1)

# The specification. Phases that allow each action:
PHASES_FOR = {
    "propose": {"submission"},
    "edit_own": {"submission"},
    "withdraw": {"submission", "review"},
    "comment": {"submission", "review", "voting"},
    "support": {"submission"},
    "report": {"submission", "review", "voting", "results", "implementation"},
    "moderate": {"submission", "review", "voting", "results", "implementation"},
    "review": {"submission", "review"},
    "merge": {"review"},
    "vote": {"voting"},
    "enter_paper_ballots": {"voting"},
    "publish_results": {"results"},
    "add_milestones": {"results", "implementation"},
}
# Roles that may take each action on an object of the 5th arrondissement's area:
VERIFIED = {"resident", "author", "official_here", "official_elsewhere", "administrator"}
EVERYONE_SIGNED_IN = VERIFIED | {"unverified"}
OFFICIALS_HERE = {"official_here", "administrator"}
ROLES_FOR = {
    "propose": VERIFIED,  # a confirmed email address is needed to propose, report and vote
    "edit_own": {"author"},
    "withdraw": {"author"},
    "comment": VERIFIED,  # a confirmed address to comment and support too
    "support": VERIFIED,
    "report": VERIFIED,
    "moderate": OFFICIALS_HERE,
    "review": OFFICIALS_HERE,
    "merge": OFFICIALS_HERE,
    "vote": VERIFIED,
    "enter_paper_ballots": OFFICIALS_HERE,
    "publish_results": OFFICIALS_HERE,
    "add_milestones": OFFICIALS_HERE,
}
pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "unverified",
    "resident",
    "author",
    "official_here",
    "official_elsewhere",
    "administrator",
]


def test_the_specification_covers_every_action():
    assert set(PHASES_FOR) == set(ROLES_FOR) == {a.value for a in Action}


def schedule_in(phase: str) -> dict:
    """A full schedule (10 days a phase) placed so that NOW falls in ``phase``."""
    order = [p.value for p in PHASES[1:]]  # draft = before the first slot
    index = -1 if phase == "draft" else order.index(phase)
    start = NOW - (index * 10 + 5) * DAY if index >= 0 else NOW + 5 * DAY
    slots, t = {}, start
    for p in order:
        slots[p] = (t, None if p == "closed" else t + 10 * DAY)
        t += 10 * DAY
    return slots


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    run = uuid.uuid4().hex[:8]  # committed rows: unique per run, whoever else uses the database
    with django_db_blocker.unblock():
        fifth = Area.objects.get(code="paris-05")
        campaigns = {
            p.value: campaign_create(
                slug=f"matrix-{run}-{p.value}", name=p.value, schedule=schedule_in(p.value)
            )
            for p in PHASES
        }

        def person(name: str, role: str = "resident", verified: bool = True) -> User:
            return User.objects.create_user(
                email=f"{name}-{run}@example.org",
                role=role,
                email_verified_at=NOW - 30 * DAY if verified else None,
            )

        users = {
            "anonymous": AnonymousUser(),
            "unverified": person("unverified", verified=False),
            "resident": person("resident"),
            "author": person("author"),
            "official_here": person("here", "official"),
            "official_elsewhere": person("elsewhere", "official"),
            "administrator": person("admin", "administrator"),
        }
        users["official_here"].areas.set([fifth])
        users["official_elsewhere"].areas.set([Area.objects.get(code="paris-19")])
        yield {"campaigns": campaigns, "users": users, "area_id": fifth.id}
        for campaign in campaigns.values():
            campaign.delete()
        for user in users.values():
            if user.pk:
                user.delete()


def test_each_campaign_is_in_its_phase(world):
    for phase, campaign in world["campaigns"].items():
        assert campaign.phase_at(NOW) == phase


@pytest.mark.parametrize("action", [a.value for a in Action])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, role, action):
    user = world["users"][role]
    for phase in (p.value for p in PHASES):
        campaign = world["campaigns"][phase]
        expected = phase in PHASES_FOR[action] and role in ROLES_FOR[action]
        kwargs = {
            "campaign": campaign,
            "now": NOW,
            "area_id": world["area_id"],
            "own": role == "author",
        }
        assert can(user, action, **kwargs) is expected, (role, action, phase)
        if expected:
            check(user, action, **kwargs)
        else:
            # Refused for the role (403) before the phase (409): say the most useful reason.
            error = NotAllowed if role not in ROLES_FOR[action] else PhaseClosed
            with pytest.raises(error) as refused:
                check(user, action, **kwargs)
            # An unconfirmed address is named as the reason where it is the one missing piece.
            unverified_only = role == "unverified" and action in {
                "propose",
                "comment",
                "support",
                "report",
                "vote",
            }
            assert isinstance(refused.value, EmailNotVerified) is unverified_only
