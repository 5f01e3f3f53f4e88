"""Reads for results: an area's ballot as plain data for the ``tally`` library (the counted
ballots, the projects, the envelope), its canonical hash, the rule a campaign counts with, and
the stored results.

Projects are named as in a pabulib file: an imported project by its id in the file
(``Project.external_id``), any other by its database id. Ballots are anonymous: a tally ballot's
voter id is the ballot's receipt hash."""

from __future__ import annotations

import hashlib
import heapq
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import IO, Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

import tally
from campaigns.counting import counting_rule
from campaigns.models import Campaign, Envelope
from campaigns.schedule import Phase
from core.errors import ApplicationError
from geo.models import Area
from tally.model import format_number, parse_number
from voting.methods import GRADE_KEYS
from voting.models import Ballot, DiscardedReceipt, Participation
from voting.selectors import ballot_projects

from .models import ImportedElection, Result
from .rules import results_public

V = Campaign.VotingRule
# The pabulib vote type of each voting method's ballots (majority judgment: grades 0 to 3).
VOTE_TYPE = {
    V.APPROVAL: "approval",
    V.KNAPSACK: "approval",
    V.CUMULATIVE: "cumulative",
    V.MAJORITY_JUDGMENT: "scoring",
}
GRADE_VALUE = {key: value for value, key in enumerate(GRADE_KEYS)}
# Ballot rows read from the server-side cursor at a time (a row of 100 grades decodes to ~15 kB).
BATCH = 2000
# Rules a result (or a comparison) can be computed with.
RULES = (
    "greedy",
    "mes",
    "mes-increase",
    "mes-add1",
    "phragmen",
    "rank-then-fund",
    "majority-judgment",
)


class NoEnvelope(ApplicationError):
    status_code = 409
    code = "no_envelope"
    default_message = "This area has no envelope: its ballot cannot be counted."


@dataclass(frozen=True)
class BallotProject:
    """A project of an area's ballot as the results show it; ``id`` is its pabulib id."""

    pk: int
    id: str
    title: str
    cost: int
    priority: bool
    point: tuple[float, float] | None  # (longitude, latitude) of its first location
    theme: str


@dataclass(frozen=True)
class AreaElection:
    """The counted ballots of one area as a ``tally.Election``, with what the results need
    around it. ``method``: the campaign's voting method, or for an imported election that is
    not majority judgment, the file's vote type (``approval``, ``choose-1``, ``ordinal``…).

    Read with ``ballots=False`` (:func:`area_election`), the ballots are counted as they come
    from the database and not kept: ``election.ballots`` only knows how many there were
    (:class:`NotHeld`), and ``profiles`` holds majority judgment's grade counts."""

    campaign: Campaign
    area: Area
    method: str
    election: tally.Election
    projects: dict[str, BallotProject]  # by pabulib id, in ballot order
    reserved: int
    currency: str
    imported: bool
    counts: dict[str, dict[str, Any]]  # figures(): votes (and points) per project
    digest: str  # inputs_hash(): computed as the ballots were read
    # majority judgment's grade counts when the ballots were counted as they came, not held
    profiles: dict[str, tuple[int, ...]] | None = None

    @property
    def budget(self) -> int:
        return int(self.election.budget)

    @property
    def priority(self) -> list[str]:
        return [pid for pid, project in self.projects.items() if project.priority]


def campaign_by_slug(*, slug: str) -> Campaign:
    return get_object_or_404(Campaign.objects.prefetch_related("phases", "areas"), slug=slug)


def campaign_area(*, campaign: Campaign, code: str | None) -> Area:
    """The campaign's area ``code``; with no code, its only area (400 when it has several)."""
    areas = sorted(campaign.areas.all(), key=lambda a: (a.kind != Area.Kind.CITY, a.code))
    if code is None:
        if len(areas) == 1:
            return areas[0]
        codes = ", ".join(a.code for a in areas) or "none"
        raise ApplicationError(
            f"The campaign « {campaign.name} » has several areas: name one ({codes}).",
            field="area",
        )
    for area in areas:
        if area.code == code:
            return area
    raise ApplicationError(
        f"The campaign « {campaign.name} » has no area « {code} ».", field="area"
    )


def campaign_rule(campaign: Campaign) -> str:
    """The rule the campaign's ballots are counted with (:func:`counting_rule`)."""
    return counting_rule(
        campaign.voting_rule, campaign.tally_rule, imported=_imported(campaign) is not None
    )


