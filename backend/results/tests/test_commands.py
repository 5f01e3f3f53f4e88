"""The pabulib commands: every shared election imported and counted with every rule its
``.expected.json`` records gives pabutools' winners; import → export → import keeps the election
and its winners; malformed files are refused with their line and store nothing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management.base import CommandError

import tally
from campaigns.models import Campaign, Envelope
from campaigns.tests.factories import CampaignFactory
from geo.models import Area
from projects.models import Project
from results.models import ImportedElection
from results.selectors import area_election, inputs_hash
from voting.models import Ballot

from .conftest import PABULIB, pb_import, pb_tally, run

pytestmark = pytest.mark.django_db

SATISFACTION = {
    "Cost_Sat": "cost",
    "Cardinality_Sat": "cardinality",
    "Additive_Cardinal_Sat": "points",
    "Additive_Borda_Sat": "borda",
    "ScoreTimesCost_Sat": "score_cost",
}


def flags_for(key: str) -> tuple[str, list[str]]:
    """pb_tally's rule and flags for a result key of the expected files (see their README)."""
    if key == "sequential_phragmen":
        return "phragmen", []
    if key.startswith("greedy_"):
        return "greedy", ["--satisfaction", SATISFACTION[key.removeprefix("greedy_")]]
    for name, satisfaction in SATISFACTION.items():
        variants = {
            f"mes_{name}": ("mes", []),
            f"mes_{name}_exhaustion_budget_increase": ("mes-increase", ["--no-completion"]),
            f"mes_{name}_exhaustion_budget_increase_then_greedy": ("mes-increase", []),
            f"mes_{name}_add1": ("mes-add1", ["--no-completion"]),
            f"mes_{name}_add1_then_greedy_Cost_Sat": ("mes-add1", []),
        }
        if key in variants:
            rule, flags = variants[key]
            return rule, ["--satisfaction", satisfaction, *flags]
    raise AssertionError(f"no rule for the expected result {key!r}")


EXPECTED = sorted(PABULIB.glob("*.expected.json"))


def test_every_shared_election_is_covered(pabulib):
    assert len(EXPECTED) >= 4
    assert {p.name.split(".")[0] for p in EXPECTED} == {p.stem for p in pabulib.glob("*.pb")}


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[p.name.split(".")[0] for p in EXPECTED])
def test_import_then_tally_gives_pabutools_winners(expected_file: Path):
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    pb = expected_file.with_name(expected_file.name.replace(".expected.json", ".pb"))
    out = pb_import(pb, "imported")
    assert f"{expected['parsed']['num_ballots']} ballots" in out
    campaign = Campaign.objects.get(slug="imported")
    assert campaign.projects.count() == expected["parsed"]["num_projects"]
    assert Ballot.objects.filter(campaign=campaign).count() == expected["parsed"]["num_ballots"]
    assert Envelope.objects.get(campaign=campaign).amount == expected["parsed"]["budget_limit"]
    assert expected["results"]
    for key, recorded in expected["results"].items():
        rule, flags = flags_for(key)
        answer = pb_tally("imported", rule, *flags)
        assert set(answer) == {"rule", "selected", "total_cost", "seconds"}
        assert answer["rule"] == rule
        assert answer["selected"] == recorded["selection_order"], key
        assert answer["total_cost"] == recorded["total_cost"], key
        assert 0 <= answer["seconds"] < 60


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024",
        "Poland_Gdansk_2020_Srodmiescie",
        "US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_rankings",
    ],
)
def test_import_export_import_keeps_the_election_and_its_winners(name, tmp_path):
    original = tally.read(PABULIB / f"{name}.pb")
    pb_import(PABULIB / f"{name}.pb", "first")
    exported = tmp_path / "first.pb"
    assert "ballots" in run("pb_export", "first", str(exported))
    again = tally.read(exported)  # a valid .pb file

    assert again.meta == original.meta
    assert again.projects == original.projects
    assert len(again.ballots) == len(original.ballots)

    def content(election: tally.Election) -> Counter:
        """Ballots as a multiset; points ballots as sets of (project, points) pairs."""
        if election.vote_type in ("cumulative", "scoring"):
            return Counter(
                tuple(sorted(zip(b.vote, b.points or (), strict=True))) for b in election.ballots
            )
        return Counter((b.vote, b.points) for b in election.ballots)

    assert content(again) == content(original)
    # Anonymous: voter ids are receipt hashes, no voter column (age, sex…) is written.
    stored = set(
        Ballot.objects.filter(campaign__slug="first").values_list("receipt_hash", flat=True)
    )
    assert {b.voter_id for b in again.ballots} == stored
    assert all(not b.extra for b in again.ballots)

    pb_import(exported, "second")
    for rule in ("greedy", "mes", "mes-increase"):
        first_answer, second_answer = pb_tally("first", rule), pb_tally("second", rule)
        assert first_answer["selected"], rule
        assert second_answer["selected"] == first_answer["selected"], rule
        assert second_answer["total_cost"] == first_answer["total_cost"], rule
    first, second = (Campaign.objects.get(slug=s) for s in ("first", "second"))
    assert inputs_hash(area_election(campaign=first, area=first.areas.get())) == inputs_hash(
        area_election(campaign=second, area=second.areas.get())
    )


