"""The demo campaign open for voting, loaded from the real file of the city's winning projects
with the real offline geocoder: counts, costs and flags as the file gives them, envelopes that
make the vote matter, the voting phase now, audited, idempotent, and a newcomer can vote."""

import csv
from collections import defaultdict
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditRecord
from campaigns.models import Campaign, Envelope
from core.testing.api import client_for
from demo.voting import EDITIONS, VOTING_SLUG, demo_voting_load, envelope_for
from projects.models import Project

SOURCE = settings.FIXTURES_DIR / "paris" / "bp-projets-gagnants.csv"
CITY = "Budget participatif parisien"


def source_rows():
    """The rows of the editions the demo uses, read here independently of the loader."""
    with SOURCE.open(encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.DictReader(f, delimiter=";") if r["Edition"] in EDITIONS]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (about 230 projects geocoded offline), committed, and
    removed after (and before: what an interrupted run left)."""
    with django_db_blocker.unblock():
        _remove()
        report = demo_voting_load(csv_path=SOURCE, now=timezone.now())
        yield report
        _remove()


def _remove():
    for campaign in Campaign.objects.filter(slug=VOTING_SLUG):
        AuditRecord.objects.filter(campaign=campaign).delete()
        campaign.projects.all().delete()
        campaign.delete()


@pytest.fixture
def campaign(loaded, db):
    return Campaign.objects.prefetch_related("phases", "areas").get(slug=VOTING_SLUG)


def test_envelope_for_hand_computed():
    # half of 1,000,000 + 300,000 + 200,000 = 750,000; the dearest (1,000,000) is more.
    assert envelope_for([1_000_000, 300_000, 200_000], [300_000]) == (1_000_000, 300_000)
    # half of 4 × 500,000 = 1,000,000; a third of it, 333,333, rounded down: 330,000.
    assert envelope_for([500_000] * 4, [500_000, 500_000]) == (1_000_000, 330_000)
    # rounded up to ten thousand euros; nothing reserved without a quartier populaire project.
    assert envelope_for([12_345, 10_000], []) == (20_000, 0)


@pytest.mark.django_db
class TestVotingDemo:
    def test_every_project_of_the_editions_is_on_a_ballot(self, loaded, campaign):
        rows = source_rows()
        assert loaded.created and not loaded.skipped
        assert loaded.projects == len(rows) == campaign.projects.count()
        assert len(rows) > 200
        assert {p.external_id for p in campaign.projects.all()} == {
            f"bp-{r['Identifiant du projet lauréat']}" for r in rows
        }
        # most are on the map (placed in their own area), as in the submission demo
        assert loaded.located >= 0.6 * loaded.projects
        assert campaign.projects.filter(locations__isnull=False).count() == loaded.located

    def test_costs_priority_flags_and_areas_are_the_files(self, campaign):
        projects = {p.external_id: p for p in campaign.projects.select_related("area")}
        for row in source_rows():
            project = projects[f"bp-{row['Identifiant du projet lauréat']}"]
            assert project.cost == int(row["Budget global du projet lauréat"])
            flagged = row["Projet en Quartier populaire"] == "Oui"
            assert project.priority_flagged is flagged
            if row["Echelle du Budget participatif"] == CITY:
                assert project.area.code == "paris"
            else:
                number = int(row["Arrondissement du projet lauréat"][-2:])
                expected = (
                    "paris-centre"
                    if number <= 4 or row["Arrondissement du projet lauréat"] == "75123"
                    else f"paris-{number:02d}"
                )
                assert project.area.code == expected, row["Identifiant du projet lauréat"]
        assert sum(p.priority_flagged for p in projects.values()) > 30

    def test_it_is_open_for_voting_now_by_majority_judgment(self, campaign):
        now = timezone.now()
        assert campaign.phase_at(now) == "voting"
        assert campaign.applied_phase == "voting"
        assert campaign.voting_rule == "majority_judgment"
        assert campaign.minimum_age == 7

    def test_every_ballot_area_with_an_envelope_that_makes_the_vote_matter(self, campaign):
        codes = {a.code for a in campaign.areas.all()}
        assert codes == {"paris", "paris-centre"} | {f"paris-{n:02d}" for n in range(5, 21)}
        costs = defaultdict(list)
        priority = defaultdict(int)
        for project in campaign.projects.select_related("area"):
            costs[project.area.code].append(project.cost)
            priority[project.area.code] += project.cost if project.priority_flagged else 0
        for envelope in Envelope.objects.filter(campaign=campaign).select_related("area"):
            spent = costs[envelope.area.code]
            assert sum(spent) / 2 <= envelope.amount < sum(spent), envelope.area.code
            assert envelope.amount >= max(spent)
            assert (
                0
                <= envelope.reserved_amount
                <= min(envelope.amount / 3, priority[envelope.area.code])
            )
        assert Envelope.objects.filter(campaign=campaign).count() == len(codes)
        assert Envelope.objects.filter(campaign=campaign, reserved_amount__gt=0).count() >= 10

    def test_made_through_the_services_and_audited(self, campaign):
        records = AuditRecord.objects.filter(campaign=campaign)
        assert records.filter(action="campaign.create").count() == 1
        assert records.filter(action="project.import").count() == campaign.projects.count()
        assert records.filter(action="campaign.phase", after__phase="voting").count() == 1
        flagged = records.filter(action="project.import", after__priority_flagged=True).count()
        assert flagged == campaign.projects.filter(priority_flagged=True).count()

    def test_a_second_run_changes_nothing_and_is_fast(
        self, campaign, django_assert_max_num_queries
    ):
        before = (Project.objects.count(), AuditRecord.objects.count(), Envelope.objects.count())
        with django_assert_max_num_queries(3):  # one lookup, in a savepoint
            report = demo_voting_load(csv_path=SOURCE, now=timezone.now())
        assert not report.created
        out = StringIO()
        call_command("load_demo_voting", stdout=out)
        assert "already loaded" in out.getvalue()
        assert (
            Project.objects.count(),
            AuditRecord.objects.count(),
            Envelope.objects.count(),
        ) == before

    def test_a_newcomer_declares_themselves_and_votes(self, campaign):
        voter = UserFactory()
        client = client_for(voter)
        url = f"/api/v1/campaigns/{VOTING_SLUG}/"
        declared = client.put(
            url + "declaration/",
            {
                "full_name": "Nouvelle Venue",
                "birth_date": "1990-05-17",
                "address": "21 Place du Panthéon",
            },
            format="json",
        )
        assert declared.status_code in (200, 201), declared.content
        assert declared.json()["heart_area"]["code"] == "paris-05"
        for code in ("paris", "paris-05"):
            ballot = client.get(f"{url}areas/{code}/ballot/")
            assert ballot.status_code == 200, ballot.content
            ids = [p["id"] for p in ballot.json()]
            assert len(ids) == Project.objects.filter(campaign=campaign, area__code=code).count()
            grades = {str(pk): "adore" if i % 2 else "pourquoi_pas" for i, pk in enumerate(ids)}
            cast = client.post(url + "ballots/", {"area": code, "grades": grades}, format="json")
            assert cast.status_code == 201, cast.content
            assert cast.json()["receipt"]
        assert set(voter.participations.values_list("area__code", flat=True)) == {
            "paris",
            "paris-05",
        }
