"""`can` tells the truth: for every phase, every role, every state of a proposal and every
action, what the API says the reader may do (`can`, read through the API) is exactly what the
API then lets them do.

Each test builds one campaign in one phase with proposals in every state (fresh, reported, in
review, accepted, rejected, hidden by an official, hidden automatically, withdrawn, merged, part
of a project), a ballot project, and a person of each role. It reads `can` as one role, then
attempts every action through the API, each inside a savepoint rolled back afterwards so every
attempt starts from the same state, and checks: the action succeeds (2xx) exactly when `can`
said so, and otherwise it is refused with a 4xx in the API's error format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.gis.geos import MultiPoint
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaigns.models import Campaign
from campaigns.schedule import PHASE_VALUES
from campaigns.tests.factories import campaign_in_phase
from core.testing.api import client_for, error_body
from moderation.models import Report
from projects.models import Project
from proposals.models import Proposal
from proposals.tests.factories import PANTHEON, ProposalFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "resident",
    "author",
    "unverified",
    "official_here",
    "official_elsewhere",
    "administrator",
)
STATES = (
    "fresh",
    "reported",
    "in_review",
    "accepted",
    "rejected",
    "hidden",
    "auto_hidden",
    "withdrawn",
    "merged",
    "in_project",
)
PROPOSALS = "/api/v1/proposals/"
PROJECTS = "/api/v1/projects/"


def proposal_url(proposal: Proposal, action: str = "") -> str:
    return f"{PROPOSALS}{proposal.pk}/{action + '/' if action else ''}"


# --- the world ---------------------------------------------------------------------------------


@dataclass
class World:
    campaign: Campaign
    users: dict[str, Any]
    proposals: dict[str, Proposal]
    target: Proposal  # an accepted proposal of the same area, to merge into
    project: Project  # the project the `in_project` proposal is part of
    official_here: Any = None


def build_world(phase: str) -> World:
    """One campaign in ``phase``, a proposal in each state (all in the 5th arrondissement, by the
    same author), a merge target and a project, and one person per role."""
    campaign = campaign_in_phase(phase)
    fast = {"password": None}  # no password hashing
    official_here = UserFactory(role="official", areas=["paris-05"], **fast)
    users: dict[str, Any] = {
        "anonymous": None,
        "resident": UserFactory(**fast),
        "author": UserFactory(**fast),
        "unverified": UserFactory(email_verified_at=None, **fast),
        "official_here": official_here,
        "official_elsewhere": UserFactory(role="official", areas=["paris-19"], **fast),
        "administrator": UserFactory(role="administrator", is_staff=True, **fast),
    }
    reporter = UserFactory(**fast)
    now = timezone.now()

    def make(status: str = "submitted", **fields: Any) -> Proposal:
        if status == "accepted":
            fields.setdefault("estimated_cost", 25_000)
        if status == "rejected":
            fields.setdefault("public_answer", "Hors compétence de la Ville.")
        fields.setdefault("author", users["author"])
        return ProposalFactory(campaign=campaign, status=status, **fields)

    target = make("accepted", author=reporter)
    hidden = {"is_hidden": True, "hidden_at": now, "hidden_reason": "Propos injurieux."}
    proposals = {
        "fresh": make(),
        "reported": make(report_count=1),
        "in_review": make("in_review"),
        "accepted": make("accepted"),
        "rejected": make("rejected"),
        "hidden": make(hidden_by=official_here, **hidden),
        "auto_hidden": make(report_count=1, **hidden),
        "withdrawn": make("withdrawn"),
        "merged": make("merged", merged_into=target),
        "in_project": make("accepted"),
    }
    for state in ("reported", "auto_hidden"):
        Report.objects.create(
            proposal=proposals[state], reporter=reporter, reason="spam", created_at=now
        )
    source = proposals["in_project"]
    project = Project.objects.create(
        campaign=campaign,
        area=source.area,
        title="Un jardin partagé au Panthéon",
        description="Un jardin partagé, ouvert à tous les habitants du quartier.",
        cost=25_000,
        locations=MultiPoint([source.location], srid=4326),
        theme=source.theme,
        created_by=users["administrator"],
    )
    Proposal.objects.filter(pk=source.pk).update(project=project)
    # Deposited days ago: the author is far from the daily limit (see test_the_daily_limit).
    Proposal.objects.filter(campaign=campaign).update(created_at=now - timedelta(days=3))
    return World(campaign, users, proposals, target, project, official_here)


# --- reading and attempting ----------------------------------------------------------------------


@contextmanager
def rolled_back() -> Iterator[None]:
    """Whatever happens inside is undone: each attempt starts from the same state."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def read_can(client: Any, url: str) -> dict[str, bool] | None:
    """The ``can`` map of the object at ``url`` as the client reads it (None: not visible)."""
    response = client.get(url)
    if response.status_code == 404:
        error_body(response)
        return None
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return response.json()["can"]