def test_export_orders_the_ballots_by_receipt_hash_the_same_every_time(tmp_path):
    """An order unrelated to the order of casting (receipt codes are random), and the same at
    every export, so a published file's hash can be cited."""
    pb_import(PABULIB / "Netherlands_Assen_2024.pb", "assen")
    orders = {
        tuple(b.voter_id for b in tally.parse(run("pb_export", "assen", "-")).ballots)
        for _ in range(3)
    }
    assert len(orders) == 1
    [order] = orders
    assert list(order) == sorted(order) and len(order) > 50


def test_the_import_keeps_ids_budget_rule_and_settings():
    pb_import(PABULIB / "France_Toulouse_2022.pb", "toulouse")
    campaign = Campaign.objects.get(slug="toulouse")
    assert campaign.phase_at(campaign.created_at) in ("draft", "results")
    assert campaign.voting_rule == "approval" and campaign.approval_max == 3
    assert campaign.tally_rule == "greedy"
    [area] = campaign.areas.all()
    assert area.code == "pb-toulouse" and area.kind == Area.Kind.CITY and area.geometry.empty
    project = Project.objects.get(campaign=campaign, external_id="116")
    assert project.cost == 4000 and project.title == "Création d’abris pour la faune"
    assert project.locations is None  # no coordinates in the file: no geography
    source = ImportedElection.objects.get(campaign=campaign)
    assert source.vote_type == "approval" and source.meta[0] == [
        "description",
        "Municipal PB in Toulouse",
    ]


def test_cumulative_and_ordinal_ballots_keep_their_shape():
    pb_import(PABULIB / "Poland_Gdansk_2020_Srodmiescie.pb", "gdansk")
    pb_import(PABULIB / "US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_rankings.pb", "chicago")
    gdansk = Campaign.objects.get(slug="gdansk")
    assert gdansk.voting_rule == "cumulative" and gdansk.cumulative_points == 5
    assert all(
        "points" in c
        for c in Ballot.objects.filter(campaign=gdansk).values_list("choices", flat=True)[:50]
    )
    chicago = Ballot.objects.filter(campaign__slug="chicago").values_list("choices", flat=True)
    assert all(list(c) == ["ranking"] for c in chicago[:50])


def test_the_readable_table():
    pb_import(PABULIB / "Netherlands_Assen_2024.pb", "assen")
    out = run("pb_tally", "assen", "--rule", "greedy")
    assert "84 ballots, 14 projects" in out
    assert "7 projects funded" in out
    assert "PopUp Podium" in out
    assert "total 99\u202f200 € of 100\u202f000 €" in out


def test_coordinates_become_project_locations(tmp_path):
    path = tmp_path / "geo.pb"
    path.write_text(
        "META\nkey;value\nbudget;100\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost;name;latitude;longitude\n"
        "a;60;Parc;48.8566;2.3522\nb;50;Rue;None;None\n"
        "VOTES\nvoter_id;vote\n1;a\n2;a,b\n",
        encoding="utf-8",
    )
    pb_import(path, "geo")
    a = Project.objects.get(campaign__slug="geo", external_id="a")
    assert (round(a.locations[0].x, 4), round(a.locations[0].y, 4)) == (2.3522, 48.8566)
    assert Project.objects.get(campaign__slug="geo", external_id="b").locations is None


