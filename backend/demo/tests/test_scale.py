"""The generator of campaigns at scale (``demo_scale``), at a few hundred voters: proposals and
homes spread like the population, a few popular projects, one sealed ballot per participation
that opens with the ballot key and is what ``voting.methods`` would have accepted, the same
campaign from the same seed and nothing written twice, and the count runs from the box."""

import hashlib
import io
import json
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command

from accounts.models import User
from campaigns.models import Campaign
from demo.bulk import Progress
from demo.scale import EMAIL, POPULATION_2021, ScaleSpec, campaign_remove, demo_scale_load
from geo.models import Area
from voting import methods
from voting.models import Participation, SealedBallot, VoterDeclaration, VoterRollEntry
from voting.receipts import box_open, seal
from voting.selectors import area_ballot, method_for

MJ = ScaleSpec(proposals=600, voters=500, projects=110, slug="test-scale-mj", seed=7)
APPROVAL = ScaleSpec(
    proposals=300, voters=400, projects=90, method="approval", slug="test-scale-ap", seed=7
)


def _remove_all():
    for campaign in Campaign.objects.filter(slug__startswith="test-scale-"):
        campaign_remove(campaign)
    User.objects.filter(email__startswith=EMAIL.split("{")[0]).delete()


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _remove_all()
        reports = {
            spec.slug: demo_scale_load(spec=spec, out=io.StringIO()) for spec in (MJ, APPROVAL)
        }
        yield reports
        _remove_all()


def _campaign(slug):
    return Campaign.objects.prefetch_related("phases", "areas").get(slug=slug)


def _opened(campaign):
    return [(b, box_open(b.sealed)) for b in SealedBallot.objects.filter(campaign=campaign)]


def _spearman(xs, ys):
    def ranks(values):
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        for r, i in enumerate(order):
            out[i] = float(r)
        return out

    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    return 1 - 6 * sum((a - b) ** 2 for a, b in zip(rx, ry, strict=True)) / (n * (n * n - 1))