@dataclass
class Verdicts:
    """Every comparison of `can` with what happened; mismatches are collected, then reported
    all at once."""

    checked: int = 0
    mismatches: list[str] = field(default_factory=list)
    succeeded: set[tuple[str, str]] = field(default_factory=set)  # (action, state)
    codes: dict[tuple[str, str], str] = field(default_factory=dict)  # refusals' codes

    def attempt(
        self, what: str, state: str, expected: bool, call: Callable[[Any], Any], client: Any
    ) -> bool:
        """Make the request ``call(client)`` (undone afterwards) and compare with ``expected``."""
        with rolled_back():
            response = call(client)
        self.checked += 1
        ok = 200 <= response.status_code < 300
        if ok:
            self.succeeded.add((what, state))
        else:
            assert 400 <= response.status_code < 500, (what, state, response.content[:300])
            self.codes[(what, state)] = error_body(response)["code"]
        if ok != expected:
            detail = "" if ok else f": {response.status_code} {response.content[:200]!r}"
            self.mismatches.append(f"{what} on {state}: can={expected}, succeeded={ok}{detail}")
        return ok

    def actions_that_succeeded(self) -> set[str]:
        return {what for what, _ in self.succeeded}


def proposal_attempts(world: World, proposal: Proposal) -> dict[str, Callable[[Any], Any]]:
    """Each action on ``proposal`` as an API call (a valid request: only the rules may refuse)."""
    official = world.official_here.email
    return {
        "edit": lambda c: c.patch(
            proposal_url(proposal), {"title": "Un titre tout neuf"}, format="json"
        ),
        "withdraw": lambda c: c.post(proposal_url(proposal, "withdraw")),
        "report": lambda c: c.post(
            proposal_url(proposal, "report"), {"reason": "spam"}, format="json"
        ),
        "hide": lambda c: c.post(
            proposal_url(proposal, "hide"), {"reason": "Publicité."}, format="json"
        ),
        "restore": lambda c: c.post(
            proposal_url(proposal, "restore"), {"reason": "Conforme."}, format="json"
        ),
        "start_review": lambda c: c.post(proposal_url(proposal, "review/start"), format="json"),
        "accept": lambda c: c.post(
            proposal_url(proposal, "review/accept"), {"cost": 12_000}, format="json"
        ),
        "reject": lambda c: c.post(
            proposal_url(proposal, "review/reject"), {"answer": "Déjà prévu."}, format="json"
        ),
        "prepare": lambda c: c.post(
            proposal_url(proposal, "review/prepare"),
            {"prepared_decision": "accepted", "prepared_cost": 12_000},
            format="json",
        ),
        "note": lambda c: c.post(
            proposal_url(proposal, "review/notes"), {"notes": "À chiffrer."}, format="json"
        ),
        "assign": lambda c: c.post(
            proposal_url(proposal, "review/assign"), {"assignee": official}, format="json"
        ),
        # `can.merge`: merged into another proposal, made a project, or added to one.
        "merge:into_proposal": lambda c: c.post(
            proposal_url(proposal, "merge"), {"into": world.target.pk}, format="json"
        ),
        "merge:new_project": lambda c: c.post(
            PROJECTS, {"proposals": [proposal.pk]}, format="json"
        ),
        "merge:into_project": lambda c: c.post(
            f"{PROJECTS}{world.project.pk}/proposals/", {"proposals": [proposal.pk]}, format="json"
        ),
    }


def can_key(attempt: str) -> str:
    """The `can` key that answers for an attempt (the three ways of merging are `merge`)."""
    return attempt.split(":")[0]


def campaign_attempts(world: World) -> dict[str, Callable[[Any], Any]]:
    campaign = world.campaign
    closed = campaign.slot("closed")
    assert closed is not None
    return {
        "propose": lambda c: c.post(
            PROPOSALS,
            {
                "campaign": campaign.slug,
                "title": "Des bancs place du Panthéon",
                "description": "Installer des bancs à l'ombre pour les habitants du quartier.",
                "theme": "environnement",
                "location": {"type": "Point", "coordinates": list(PANTHEON)},
            },
            format="json",
        ),
        "update": lambda c: c.patch(
            f"/api/v1/campaigns/{campaign.slug}/", {"name": "Un autre nom"}, format="json"
        ),
        "advance_phase": lambda c: c.post(
            f"/api/v1/campaigns/{campaign.slug}/phases/advance/",
            {"reason": "Calendrier avancé."},
            format="json",
        ),
        "move_phase": lambda c: c.put(
            f"/api/v1/campaigns/{campaign.slug}/phases/closed/",
            {"start": closed.start.isoformat(), "end": None, "reason": "Même date."},
            format="json",
        ),
    }


# Actions that must succeed at least once for a role in a phase: the test's own requests are
# valid, so a rule that refuses everything cannot pass for "can is always false".
MUST_SUCCEED = {
    ("submission", "author"): {"edit", "withdraw", "campaign:propose"},
    ("submission", "resident"): {"report", "campaign:propose"},
    ("submission", "official_here"): {"hide", "restore", "start_review", "accept", "note"},
    ("review", "administrator"): {
        "report",
        "hide",
        "restore",
        "start_review",
        "accept",
        "reject",
        "prepare",
        "note",
        "assign",
        "merge:into_proposal",
        "merge:new_project",
        "merge:into_project",
        "project:update",
        "campaign:update",
        "campaign:advance_phase",
        "campaign:move_phase",
    },
    ("review", "author"): {"withdraw"},
    ("voting", "resident"): {"report"},
    ("voting", "official_here"): {"hide", "restore"},
}
ATTEMPTS_PER_ROLE = len(STATES) * 14 + 1 + 4  # proposals × actions, the project, the campaign


