"""What a count publishes, pinned: the inputs hash, the winners, the statements and the
projects' figures of elections of every vote type, computed once (before the count streamed
the ballots) and written here. Any change to how ballots are read, counted or hashed must
leave them byte for byte as they are: a published inputs hash is cited and re-checked."""

from __future__ import annotations

import hashlib
import json
import random

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

import tally
from campaigns.models import Campaign
from results import selectors
from results.models import Result
from results.services import results_tally

from .conftest import PABULIB, pb_import
from .factories import ballot, project, voting_campaign_with

pytestmark = pytest.mark.django_db
V = Campaign.VotingRule
GRADES = ("pas_convaincu", "pourquoi_pas", "aime_bien", "adore")


def published(result: Result) -> dict:
    """A result's published outputs, without database ids (they differ from run to run)."""
    rows = [{k: v for k, v in row.items() if k != "project"} for row in result.projects]
    return {
        "inputs_hash": result.inputs_hash,
        "winners": [w["id"] for w in result.winners],
        "statements": hashlib.sha256(
            f"{result.statement}\n{result.statement_en}".encode()
        ).hexdigest(),
        "projects": hashlib.sha256(
            json.dumps(rows, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest(),
        "counted": result.ballots_counted,
    }


def count(campaign: Campaign) -> dict:
    [result] = results_tally(campaign_id=campaign.pk, now=timezone.now())
    return published(result)


def native(voting_rule: str, make_choices, **fields) -> Campaign:
    """A campaign of 12 projects with fixed ids and 150 seeded ballots in one area."""
    campaign, area = voting_campaign_with(
        "results", voting_rule=voting_rule, amount=100_000, **fields
    )
    projects = [
        project(
            campaign,
            area,
            f"Projet {i}",
            5_000 + 1_500 * i,
            pk=990_000 + i * 7,
            priority_flagged=i % 4 == 0,
        )
        for i in range(12)
    ]
    rng = random.Random(2026)
    for _ in range(150):
        ballot(campaign, area, make_choices(rng, projects))
    return campaign


def graded(rng: random.Random, projects: list) -> dict:
    return {"grades": {str(p.pk): GRADES[min(3, rng.randrange(5))] for p in projects}}


def approved(rng: random.Random, projects: list) -> dict:
    chosen = rng.sample(projects, rng.randint(1, 4))
    return {"projects": sorted(p.pk for p in chosen)}


PINNED = {
    "majority_judgment": {
        "inputs_hash": "3249e6c416373637f5b090e90c9103ee72b82af031494158c36ffbd7fad7ed6c",
        "winners": ["990056", "990042", "990028", "990000", "990070", "990035", "990014", "990021"],
        "statements": "ae8f15bbb02480d1cac6bcc7e9c05702b9aab76bb1cb3575f946249bc34bd9c9",
        "projects": "30a912b2d5eb61203d9f5ab903503c33db139aed85382b67539acfc4e5158f4b",
        "counted": 150,
    },
    "approval_mes_increase": {
        "inputs_hash": "90f6259d3a62cea5c1a56c190e59dd326818370653323105dbcf7e322197eb74",
        "winners": ["990056", "990070", "990042", "990014", "990007", "990035", "990000", "990028"],
        "statements": "ae97dc3b0a8ddc560dd811a19d5543e9832525d7fde4fce95e716da4ab00b501",
        "projects": "0036d3917bb68777b0e4382dade3c6dc1b3f2b89f18efcaa96bd94b8277cdf64",
        "counted": 150,
    },
    "Poland_Warszawa_2026_Praga-Polnoc": {
        "inputs_hash": "d5343ec9c8d1c342a83076097441f312b5b8e6495343ef06d4c8b4681dea0aeb",
        "winners": ["1792", "1732", "1173", "510", "2166", "1841", "1034", "1706", "1654"],
        "statements": "dca791896cef3389142bb83bc92f63bd8f65ca514464ca00738c29b8706f3430",
        "projects": "f45f56fa0ebd88174b657d17b465fe3241b01d8f30d8a39f9c472ab91aa861e0",
        "counted": 1746,
    },
    "Poland_Wroclaw_2017_Rejon_nr_8_250": {
        "inputs_hash": "958cbeb43c32a863c7ce4ef53f46d8efefdbfeeb468d4b9d225cf7ee5d4c64ab",
        "winners": ["484", "667", "564"],
        "statements": "8e5675d9153119c51a160676b4a3d7c3e32e1c881fb107c4670172f284050978",
        "projects": "5e77fdefc9324080c21bbf4cc858c4778b12ef87fe34793a20973960dd7cd90b",
        "counted": 2328,
    },
    "Poland_Gdansk_2020_Przymorze_Male": {
        "inputs_hash": "697acc7859b8b389cc77d4c7ab80183ecebfca2c738df1b8dc15f928582b9ab1",
        "winners": ["1"],
        "statements": "cc38aa10f5b1b607d168163797fce36c52600803c51ea282580bcffe10b6dbb3",
        "projects": "790a897b3646f592a62fbdb323307647dc35efa5b90b70eb7d84ce90eca6f164",
        "counted": 964,
    },
    "US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_rankings": {
        "inputs_hash": "0a598270788af6d8fea40e0f0a42d0e4531a5d94f2c1220a918b9eeb3b4d50a0",
        "winners": ["1849", "1852", "1853", "1857", "1848", "1842", "1841"],
        "statements": "e459912f3939c0c88ac48103f9e8cc36efe12f836261a781906484336ce76af3",
        "projects": "157142b49f9b959e72dbdfbf80304c2d31062b0b9b7e91ba7cfac8a51c2d25bf",
        "counted": 491,
    },
    "scoring_majority_judgment": {
        "inputs_hash": "a8bcde0ddad4ad5db9dbf09138a0435b752666281df60bb20a5a2b63f28a2a4f",
        "winners": ["9", "10", "a b", "z\u00e9"],
        "statements": "13f19a5c8119e00997fa9da4f365b56739d82504af34caa424f0f50d2924b682",
        "projects": "7c44c05b4de60341b313571e1e09ad38bcfa3a6c12ae520fa07dc087fb9a822c",
        "counted": 80,
    },
}


def test_a_native_majority_judgment_count_is_unchanged():
    campaign = native(V.MAJORITY_JUDGMENT, graded, reserved=20_000)
    assert count(campaign) == PINNED["majority_judgment"]


def test_a_native_approval_count_is_unchanged():
    campaign = native(V.APPROVAL, approved, tally_rule="mes-increase", approval_max=4)
    assert count(campaign) == PINNED["approval_mes_increase"]


@pytest.mark.parametrize(
    "name",
    [
        "Poland_Warszawa_2026_Praga-Polnoc",  # approval
        "Poland_Wroclaw_2017_Rejon_nr_8_250",  # choose-1
        "Poland_Gdansk_2020_Przymorze_Male",  # cumulative
        "US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_rankings",  # ordinal
    ],
)
def test_an_imported_count_is_unchanged(name):
    pb_import(PABULIB / f"{name}.pb", "pinned")
    assert count(Campaign.objects.get(slug="pinned")) == PINNED[name]


def test_an_imported_majority_judgment_count_is_unchanged(tmp_path):
    """Grades from a file: only some projects graded, awkward ids (sorted as text)."""
    rng = random.Random(7)
    ids = ["10", "9", "a b", "Œuvre", "2", "z\u00e9"]
    votes = []
    for voter in range(80):
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        points = [str(rng.randrange(4)) for _ in chosen]
        votes.append(f'{voter};"{",".join(chosen)}";"{",".join(points)}"')
    path = tmp_path / "mj.pb"
    path.write_text(
        "META\nkey;value\nbudget;1000\nvote_type;scoring\nrule;majority-judgment\n"
        "PROJECTS\nproject_id;cost;name\n"
        + "".join(f"{pid};{150 + 40 * i};Projet {i}\n" for i, pid in enumerate(ids))
        + "VOTES\nvoter_id;vote;points\n"
        + "\n".join(votes)
        + "\n",
        encoding="utf-8",
    )
    pb_import(path, "pinned-mj")
    campaign = Campaign.objects.get(slug="pinned-mj")
    assert campaign.voting_rule == V.MAJORITY_JUDGMENT
    assert count(campaign) == PINNED["scoring_majority_judgment"]


def test_the_same_outputs_when_the_canonical_ballots_are_sorted_on_disk(monkeypatch):
    """Runs of 500 characters of text: the sorted runs go to temporary files and are merged."""
    monkeypatch.setattr(selectors, "RUN_CHARS", 500)
    spilled = []
    spill = selectors.SortedTexts._spill
    monkeypatch.setattr(selectors.SortedTexts, "_spill", lambda self: spilled.append(spill(self)))
    assert (
        count(native(V.MAJORITY_JUDGMENT, graded, reserved=20_000)) == (PINNED["majority_judgment"])
    )
    pb_import(PABULIB / "US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_rankings.pb", "p")
    assert (
        count(Campaign.objects.get(slug="p"))
        == PINNED["US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_rankings"]
    )
    assert len(spilled) > 20


def test_majority_judgment_is_counted_without_holding_the_ballots():
    """The official count reads a majority judgment area's ballots as they come: the same
    figures, grade counts and hash as with the ballots held, none of them kept."""
    campaign = native(V.MAJORITY_JUDGMENT, graded, reserved=20_000)
    area = campaign.areas.get(code="paris-05")
    lean = selectors.area_election(campaign=campaign, area=area, ballots=False)
    held = selectors.area_election(campaign=campaign, area=area)
    assert len(lean.election.ballots) == len(held.election.ballots) == 150
    with pytest.raises(RuntimeError):
        list(lean.election.ballots)
    assert lean.digest == held.digest == PINNED["majority_judgment"]["inputs_hash"]
    assert lean.counts == held.counts == selectors.figures(held.election)
    assert lean.profiles == tally.majority_judgment(held.election).profiles
    assert held.profiles is None
    assert lean.election.meta == held.election.meta


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(
        st.text(alphabet=st.characters(min_codepoint=0x20, exclude_categories=("Cs",)), max_size=12)
    ),
    run_chars=st.integers(1, 40),
)
def test_sorted_texts_sort_as_python_sorts_strings(texts, run_chars):
    """Prefixes, quotes, backslashes, accents, emoji: in memory or in runs on disk, the order of
    ``sorted``."""
    sorter = selectors.SortedTexts(run_chars)
    for text in texts:
        sorter.add(text)
    assert [line[:-1].decode() for line in sorter] == sorted(texts)