def test_the_shared_elections_are_the_fixtures(pabulib):
    """Every real election of the shared data folder is kept, byte for byte, in fixtures/ (so
    the import and tally tests above cover them all, with nothing needed outside the
    repository)."""
    shared = PABULIB.parents[2] / "shared" / "data" / "pabulib"
    if not shared.is_dir():
        pytest.skip(f"no shared data folder at {shared}")
    for path in shared.glob("*.pb"):
        assert (pabulib / path.name).read_bytes() == path.read_bytes(), path.name
    assert len(list(pabulib.glob("*.pb"))) >= 14


def test_empty_optional_fields_and_repeated_voter_ids_import(tmp_path):
    path = tmp_path / "empty.pb"
    path.write_bytes(
        (
            "\ufeffMETA\r\nkey;value\r\nbudget;100\r\nvote_type;approval\r\n"
            "PROJECTS\r\nproject_id;cost;name;category;latitude;longitude;votes;score\r\n"
            'a;60;"Parc; grand";;;;2;\r\nb;50;;Rue;None;2.35;;\r\nc;30\r\n'
            "VOTES\r\nvoter_id;vote;age\r\n1;a;\r\n1;a,b,a\r\n2;;None\r\n"
        ).encode()
    )
    pb_import(path, "empty")
    projects = Project.objects.filter(campaign__slug="empty").order_by("external_id")
    assert [(p.external_id, p.title, p.locations) for p in projects] == [
        ("a", "Parc; grand", None),
        ("b", "Project b", None),
        ("c", "Project c", None),
    ]
    ballots = Ballot.objects.filter(campaign__slug="empty")
    assert ballots.count() == 3 and len({b.receipt_hash for b in ballots}) == 3
    assert pb_tally("empty", "greedy")["selected"] == ["a", "c"]


MALFORMED = [
    ("META\nkey;value\nbudget;100\n", 1, "META has no 'vote_type'"),
    (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;10\n"
        "VOTES\nvoter_id;vote\nv1;1\nv2;7\n",
        11,
        "unknown project '7'",
    ),
    (
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;ten\n"
        "VOTES\nvoter_id;vote\nv1;1\n",
        7,
        "not a number",
    ),
]


@pytest.mark.parametrize(("text", "line", "reason"), MALFORMED)
def test_a_malformed_file_is_refused_with_its_line_and_nothing_is_stored(
    tmp_path, text, line, reason
):
    path = tmp_path / "bad.pb"
    path.write_text(text, encoding="utf-8")
    before = (Campaign.objects.count(), Area.objects.count(), Ballot.objects.count())
    with pytest.raises(CommandError) as refused:
        pb_import(path, "bad")
    assert f"line {line}:" in str(refused.value)
    assert reason in str(refused.value)
    assert (Campaign.objects.count(), Area.objects.count(), Ballot.objects.count()) == before


def test_a_file_that_cannot_be_stored_is_refused_whole(tmp_path):
    """The file parses, but a cost in cents cannot be stored: nothing at all is kept."""
    path = tmp_path / "cents.pb"
    path.write_text(
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
        "1;10\n2;12.5\nVOTES\nvoter_id;vote\nv1;1\n",
        encoding="utf-8",
    )
    before = (Campaign.objects.count(), Area.objects.count(), Project.objects.count())
    with pytest.raises(CommandError, match=r"cost of project 2 is 12\.5"):
        pb_import(path, "cents")
    assert (Campaign.objects.count(), Area.objects.count(), Project.objects.count()) == before


def test_refusals_name_the_problem(tmp_path):
    pb_import(PABULIB / "Netherlands_Assen_2024.pb", "assen")
    with pytest.raises(CommandError, match="exists already"):
        pb_import(PABULIB / "Netherlands_Assen_2024.pb", "assen")
    with pytest.raises(CommandError, match=r"No such file"):
        pb_import(tmp_path / "missing.pb", "missing")
    with pytest.raises(CommandError, match="No campaign « nope »"):
        pb_tally("nope", "greedy")
    pb_import(PABULIB / "Poland_Gdansk_2020_Srodmiescie.pb", "gdansk")
    with pytest.raises(CommandError, match="approval"):  # Phragmén counts approval ballots only
        pb_tally("gdansk", "phragmen")


def test_an_imported_area_stays_out_of_new_campaigns():
    pb_import(PABULIB / "Netherlands_Assen_2024.pb", "assen")
    codes = set(CampaignFactory().areas.values_list("code", flat=True))
    assert "pb-assen" not in codes
    assert {"paris", "paris-centre", "paris-05", "paris-20"} <= codes