def _imported(campaign: Campaign) -> ImportedElection | None:
    cached = getattr(campaign, "_imported_election", False)
    if cached is False:
        cached = ImportedElection.objects.filter(campaign=campaign).first()
        campaign._imported_election = cached  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def _points(value: Any) -> tally.Number:
    return value if isinstance(value, int) else parse_number(str(value))


def _tally_ballot(
    voter_id: str, choices: dict[str, Any], ids: dict[str, str], order: dict[str, int]
) -> tally.Ballot:
    """A stored ballot's choices (project database ids) as a tally ballot (pabulib ids)."""
    if "projects" in choices:
        return tally.Ballot(voter_id, tuple(ids[str(p)] for p in choices["projects"]))
    if "ranking" in choices:
        return tally.Ballot(voter_id, tuple(ids[str(p)] for p in choices["ranking"]))
    pairs: list[tuple[str, tally.Number]]
    if "grades" in choices:  # the most common and the largest ballots: fewest steps
        graded = sorted(choices["grades"].items(), key=lambda pair: order[pair[0]])
        return tally.Ballot(
            voter_id,
            tuple(ids[p] for p, _ in graded),
            points=tuple(GRADE_VALUE[g] for _, g in graded),
        )
    else:
        pairs = [(str(p), _points(n)) for p, n in choices["points"].items()]
    pairs.sort(key=lambda pair: order[pair[0]])
    return tally.Ballot(
        voter_id, tuple(ids[p] for p, _ in pairs), points=tuple(n for _, n in pairs)
    )


