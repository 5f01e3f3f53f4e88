"""One rule for accepting a geocoding result, the same for the API's suggestions, the task that
places an address-only proposal, and the demo loader: a result is accepted only with a score of at
least MIN_SCORE, a Paris postcode (or none) and a point inside Paris. The same answer of the
geocoder (a fake at the adapter) is given to the three; they accept and refuse alike, with the
same reason."""

import csv
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.urls import reverse

from addresses.geocoding import MIN_SCORE
from integrations.geocoder import Candidate, override_geocoder
from proposals.demo import demo_campaign_load
from proposals.models import Proposal
from proposals.services import proposal_locate
from proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

SOURCE = settings.FIXTURES_DIR / "paris" / "bp-projets-gagnants.csv"
MOUFFETARD = dict(label="28 Rue Mouffetard 75005 Paris", lon=2.3497, lat=48.8440, postcode="75005")

CASES = {
    "accepted": (Candidate(**MOUFFETARD, score=0.9), ""),
    "at the threshold": (Candidate(**MOUFFETARD, score=MIN_SCORE), ""),
    "below the threshold": (
        Candidate(**MOUFFETARD, score=MIN_SCORE - 0.01),
        "No address in Paris matches this text confidently",
    ),
    "postcode outside Paris": (
        Candidate(**{**MOUFFETARD, "postcode": "94200"}, score=0.9),
        "has the postcode 94200, which is not in Paris",
    ),
    "point outside Paris": (
        Candidate(label="Place d'Armes Versailles", lon=2.1204, lat=48.8049, score=0.9),
        "« Place d'Armes Versailles » is outside Paris.",
    ),
}


class Answers:
    """The same answer to every query, recorded."""

    name = "answers"

    def __init__(self, candidate):
        self.candidate = candidate
        self.queries = []

    def search(self, query, *, limit=5):
        self.queries.append(query)
        return [self.candidate]

    def reverse(self, lon, lat):
        return None


def via_view(api):
    response = api.get(reverse("geocode"), {"q": "28 rue Mouffetard"})
    assert response.status_code == 200
    results = response.json()["results"]
    return results[0]["arrondissement"]["code"] if results else None


def via_task():
    pending = ProposalFactory(
        location=None, address="28 rue Mouffetard", location_status=Proposal.LocationStatus.PENDING
    )
    proposal = proposal_locate(proposal_id=pending.id)
    if proposal.location_status == Proposal.LocationStatus.PLACED:
        return proposal.district.code, ""
    return None, proposal.location_error


def via_loader(tmp_path):
    with SOURCE.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        row = dict(next(reader))
        fields = reader.fieldnames
    row.update(
        {
            "Identifiant du projet lauréat": "R1",
            "Adresse du projet lauréat": "28 rue Mouffetard",
            "Arrondissement du projet lauréat": "75005",
        }
    )
    path = tmp_path / "one.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, delimiter=";")
        writer.writeheader()
        writer.writerow(row)
    report = demo_campaign_load(csv_path=path, now=datetime.now(tz=UTC))
    proposal = Proposal.objects.get(source_ref="bp-R1")
    if report.placed:
        return proposal.district.code, ""
    [(ref, _, reason)] = report.unplaced
    assert ref == "R1" and reason == proposal.location_error
    return None, reason


@pytest.mark.parametrize("case", CASES)
def test_the_view_the_task_and_the_loader_accept_alike(api, tmp_path, case):
    candidate, reason = CASES[case]
    geocoder = Answers(candidate)
    with override_geocoder(geocoder):
        suggested = via_view(api)
        placed, task_reason = via_task()
        loaded, loader_reason = via_loader(tmp_path)
    assert len(geocoder.queries) == 3  # each went through the geocoder
    if not reason:
        assert suggested == placed == loaded == "75105"
        assert task_reason == loader_reason == ""
    else:
        assert suggested is None and placed is None and loaded is None
        assert reason in task_reason
        assert task_reason == loader_reason
