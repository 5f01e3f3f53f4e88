"""Every outcome recorded by pabutools 1.2.3 in the shared ``*.expected.json`` files, for every
rule listed there, reproduced exactly (same projects, same order, same total cost)."""

from __future__ import annotations

import json
from functools import cache

import pytest

from tally import Election, read, run
from tally.tests.conftest import pabulib_dir

SATISFACTION = {
    "Cost_Sat": "cost",
    "Cardinality_Sat": "cardinality",
    "Additive_Cardinal_Sat": "points",
    "Additive_Borda_Sat": "borda",
    "ScoreTimesCost_Sat": "score_cost",
}


def call_for(key: str) -> tuple[str, dict[str, object]]:
    """Our rule and options for a result key of the expected files (see their README)."""
    if key == "sequential_phragmen":
        return "phragmen", {}
    if key.startswith("greedy_"):
        return "greedy", {"satisfaction": SATISFACTION[key.removeprefix("greedy_")]}
    for name, satisfaction in SATISFACTION.items():
        variants = {
            f"mes_{name}": ("mes", {}),
            f"mes_{name}_exhaustion_budget_increase": ("mes-increase", {"completion": False}),
            f"mes_{name}_exhaustion_budget_increase_then_greedy": ("mes-increase", {}),
            f"mes_{name}_add1": ("mes-add1", {"completion": False}),
            f"mes_{name}_add1_then_greedy_Cost_Sat": ("mes-add1", {}),
        }
        if key in variants:
            rule, options = variants[key]
            return rule, {"satisfaction": satisfaction, **options}
    raise AssertionError(f"no rule for the expected result {key!r}")


def cases() -> list[tuple[str, str]]:
    found = []
    for path in sorted(pabulib_dir().glob("*.expected.json")):
        for key in json.loads(path.read_text(encoding="utf-8"))["results"]:
            found.append((path.name, key))
    return found


@cache
def election(name: str) -> Election:
    return read(pabulib_dir() / name.replace(".expected.json", ".pb"))


def test_every_shared_file_has_expectations():
    names = {path.name for path in pabulib_dir().glob("*.expected.json")}
    assert {
        "France_Toulouse_2022.expected.json",
        "Netherlands_Assen_2024.expected.json",
        "Poland_Gdansk_2020_Srodmiescie.expected.json",
        "US_Stanford_Dataset_PB_Chicago_39th_Ward_2021_vote_rankings.expected.json",
    } <= names
    for path in pabulib_dir().glob("*.pb"):
        assert path.with_suffix(".expected.json").exists(), path.name


@pytest.mark.parametrize(
    ("name", "key"), cases(), ids=[f"{n.split('.')[0]}:{k}" for n, k in cases()]
)
def test_expected_outcome(name, key):
    expected = json.loads((pabulib_dir() / name).read_text(encoding="utf-8"))
    assert "error" not in expected["results"][key]
    recorded = expected["results"][key]
    rule, options = call_for(key)
    result = run(rule, election(name), **options)  # type: ignore[arg-type]
    assert list(result.selected) == recorded["selection_order"]
    assert result.total_cost == recorded["total_cost"]
    assert len(result.selected) == recorded["num_winners"]
    if rule == "phragmen":  # pabutools returns Phragmén's outcome sorted by id
        assert sorted(result.order) == sorted(result.selected)
    else:
        assert result.order == result.selected