def _native_meta(campaign: Campaign, area: Area, vote_type: str, envelope: Envelope) -> dict:
    meta = {
        "description": f"{campaign.name}, {area.name}",
        "country": "France",
        "unit": "Paris",
        "subunit": area.name,
        "instance": campaign.slug,
        "budget": str(envelope.amount),
        "vote_type": vote_type,
        "rule": campaign_rule(campaign),
        "currency": "EUR",
        "language": "fr",
    }
    if campaign.voting_rule == V.APPROVAL and campaign.approval_max:
        meta["max_length"] = str(campaign.approval_max)
    if campaign.voting_rule == V.KNAPSACK and campaign.knapsack_min_share:
        minimum = -(-envelope.amount * campaign.knapsack_min_share // 100)
        meta["min_sum_cost"] = str(minimum)
        meta["max_sum_cost"] = str(envelope.amount)
    if campaign.voting_rule == V.CUMULATIVE:
        meta["max_sum_points"] = str(campaign.cumulative_points)
    if campaign.voting_rule == V.MAJORITY_JUDGMENT:
        meta["min_points"], meta["max_points"] = "0", str(len(GRADE_KEYS) - 1)
        meta["comment"] = "#1: points are majority-judgment grades: " + ", ".join(
            f"{value} = {key}" for key, value in GRADE_VALUE.items()
        )
    if envelope.reserved_amount:
        meta["reserved_amount"] = str(envelope.reserved_amount)
    return meta


class NotHeld(list):  # type: ignore[type-arg]
    """The ballots of an election read with ``ballots=False``: counted as they came, not kept.
    Their number is known (``len``, truth); reading them is a programming error, not an empty
    list."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def __len__(self) -> int:
        return self.number

    def __iter__(self) -> Iterator[Any]:
        raise RuntimeError("these ballots were counted as they were read and not kept")

    def __getitem__(self, index: Any) -> Any:
        raise RuntimeError("these ballots were counted as they were read and not kept")


def area_election(*, campaign: Campaign, area: Area, ballots: bool = True) -> AreaElection:
    """The counted ballots of ``area`` in ``campaign`` as plain data (NoEnvelope, 409, when the
    area has no envelope).

    The ballots are read once, from a server-side cursor (:data:`BATCH` rows at a time), and
    counted as they come: the figures, the inputs hash (their canonical texts sorted in bounded
    memory, :class:`SortedTexts`) and, with ``ballots=False`` for a majority judgment campaign,
    the grade counts; with ``ballots=False`` no ballot is kept (for the rules that read grade
    counts only: majority judgment). The memory then held is one batch of rows, the projects
    and one run of canonical texts, whatever the number of ballots."""
    envelope = Envelope.objects.filter(campaign=campaign, area=area).first()
    if envelope is None:
        raise NoEnvelope(f"The area « {area.name} » has no envelope: its ballot cannot be counted.")
    imported = _imported(campaign)
    rows = ballot_projects(campaign=campaign, area=area).select_related("theme").order_by("pk")
    projects: dict[str, BallotProject] = {}
    ids: dict[str, str] = {}
    for row in rows:
        pid = row.external_id or str(row.pk)
        point = None
        if row.locations:
            first = row.locations[0]
            point = (first.x, first.y)
        projects[pid] = BallotProject(
            pk=row.pk,
            id=pid,
            title=row.title,
            cost=row.cost,
            priority=bool(getattr(row, "priority", False)),
            point=point,
            theme=row.theme.slug if row.theme is not None else "",
        )
        ids[str(row.pk)] = pid
    order = {pk: position for position, pk in enumerate(ids)}

    if imported is not None:
        vote_type = imported.vote_type
        meta = {str(k): str(v) for k, v in imported.meta}
        if parse_number(meta["budget"]) != envelope.amount:
            meta["budget"] = str(envelope.amount)
        stored = imported.projects
        tally_projects = [
            tally.Project(
                id=pid,
                cost=p.cost,
                name=stored.get(pid, {}).get("name", p.title),
                extra=dict(stored.get(pid, {}).get("extra", {})),
            )
            for pid, p in projects.items()
        ]
        method = V.MAJORITY_JUDGMENT if campaign.voting_rule == V.MAJORITY_JUDGMENT else vote_type
        currency = meta.get("currency", "EUR")
    else:
        vote_type = VOTE_TYPE[V(campaign.voting_rule)]
        meta = _native_meta(campaign, area, vote_type, envelope)
        tally_projects = [
            tally.Project(id=pid, cost=p.cost, name=p.title, extra=_native_extra(p))
            for pid, p in projects.items()
        ]
        method, currency = campaign.voting_rule, "EUR"

    counter = Figures(vote_type, projects)
    canonical = _canonical_writer(vote_type)
    texts = SortedTexts()
    grades = (
        tally.GradeCounts(projects)
        if not ballots and campaign.voting_rule == V.MAJORITY_JUDGMENT
        else None
    )
    held: list[tally.Ballot] = []
    count = 0
    for voter_id, choices in (
        Ballot.objects.filter(campaign=campaign, area=area, counted=True)
        .order_by("receipt_hash")
        .values_list("receipt_hash", "choices")
        .iterator(chunk_size=BATCH)
    ):
        ballot = _tally_ballot(voter_id, choices, ids, order)
        counter.add(ballot)
        texts.add(canonical(ballot))
        if grades is not None:
            grades.add(ballot)
        if ballots:
            held.append(ballot)
        count += 1

    election = tally.Election(
        meta=meta, projects=tally_projects, ballots=held if ballots else NotHeld(count)
    )
    if "num_votes" in meta or imported is None:
        meta["num_votes"] = str(count)
    if "num_projects" in meta or imported is None:
        meta["num_projects"] = str(len(tally_projects))
    counts = counter.figures()
    for project in tally_projects:
        if imported is None:
            project.extra["votes"] = str(counts[project.id]["votes"])
            if "points" in counts[project.id]:
                project.extra["score"] = format_number(counts[project.id]["points"])
    digest = _inputs_digest(election, projects, envelope.reserved_amount, texts)
    return AreaElection(
        campaign=campaign,
        area=area,
        method=str(method),
        election=election,
        projects=projects,
        reserved=envelope.reserved_amount,
        currency=currency,
        imported=imported is not None,
        counts=counts,
        digest=digest,
        profiles=grades.profiles() if grades is not None else None,
    )


def _native_extra(project: BallotProject) -> dict[str, str]:
    extra: dict[str, str] = {}
    if project.theme:
        extra["category"] = project.theme
    if project.point is not None:
        extra["longitude"] = f"{project.point[0]:.6f}"
        extra["latitude"] = f"{project.point[1]:.6f}"
    extra["priority"] = "1" if project.priority else "0"
    return extra


class Figures:
    """Per project: ``votes`` (ballots naming it, with points above 0 for points ballots), and
    ``points`` (total points; for rankings of k projects, k, k-1, …, 1 down each ranking),
    added up one ballot at a time."""

    def __init__(self, vote_type: str, project_ids: Iterable[str]) -> None:
        self.points_type = vote_type in ("cumulative", "scoring")
        self.ordinal = vote_type == "ordinal"
        self.out: dict[str, dict[str, Any]] = {
            pid: ({"votes": 0, "points": 0} if self.points_type or self.ordinal else {"votes": 0})
            for pid in project_ids
        }

    def add(self, ballot: tally.Ballot) -> None:
        out = self.out
        if self.points_type:
            for pid, value in zip(ballot.vote, ballot.points or (), strict=True):
                if value > 0:
                    out[pid]["votes"] += 1
                out[pid]["points"] += value
        else:
            k = len(ballot.vote)
            for position, pid in enumerate(ballot.vote):
                out[pid]["votes"] += 1
                if self.ordinal:
                    out[pid]["points"] += k - position

    def figures(self) -> dict[str, dict[str, Any]]:
        return self.out


def figures(election: tally.Election) -> dict[str, dict[str, Any]]:
    """:class:`Figures` of an election's ballots."""
    counter = Figures(election.vote_type, (p.id for p in election.projects))
    for ballot in election.ballots:
        counter.add(ballot)
    return counter.figures()


def _canonical_writer(vote_type: str) -> Callable[[tally.Ballot], str]:
    """A ballot as the canonical JSON text ``inputs_hash`` sorts: a set of projects sorted, a
    ranking in its order, points as ``[[id, "number"], …]`` sorted by id. Written by hand for
    speed (2,000,000 ballots), the same text as ``json.dumps(content, separators=(",", ":"),
    ensure_ascii=False)`` (a test checks it against that)."""
    ids: dict[str, str] = {}
    numbers: dict[int, str] = {}

    def quoted(pid: str) -> str:
        text = ids.get(pid)
        if text is None:
            text = ids[pid] = json.dumps(pid, ensure_ascii=False)
        return text

    def number(value: tally.Number) -> str:
        # format_number writes digits, ".", "/" and "-" only: nothing to escape.
        if value.__class__ is int:
            text = numbers.get(value)  # type: ignore[call-overload]
            if text is None:
                text = numbers[value] = f'"{format_number(value)}"'  # type: ignore[index]
            return text
        return f'"{format_number(value)}"'

    if vote_type in ("approval", "choose-1"):
        return lambda ballot: "[" + ",".join(quoted(pid) for pid in sorted(ballot.vote)) + "]"
    if vote_type == "ordinal":
        return lambda ballot: "[" + ",".join(quoted(pid) for pid in ballot.vote) + "]"

    def points(ballot: tally.Ballot) -> str:
        pairs = sorted(
            (pid, number(n)) for pid, n in zip(ballot.vote, ballot.points or (), strict=True)
        )
        return "[" + ",".join(f"[{quoted(pid)},{n}]" for pid, n in pairs) + "]"

    return points


def _canonical_ballots(election: tally.Election) -> list[str]:
    """Each ballot's canonical text (:func:`_canonical_writer`), in the election's order."""
    canonical = _canonical_writer(election.vote_type)
    return [canonical(ballot) for ballot in election.ballots]


# Canonical texts sorted in memory up to this much text; beyond, in sorted runs on disk, merged.
RUN_CHARS = 64 * 2**20


class SortedTexts:
    """Texts, given in any order, read back sorted as Python sorts ``str`` (by code point) and
    encoded in UTF-8 (whose byte order is the code point order), each followed by ``\n``.

    Up to ``run_chars`` of text is sorted in memory; beyond, each run of that size is sorted and
    written to a temporary file, and the runs are merged as they are read: memory holds one run,
    whatever the number of texts. A text must not contain a character below U+0020 (canonical
    JSON escapes them): ``\n`` ends each one and sorts before any character it may hold, so the
    lines sort as the texts do."""

    def __init__(self, run_chars: int | None = None) -> None:
        self.run_chars = RUN_CHARS if run_chars is None else run_chars
        self._run: list[str] = []
        self._chars = 0
        self._files: list[IO[bytes]] = []

    def add(self, text: str) -> None:
        self._run.append(text)
        self._chars += len(text) + 1
        if self._chars >= self.run_chars:
            self._spill()

    def _spill(self) -> None:
        self._run.sort()
        spilled = tempfile.TemporaryFile(buffering=1 << 16)  # noqa: SIM115 (closed once merged)
        for start in range(0, len(self._run), 10_000):
            spilled.write("".join(t + "\n" for t in self._run[start : start + 10_000]).encode())
        spilled.seek(0)
        self._files.append(spilled)
        self._run, self._chars = [], 0

    def __iter__(self) -> Iterator[bytes]:
        """The texts in order, once (the runs on disk are closed as they are read out)."""
        if not self._files:
            self._run.sort()
            run, self._run = self._run, []
            for text in run:
                yield (text + "\n").encode()
            return
        if self._run:
            self._spill()
        files, self._files = self._files, []
        try:
            yield from heapq.merge(*files)
        finally:
            for f in files:
                f.close()


def _inputs_digest(
    election: tally.Election,
    projects: dict[str, BallotProject],
    reserved: int,
    ballots: Iterable[bytes],
) -> str:
    """SHA-256 of the canonical JSON text of :func:`inputs_hash`, with the ballots' canonical
    texts given sorted (one a line, as :class:`SortedTexts` reads them out) and hashed as they
    come: ``{"ballots":["…","…"],"budget":…,"projects":…,"reserved":…,"vote_type":…}`` (keys
    sorted, no spaces, "ballots" first, each ballot's text a JSON string), the very text
    ``json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` gives."""
    rest = {
        "vote_type": election.vote_type,
        "budget": format_number(election.budget),
        "reserved": reserved,
        "projects": sorted(
            [p.id, format_number(p.cost), projects[p.id].priority] for p in election.projects
        ),
    }
    text = json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(b'{"ballots":[')
    separator = ""
    for line in ballots:  # each text a JSON string in the list, as json.dumps writes it
        digest.update((separator + encode_basestring(line[:-1].decode())).encode())
        separator = ","
    digest.update(b"],")
    digest.update(text[1:].encode())
    return digest.hexdigest()


def inputs_hash(source: AreaElection) -> str:
    """SHA-256 of the canonical JSON of what a result is computed from: the vote type, the
    envelope and its reserved share, the projects (pabulib id, cost, priority) sorted by id, and
    the counted ballots (sets sorted, rankings kept in order, points as text) sorted. Voter ids
    and the order of ballots play no part. Computed as the area's ballots were read
    (:func:`area_election`)."""
    return source.digest


def turnout(*, campaign: Campaign, area: Area) -> dict[str, int]:
    """Participations by channel, and ballots counted and not counted (voters refused, or held
    by an identity conflict, before counting started: their receipts are kept, their content
    destroyed; an imported election's file may mark ballots not counted too)."""
    channels = dict.fromkeys(Participation.Channel.values, 0)
    for channel, n in (
        Participation.objects.filter(campaign=campaign, area=area)
        .order_by()
        .values_list("channel")
        .annotate(n=Count("pk"))
    ):
        channels[channel] += n
    counted = Ballot.objects.filter(campaign=campaign, area=area, counted=True).count()
    total = Ballot.objects.filter(campaign=campaign, area=area).count()
    return {
        "online": channels[Participation.Channel.ONLINE],
        "paper": channels[Participation.Channel.PAPER],
        "counted": counted,
        "not_counted": total
        - counted
        + DiscardedReceipt.objects.filter(campaign=campaign, area=area).count(),
    }


def published_results(*, campaign: Campaign, area_code: str | None = None) -> QuerySet[Result]:
    qs = Result.objects.filter(campaign=campaign, published=True).select_related("area", "campaign")
    if area_code is not None:
        qs = qs.filter(area__code=area_code)
    return qs.order_by("area__kind", "area__code")


def results_for(campaign: Campaign, results: Iterable[Result]) -> list[Result]:
    """Results in the order of the campaign's areas: the city-wide ballot first."""
    return sorted(results, key=lambda r: (r.area.kind != Area.Kind.CITY, r.area.code))


def ballot_file(*, campaign: Campaign, area_code: str | None = None) -> tuple[str, tally.Election]:
    """The pabulib text of an area's counted ballots, anonymous: voter ids are the receipt
    hashes, sorted (an order unrelated to the order of casting: a receipt code is random), so the
    file is the same at every download and its hash can be cited; no voter column."""
    area = campaign_area(campaign=campaign, code=area_code)
    source = area_election(campaign=campaign, area=area)
    ballots = sorted(source.election.ballots, key=lambda b: b.voter_id)
    election = tally.Election(
        meta=source.election.meta, projects=source.election.projects, ballots=ballots
    )
    return tally.write(election), election


def campaigns_count_due(*, now: Any) -> list[int]:
    """The campaigns whose count should have run and has not, or not to its end: results
    public, ballots cast (online or on paper), and the box still closed or an area with an
    envelope still without a published result. Their count task was not queued (Redis down) or
    was lost; ``results.count_due`` queues it again (the count is idempotent)."""
    later = (Phase.RESULTS, Phase.IMPLEMENTATION, Phase.CLOSED)
    due = []
    for campaign in Campaign.objects.filter(applied_phase__in=later).prefetch_related("phases"):
        if not results_public(campaign, now) or not campaign.participations.exists():
            continue
        areas = Envelope.objects.filter(campaign=campaign).values("area").distinct().count()
        published = Result.objects.filter(campaign=campaign, published=True).count()
        if campaign.count_started_at is None or published < areas:
            due.append(campaign.pk)
    return due
