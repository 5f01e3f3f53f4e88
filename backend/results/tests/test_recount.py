"""Anyone can recount: the results API gives, per area, the ballot file, the rule and its
parameters, the inputs hash and the commands; the published pabutools command, run as it is
on the downloaded file, prints the published winners, and so does the published pb_tally
command; ``pb_verify`` recounts every area and says disagree when a result was tampered with."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

import tally
from campaigns.models import Campaign
from results.models import Result
from results.services import results_tally
from voting.models import Ballot

from .conftest import pb_tally, run
from .factories import ballot, participation, project, voting_campaign_with

pytestmark = pytest.mark.django_db
V = Campaign.VotingRule
VENV_BIN = str(Path(sys.executable).parent)


def approval_campaign(tally_rule: str) -> Campaign:
    campaign, area = voting_campaign_with(
        "results", voting_rule=V.APPROVAL, amount=100, tally_rule=tally_rule
    )
    parc = project(campaign, area, "Un parc", 60, priority_flagged=True)
    bancs = project(campaign, area, "Des bancs", 30)
    fontaine = project(campaign, area, "Une fontaine", 50)
    arbres = project(campaign, area, "Des arbres", 20)
    choices = (
        [parc],
        [parc, bancs],
        [parc, fontaine],
        [bancs, arbres],
        [fontaine, bancs],
        [fontaine, arbres],
        [arbres],
    )
    for choice in choices:
        ballot(campaign, area, {"projects": sorted(p.pk for p in choice)})
    participation(campaign, area, "online")
    return campaign


def cumulative_campaign() -> Campaign:
    campaign, area = voting_campaign_with(
        "results", voting_rule=V.CUMULATIVE, amount=100, cumulative_points=5
    )
    a, b, c = (
        project(campaign, area, name, cost) for name, cost in (("A", 70), ("B", 40), ("C", 30))
    )
    for points in ({a: 5}, {b: 3, c: 2}, {b: 4, a: 1}, {c: 5}):
        ballot(campaign, area, {"points": {str(p.pk): n for p, n in points.items()}})
    return campaign


def majority_campaign() -> Campaign:
    """A = 2,2,0,3 and B = 2,2,1,2 (grades 0-3): B's majority value (2,2,1,2) beats A's
    (2,2,0,3), so B ranks first; C, a priority project, takes the reserved share. Funded: C
    (reserved 30), then B (50 of the 70 left); A (60) no longer fits. Ranking A first would
    fund A and C instead."""
    campaign, area = voting_campaign_with(
        "results", voting_rule=V.MAJORITY_JUDGMENT, amount=100, reserved=30
    )
    a = project(campaign, area, "A", 60)
    b = project(campaign, area, "B", 50)
    c = project(campaign, area, "C", 30, priority_flagged=True)
    key = ("pas_convaincu", "pourquoi_pas", "aime_bien", "adore")
    for ga, gb, gc in ((2, 2, 1), (2, 2, 1), (0, 1, 1), (3, 2, 1)):
        grades = {a: key[ga], b: key[gb], c: key[gc]}
        ballot(campaign, area, {"grades": {str(p.pk): g for p, g in grades.items()}})
    return campaign


def _published(campaign: Campaign) -> Campaign:
    results_tally(campaign_id=campaign.pk, now=timezone.now())
    return campaign


def _area(api, campaign: Campaign) -> dict:
    response = api.get(f"/api/v1/campaigns/{campaign.slug}/results/")
    assert response.status_code == 200, response.content
    [area] = response.json()["areas"]
    return area


def _download(api, recount: dict, folder: Path) -> Path:
    response = api.get(recount["ballot_file"])
    assert response.status_code == 200
    assert recount["file_name"] in response["Content-Disposition"]
    path = folder / recount["file_name"]
    path.write_bytes(response.content)
    return path


def _run_published(command: str, folder: Path) -> list[str]:
    """The command exactly as published, in a shell, next to the downloaded file."""
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(
        ["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-increase", "mes-add1", "phragmen"])
def test_the_published_pabutools_command_gives_the_published_winners(api, tmp_path, rule):
    campaign = _published(approval_campaign(rule))
    area = _area(api, campaign)
    recount = area["recount"]
    assert recount["rule"] == rule == area["rule"]
    assert recount["inputs_hash"] == area["inputs_hash"]
    assert recount["ballot_file"] == (
        f"http://testserver/api/v1/campaigns/{campaign.slug}/areas/paris-05/ballots.pb"
    )
    assert recount["parameters"] == {
        "vote_type": "approval",
        "method": "approval",
        "budget": 100,
        "reserved_amount": 0,
        "satisfaction": None if rule == "phragmen" else "Cost_Sat",
    }
    assert recount["pabutools"].startswith(f"python3 - {recount['file_name']} <<'PY'\n")
    path = _download(api, recount, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "budget;100\n" in text and "vote_type;approval\n" in text and f"rule;{rule}\n" in text
    assert ";priority" in text
    winners = [w["id"] for w in area["winners"]]
    assert winners, rule
    assert sorted(_run_published(recount["pabutools"], tmp_path)) == sorted(winners)


def test_cumulative_points_recount_with_score_times_cost(api, tmp_path):
    campaign = _published(cumulative_campaign())
    area = _area(api, campaign)
    recount = area["recount"]
    assert recount["parameters"]["vote_type"] == "cumulative"
    assert recount["parameters"]["satisfaction"] == "ScoreTimesCost_Sat"
    _download(api, recount, tmp_path)
    # Points: A 6, B 7, C 7; greedy by points × cost / cost: B (40), C (30), then A (70) no more.
    assert [w["title"] for w in area["winners"]] == ["B", "C"]
    assert sorted(_run_published(recount["pabutools"], tmp_path)) == sorted(
        w["id"] for w in area["winners"]
    )


@pytest.mark.parametrize("kind", ["approval, mes", "majority judgment"])
def test_the_published_pb_tally_command_gives_the_published_winners(
    api, tmp_path, monkeypatch, kind
):
    made = approval_campaign("mes") if kind == "approval, mes" else majority_campaign()
    for campaign in (_published(made),):
        area = _area(api, campaign)
        recount = area["recount"]
        path = _download(api, recount, tmp_path)
        monkeypatch.chdir(tmp_path)
        imported, tallied = recount["pb_tally"].split(" && ")
        words = shlex.split(imported)
        assert words[:3] == ["python", "backend/manage.py", "pb_import"]
        assert words[3] == path.name
        run(*words[2:])
        words = shlex.split(tallied)
        assert words[:3] == ["python", "backend/manage.py", "pb_tally"]
        answer = json.loads(run(*words[2:]))
        assert answer["selected"] == [w["id"] for w in area["winners"]]


def test_majority_judgment_is_recounted_by_an_independent_script(api, tmp_path):
    campaign = _published(majority_campaign())
    area = _area(api, campaign)
    assert [w["title"] for w in area["winners"]] == ["B", "C"]
    recount = area["recount"]
    assert recount["rule"] == "majority-judgment"
    assert "pabutools has no majority-judgment rule" in recount["pabutools_note"]
    assert "--rule majority-judgment" in recount["pb_tally"]
    assert recount["parameters"]["reserved_amount"] == 30
    # The file carries what rank-then-fund needs: the reserved share and the priority projects.
    text = _download(api, recount, tmp_path).read_text(encoding="utf-8")
    assert "reserved_amount;30\n" in text and "rule;majority-judgment\n" in text
    election = tally.parse(text)
    assert {p.name: p.extra["priority"] for p in election.projects} == {
        "A": "0",
        "B": "0",
        "C": "1",
    }
    assert sorted(_run_published(recount["pabutools"], tmp_path)) == sorted(
        w["id"] for w in area["winners"]
    )


def test_pb_verify_agrees_with_untouched_results():
    campaign = _published(approval_campaign("mes-add1"))
    out = run("pb_verify", campaign.slug)
    assert "paris-05: agree — mes-add1, recounted with pabutools 1.2.3" in out
    assert "All 1 areas agree." in out
    majority = _published(majority_campaign())
    out = run("pb_verify", majority.slug)
    assert "paris-05: agree — majority-judgment, recounted with the published majority" in out


def test_pb_verify_says_disagree_when_a_result_is_tampered_with():
    campaign = _published(approval_campaign("greedy"))
    result = Result.objects.get(campaign=campaign, published=True)
    honest = [w["id"] for w in result.winners]
    forged = [w for w in result.winners if w["id"] != honest[0]]
    Result.objects.filter(pk=result.pk).update(winners=forged)
    with pytest.raises(CommandError, match="1 of 1 areas disagree"):
        run("pb_verify", campaign.slug)
    # The winners of both sides are printed.
    out = _verify_output(campaign.slug)
    assert "paris-05: disagree — greedy, recounted with pabutools 1.2.3" in out
    assert f"  recounted: {', '.join(sorted(honest))}" in out
    assert f"  published: {', '.join(sorted(w['id'] for w in forged))}" in out


def test_pb_verify_says_disagree_when_the_ballots_changed():
    campaign = _published(approval_campaign("greedy"))
    Ballot.objects.filter(campaign=campaign, counted=True).order_by("pk").first().delete()
    out = _verify_output(campaign.slug)
    assert "paris-05: disagree — the counted ballots are not those" in out


def test_pb_verify_without_pabutools_says_so():
    campaign = _published(approval_campaign("greedy"))
    bare = "/usr/bin/python3"
    if subprocess.run([bare, "-c", "import pabutools"], capture_output=True).returncode == 0:
        pytest.skip(f"{bare} has pabutools")
    with pytest.raises(CommandError, match=r"pabutools is not installed .*pabutools==1\.2\.3"):
        run("pb_verify", campaign.slug, "--python", bare)


def test_pb_verify_before_publication_and_for_unknown_campaigns():
    campaign, _ = voting_campaign_with("voting", voting_rule=V.APPROVAL, amount=100)
    with pytest.raises(CommandError, match="Nothing to verify yet"):
        run("pb_verify", campaign.slug)
    with pytest.raises(CommandError, match="No campaign « nope »"):
        run("pb_verify", "nope")


def _verify_output(slug: str) -> str:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("pb_verify", slug, stdout=out)
    return out.getvalue()


def test_pb_tally_helper_still_reads_the_imported_file(tmp_path):
    """The recount file of an approval area imports and counts like the area itself."""
    campaign = _published(approval_campaign("greedy"))
    path = tmp_path / "x.pb"
    run("pb_export", campaign.slug, str(path), "--area", "paris-05")
    run("pb_import", str(path), "--slug", "again")
    result = Result.objects.get(campaign=campaign, published=True)
    assert pb_tally("again", "greedy")["selected"] == [w["id"] for w in result.winners]