@pytest.mark.django_db
def test_proposals_and_homes_spread_like_the_population(generated):
    campaign = _campaign(MJ.slug)
    population = [POPULATION_2021[c] for c in sorted(POPULATION_2021)]
    for counted in (
        Counter(campaign.proposals.values_list("district__code", flat=True)),
        Counter(
            VoterDeclaration.objects.filter(campaign=campaign).values_list(
                "home_district__code", flat=True
            )
        ),
    ):
        assert sum(counted.values()) in (MJ.proposals, MJ.voters)
        ours = [counted.get(c, 0) for c in sorted(POPULATION_2021)]
        assert _spearman(ours, population) > 0.8
        # the five most populous arrondissements (15e, 20e, 18e, 19e, 13e: 45 % of Paris)
        # hold far more than the five least (1er–4e and 6e: 6 %).
        big = sum(counted.get(c, 0) for c in ("75115", "75120", "75118", "75119", "75113"))
        small = sum(counted.get(c, 0) for c in ("75101", "75102", "75103", "75104", "75106"))
        assert big > 4 * small
    # every proposal sits at a real BAN address, inside its district and area.
    placed = campaign.proposals.filter(
        location__within=Area.objects.get(kind=Area.Kind.CITY).geometry
    )
    assert placed.count() == MJ.proposals
    assert not campaign.proposals.filter(quartier__isnull=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", [MJ.slug, APPROVAL.slug])
def test_a_few_projects_are_popular(generated, slug):
    campaign = _campaign(slug)
    support: dict[int, Counter] = {}
    for ballot, content in _opened(campaign):
        chosen = content.get("projects") or [
            int(p) for p, g in content["grades"].items() if g != methods.LOWEST_GRADE
        ]
        support.setdefault(ballot.area_id, Counter()).update(chosen)
    ballots = Counter(SealedBallot.objects.filter(campaign=campaign).values_list("area", flat=True))
    skewed, judged = 0, 0
    for area_id, counts in support.items():
        projects = campaign.projects.filter(area_id=area_id).count()
        if projects < 6 or ballots[area_id] < 30:
            continue  # too few to tell
        values = sorted(counts.values(), reverse=True) + [0] * (projects - len(counts))
        median = values[len(values) // 2]
        judged += 1
        skewed += values[0] >= 2 * max(median, 1)
    assert judged >= 3
    assert skewed >= 0.8 * judged, (skewed, judged)


@pytest.mark.django_db
@pytest.mark.parametrize("spec", [MJ, APPROVAL])
def test_every_participation_has_one_sealed_ballot_that_opens_and_validates(generated, spec):
    campaign = _campaign(spec.slug)
    participations = Participation.objects.filter(campaign=campaign)
    sealed = SealedBallot.objects.filter(campaign=campaign)
    assert participations.count() == sealed.count() > spec.voters
    # each participation's seal is the keyed hash of exactly one sealed ballot's receipt hash
    seals = Counter(participations.values_list("ballot_seal", flat=True))
    assert set(seals.values()) == {1}
    assert set(seals) == {seal(h) for h in sealed.values_list("receipt_hash", flat=True)}
    # one arrondissement ballot per voter; city-wide for about half of them
    kinds = Counter(participations.values_list("area_kind", flat=True))
    assert kinds["arrondissements"] == spec.voters
    assert 0.35 * spec.voters < kinds["city"] < 0.65 * spec.voters
    areas = {a.pk: a for a in campaign.areas.all()}
    shapes = {
        pk: (method_for(campaign=campaign, area=a), area_ballot(campaign=campaign, area=a))
        for pk, a in areas.items()
    }
    for ballot, content in _opened(campaign):
        method, on_ballot = shapes[ballot.area_id]
        field = methods.FIELD_FOR[campaign.voting_rule]
        assert methods.validate(method, on_ballot, **{field: content[field]}) == content
    # the arrondissement de cœur is where the arrondissement ballot was cast
    hearts = dict(
        VoterDeclaration.objects.filter(campaign=campaign).values_list("person_id", "heart_area")
    )
    for person, area in participations.filter(area_kind="arrondissements").values_list(
        "person_id", "area_id"
    ):
        assert hearts[person] == area


def _digest(campaign):
    """What makes the campaign, independent of row ids and of the seal's ciphertext."""
    titles = {str(pk): t for pk, t in campaign.projects.values_list("id", "title")}

    def named(content):
        if "projects" in content:
            return sorted(titles[str(p)] for p in content["projects"])
        return sorted((titles[p], g) for p, g in content["grades"].items())

    parts = [
        sorted(
            campaign.proposals.values_list(
                "title", "address", "status", "area__code", "project__title"
            )
        ),
        sorted(campaign.projects.values_list("title", "cost", "area__code", "priority_flagged")),
        sorted(
            VoterDeclaration.objects.filter(campaign=campaign).values_list(
                "person__email", "full_name", "birth_date", "address", "heart_area__code", "status"
            )
        ),
        sorted(
            (b.area.code, json.dumps(named(content)), b.receipt_hash)
            for b, content in _opened(campaign)
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@pytest.mark.django_db
def test_running_twice_gives_the_same_campaign_and_no_duplicates(generated):
    campaign = _campaign(APPROVAL.slug)
    before = _digest(campaign)
    tables = (Participation, SealedBallot, VoterDeclaration, VoterRollEntry)
    counts = {m: m.objects.count() for m in tables}
    users = User.objects.count()
    out = io.StringIO()
    call_command(
        "demo_scale", "--proposals", "300", "--voters", "400", "--projects", "90",
        "--method", "approval", "--seed", "7", "--slug", APPROVAL.slug, stdout=out,
    )  # fmt: skip
    assert "already generated" in out.getvalue()
    assert {m: m.objects.count() for m in tables} == counts
    # written again from scratch (--replace): the same campaign, and no account twice
    report = demo_scale_load(spec=APPROVAL, replace=True, out=io.StringIO())
    assert report.created
    assert _digest(_campaign(APPROVAL.slug)) == before
    assert {m: m.objects.count() for m in tables} == counts
    assert User.objects.count() == users
    # another seed is another campaign
    other = ScaleSpec(**{**APPROVAL.__dict__, "seed": 8, "slug": "test-scale-other"})
    demo_scale_load(spec=other, out=io.StringIO())
    assert _digest(_campaign(other.slug)) != before


@pytest.mark.django_db
def test_a_half_written_campaign_is_written_again(generated):
    spec = ScaleSpec(proposals=100, voters=50, projects=36, slug="test-scale-half", seed=3)
    demo_scale_load(spec=spec, out=io.StringIO())
    whole = _digest(_campaign(spec.slug))
    campaign = _campaign(spec.slug)
    Campaign.objects.filter(pk=campaign.pk).update(description="[demo_scale: en cours] …")
    SealedBallot.objects.filter(campaign=campaign).delete()  # as if interrupted
    assert demo_scale_load(spec=spec, out=io.StringIO()).created
    assert _digest(_campaign(spec.slug)) == whole


@pytest.mark.django_db
def test_the_box_opens_and_the_count_runs_on_a_generated_campaign(generated):
    from results.services import results_tally
    from voting.services import ballot_box_open

    spec = ScaleSpec(proposals=200, voters=300, projects=36, slug="test-scale-count", seed=5)
    demo_scale_load(spec=spec, out=io.StringIO())
    campaign = _campaign(spec.slug)
    refused = VoterDeclaration.objects.filter(
        campaign=campaign, status=VoterDeclaration.Status.REFUSED
    ).values("person_id")
    left_out = Participation.objects.filter(campaign=campaign, person_id__in=refused).count()
    total = Participation.objects.filter(campaign=campaign).count()
    results_start = campaign.phases.get(phase="results").start
    opened = ballot_box_open(campaign=campaign, now=results_start + timedelta(seconds=1))
    assert sum(opened.counted.values()) == total - left_out
    assert sum(opened.discarded.values()) == left_out
    results = results_tally(campaign_id=campaign.pk, now=results_start + timedelta(seconds=2))
    assert len(results) == 18
    assert sum(r.ballots_counted for r in results) == total - left_out
    assert all(r.winners for r in results)


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_elsewhere():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    plain, tty = io.StringIO(), Tty()
    for stream in (plain, tty):
        progress = Progress("ballots", 1000, stream)
        for _ in range(20):
            progress.advance(50)
        progress.close()
    assert "\r" not in plain.getvalue()
    assert len(plain.getvalue().splitlines()) == 10  # one line per tenth
    assert plain.getvalue().splitlines()[-1].split()[-2] == "1,000/1,000"
    assert tty.getvalue().count("\r") == 21


def test_the_presets_are_paris_and_ten_times_paris():
    paris, tenfold = ScaleSpec.preset("paris"), ScaleSpec.preset("10x")
    assert (paris.proposals, paris.voters) == (20_000, 200_000)
    assert (tenfold.proposals, tenfold.voters) == (200_000, 2_000_000)
    assert (paris.campaign_slug, tenfold.campaign_slug) == ("scale-paris", "scale-10x")
    assert ScaleSpec.preset("paris", method="approval").campaign_slug == "scale-paris-approval"