@pytest.fixture(autouse=True)
def _no_throttles(settings):
    """Thousands of attempts in a minute: the throttles (not rules) are tested elsewhere."""
    rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES") or {}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(rates),
    }


def test_phases_are_all_covered():
    assert set(PHASE_VALUES) == {
        "draft",
        "submission",
        "review",
        "voting",
        "results",
        "implementation",
        "closed",
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("phase", PHASE_VALUES)
def test_can_is_what_the_api_lets_you_do(phase, role):
    world = build_world(phase)
    client = client_for(world.users[role])
    verdicts = Verdicts()
    project_url = f"{PROJECTS}{world.project.pk}/"
    project_can = read_can(client, project_url)
    assert project_can is not None  # projects are public

    # The proposals: `can` from the detail (the same in the list), then every action.
    listed = {
        f["id"]: f["properties"]["can"]
        for f in client.get(PROPOSALS, {"campaign": world.campaign.slug, "page_size": 1000}).json()[
            "features"
        ]
    }
    for state, proposal in world.proposals.items():
        can = read_can(client, proposal_url(proposal))
        if proposal.pk in listed:
            assert listed[proposal.pk] == can, (state, "the list and the detail disagree")
        allowed = can or {}  # not visible: nothing is allowed
        outcomes: dict[str, bool] = {}
        for name, call in proposal_attempts(world, proposal).items():
            expected = bool(allowed.get(can_key(name)))
            if name == "merge:into_project":
                expected = expected and project_can["add_proposals"]
            outcomes[name] = verdicts.attempt(name, state, expected, call, client)
        if can is not None:  # the aggregate keys are their parts
            assert can["moderate"] == (outcomes["hide"] or outcomes["restore"]), state
            assert can["review"] == outcomes["accept"] == outcomes["reject"], state

    # The project: editing it, and adding proposals (the accepted one can be added when the
    # project says so: its `can.merge` shares the role and phase rule).
    verdicts.attempt(
        "project:update",
        "project",
        project_can["update"],
        lambda c: c.patch(project_url, {"title": "Un jardin partagé"}, format="json"),
        client,
    )
    added = {state for what, state in verdicts.succeeded if what == "merge:into_project"}
    assert project_can["add_proposals"] == bool(added), added

    # Proposing, and the campaign administrators' actions.
    campaign_can = read_can(client, f"/api/v1/campaigns/{world.campaign.slug}/")
    assert campaign_can is not None
    for name, call in campaign_attempts(world).items():
        verdicts.attempt(f"campaign:{name}", "campaign", campaign_can[name], call, client)

    assert verdicts.checked == ATTEMPTS_PER_ROLE
    assert not verdicts.mismatches, "\n".join(verdicts.mismatches)
    must = MUST_SUCCEED.get((phase, role), set())
    assert must <= verdicts.actions_that_succeeded(), must - verdicts.actions_that_succeeded()
    if role == "unverified":
        # The reason is named (confirm the address), not a bare "permission denied".
        assert verdicts.codes[("campaign:propose", "campaign")] == "email_not_verified"
        assert verdicts.codes[("report", "fresh")] == "email_not_verified"


def test_the_daily_limit_is_in_can_propose(settings):
    """The limit on deposits is part of the rule: at the limit, `can.propose` is false and
    proposing is refused (429 ``limit_reached``)."""
    settings.PROPOSALS_PER_USER_PER_DAY = 2
    world = build_world("submission")
    author = world.users["author"]
    client = client_for(author)
    propose = campaign_attempts(world)["propose"]
    url = f"/api/v1/campaigns/{world.campaign.slug}/"
    assert client.get(url).json()["can"]["propose"] is True
    assert propose(client).status_code == 201
    assert client.get(url).json()["can"]["propose"] is True
    assert propose(client).status_code == 201
    assert client.get(url).json()["can"]["propose"] is False
    response = propose(client)
    assert response.status_code == 429 and error_body(response)["code"] == "limit_reached"
    # Another person is not concerned.
    assert client_for(world.users["resident"]).get(url).json()["can"]["propose"] is True


def test_a_proposal_made_a_project_no_longer_says_merge():
    """The bug this file was written for: once a project was made from an accepted proposal,
    the proposal still said `can.merge: true`, and merging it answered 409."""
    world = build_world("review")
    client = client_for(world.official_here)
    proposal = world.proposals["accepted"]
    assert client.get(proposal_url(proposal)).json()["can"]["merge"] is True
    assert client.post(PROJECTS, {"proposals": [proposal.pk]}, format="json").status_code == 201
    assert client.get(proposal_url(proposal)).json()["can"]["merge"] is False
    response = client.post(proposal_url(proposal, "merge"), {"into": world.target.pk})
    assert response.status_code == 409 and error_body(response)["code"] == "invalid_transition"
