"""Placing an address-only proposal: the service and the task, with a fake at the geocoder
adapter (the real offline geocoder and worker are exercised in tests/celery)."""

from contextlib import ExitStack

import pytest

from audit.models import AuditRecord
from integrations.geocoder import Candidate, GeocoderError, GeocoderUnavailable, override_geocoder
from proposals.models import Proposal
from proposals.services import proposal_locate
from proposals.tasks import MAX_RETRIES, proposal_locate_task
from proposals.tests.factories import ProposalFactory


class ScriptedGeocoder:
    """Answers from a script: a list of candidates, or an exception to raise, per call."""

    name = "scripted"

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = 0

    def search(self, query, *, limit=5):
        self.calls += 1
        answer = self.answers[min(self.calls, len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def reverse(self, lon, lat):
        return None


@pytest.fixture
def use_geocoder():
    """Install a geocoder at the adapter for the test: ``use_geocoder(ScriptedGeocoder(...))``."""
    with ExitStack() as stack:
        yield lambda geocoder: stack.enter_context(override_geocoder(geocoder))


@pytest.fixture
def pending(db):
    return ProposalFactory(
        location=None, address="28 rue Mouffetard", location_status=Proposal.LocationStatus.PENDING
    )


MOUFFETARD = Candidate(label="28 Rue Mouffetard 75005 Paris", lon=2.3497, lat=48.8440, score=0.95)


def test_placed_from_the_best_candidate(use_geocoder, pending):
    use_geocoder(ScriptedGeocoder([MOUFFETARD]))
    proposal = proposal_locate(proposal_id=pending.id)
    assert proposal.location_status == "placed"
    assert proposal.district.code == "75105"
    assert proposal.area.code == "paris-05"
    record = AuditRecord.objects.get(action="proposal.locate", object_id=str(pending.id))
    assert record.after["location_status"] == "placed"
    assert record.reason == "geocoded: 28 Rue Mouffetard 75005 Paris (score 0.95)"


def test_candidate_outside_paris_leaves_it_failed(use_geocoder, pending):
    versailles = Candidate(
        label="Place d'Armes 78000 Versailles", lon=2.1204, lat=48.8049, score=0.9
    )
    use_geocoder(ScriptedGeocoder([versailles]))
    proposal = proposal_locate(proposal_id=pending.id)
    assert proposal.location_status == "failed"
    assert "outside Paris" in proposal.location_error
    assert Proposal.objects.filter(pk=pending.id).exists()


@pytest.mark.parametrize(
    "answer",
    [[], [Candidate(label="?", lon=2.35, lat=48.85, score=0.2)], GeocoderError("bad request")],
)
def test_no_confident_answer_leaves_it_failed(use_geocoder, pending, answer):
    use_geocoder(ScriptedGeocoder(answer))
    assert proposal_locate(proposal_id=pending.id).location_status == "failed"


def test_already_placed_is_left_alone(use_geocoder, db):
    placed = ProposalFactory()
    geocoder = use_geocoder(ScriptedGeocoder([MOUFFETARD]))
    proposal_locate(proposal_id=placed.id)
    assert geocoder.calls == 0


def test_task_retries_while_unavailable_then_places(use_geocoder, pending):
    geocoder = use_geocoder(
        ScriptedGeocoder(
            GeocoderUnavailable("timeout"), GeocoderUnavailable("timeout"), [MOUFFETARD]
        )
    )
    result = proposal_locate_task.apply(args=[pending.id])
    assert result.get() == "placed"
    assert geocoder.calls == 3


def test_task_gives_up_after_the_last_retry_and_keeps_the_proposal(use_geocoder, pending):
    geocoder = use_geocoder(ScriptedGeocoder(GeocoderUnavailable("down")))
    assert proposal_locate_task.apply(args=[pending.id]).get() == "failed"
    assert geocoder.calls == MAX_RETRIES + 1
    pending.refresh_from_db()
    assert pending.location_status == "failed"
    assert "unavailable" in pending.location_error
