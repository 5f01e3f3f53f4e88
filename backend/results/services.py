"""Writes for results: tallying a campaign's areas when voting closes, comparing with another
rule, and importing a pabulib election as a campaign."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from django.contrib.gis.geos import MultiPoint, MultiPolygon, Point
from django.db import transaction
from django.utils import timezone

import tally
from audit.services import audit_record
from campaigns.models import Campaign, Envelope
from campaigns.schedule import Phase
from campaigns.services import campaign_create
from core.errors import ApplicationError, PhaseClosed
from geo.models import Area
from notifications.services import results_notify_followers
from projects.models import Project
from tally.model import format_number
from voting.methods import GRADE_KEYS
from voting.models import Ballot
from voting.services import ballot_box_open

from . import rules
from .models import ImportedElection, Recount, Result
from .selectors import (
    RULES,
    AreaElection,
    area_election,
    campaign_rule,
    inputs_hash,
    turnout,
)
from .statements import reserve_not_applied, statement, without_ballots
from .version import code_version

V = Campaign.VotingRule
BATCH = 2000
Progress = Callable[[str, int, int], None]


# --- computing a result --------------------------------------------------------------------------


@dataclass(frozen=True)
class Computed:
    """A result's values before it is stored (``Result`` fields)."""

    values: dict[str, Any]
    winners: tuple[str, ...]


def _plain(value: tally.Number) -> int | float:
    return value if isinstance(value, int) else float(value)


def _project_rows(source: AreaElection, outcome: tally.Result) -> list[dict[str, Any]]:
    """Every project with its figures, in ranking order (majority judgment: its ranking; other
    rules: the funded projects in the rule's order, then the others by score)."""
    counts = source.counts
    selected = set(outcome.selected)
    grades: dict[str, tuple[int, ...]] = {}
    majority: dict[str, int] = {}
    if source.method == V.MAJORITY_JUDGMENT:
        judged = tally.majority_judgment(source.election, profiles=source.profiles)
        grades, majority = judged.profiles, judged.majority_grades
        order = list(judged.ranking)
    elif outcome.ranking is not None:
        order = list(outcome.ranking)
    else:
        rest = [pid for pid in source.projects if pid not in selected]
        rest.sort(key=lambda pid: (-counts[pid].get("points", counts[pid]["votes"]), pid))
        order = [*outcome.selected, *rest]
    rows = []
    for rank, pid in enumerate(order, start=1):
        project = source.projects[pid]
        row: dict[str, Any] = {
            "rank": rank,
            "project": project.pk,
            "id": pid,
            "title": project.title,
            "cost": project.cost,
            "priority": project.priority,
            "selected": pid in selected,
            "votes": counts[pid]["votes"],
        }
        if "points" in counts[pid]:
            row["points"] = _plain(counts[pid]["points"])
        if pid in grades:
            total = sum(grades[pid]) or 1
            row["grades"] = dict(zip(GRADE_KEYS, grades[pid], strict=True))
            row["grade_shares"] = {
                key: round(n / total, 4) for key, n in zip(GRADE_KEYS, grades[pid], strict=True)
            }
            row["majority_grade"] = GRADE_KEYS[majority[pid]]
            row.pop("points", None)
        if project.point is not None:
            row["longitude"], row["latitude"] = project.point
        rows.append(row)
    return rows


def result_compute(*, source: AreaElection, rule: str, now: datetime) -> Computed:
    """Count ``source`` with ``rule`` (ApplicationError when the rule does not apply to these
    ballots). With no counted ballot nothing is funded."""
    if rule not in RULES:
        raise ApplicationError(
            f"Unknown rule « {rule} »: use one of {', '.join(RULES)}.",
            code="invalid_choice",
            field="rule",
        )
    election = source.election
    reserving = rule in tally.RESERVING_RULES
    started = time.perf_counter()
    try:
        outcome = tally.run(
            rule,
            election,
            reserved=source.reserved if reserving else 0,
            priority=source.priority,
            profiles=source.profiles if rule == "majority-judgment" else None,
        )
    except tally.UnsupportedRule as exc:
        raise ApplicationError(
            f"The rule « {rule} » does not apply to these ballots: {exc}.", field="rule"
        ) from exc
    seconds = time.perf_counter() - started
    if not election.ballots:
        outcome = tally.Result(
            rule=rule, selected=(), total_cost=0, budget=election.budget, reserved_used=0
        )
    priority = set(source.priority)
    # A rule without a reserved share uses none of it (campaigns refuse the combination; a
    # comparison with such a rule says in its statement that the share is not applied).
    reserved_used = outcome.reserved_used or 0
    winners = [
        {
            "project": source.projects[pid].pk,
            "id": pid,
            "title": source.projects[pid].title,
            "cost": source.projects[pid].cost,
            "priority": pid in priority,
        }
        for pid in outcome.selected
    ]
    counts = turnout(campaign=source.campaign, area=source.area)
    text = statement(
        rule,
        method=source.method,
        budget=source.budget,
        reserved=source.reserved if reserving else 0,
        satisfaction=outcome.satisfaction,
        currency=source.currency,
    )
    if source.reserved and not reserving:
        text = reserve_not_applied(text, source.reserved, source.currency)
    if not election.ballots:
        text = without_ballots(text)
    values = {
        "campaign": source.campaign,
        "area": source.area,
        "rule": rule,
        "method": source.method,
        "statement": text.fr,
        "statement_en": text.en,
        "winners": winners,
        "projects": _project_rows(source, outcome),
        "total_cost": int(outcome.total_cost),
        "budget": source.budget,
        "reserved_amount": source.reserved,
        "reserved_used": int(reserved_used),
        "ballots_counted": counts["counted"],
        "ballots_not_counted": counts["not_counted"],
        "turnout_online": counts["online"],
        "turnout_paper": counts["paper"],
        "inputs_hash": inputs_hash(source),
        "seconds": round(seconds, 6),
        "computed_at": now,
        "arithmetic": outcome.arithmetic,
        "certified_runs": outcome.certified_runs,
        "exact_runs": outcome.exact_runs,
        "exact_recount": (
            Recount.NOT_RUN if outcome.arithmetic == "float-certified" else Recount.NOT_NEEDED
        ),
        "recounted_at": None,
    }
    return Computed(values=values, winners=outcome.selected)


def _areas_with_envelopes(campaign: Campaign) -> list[Area]:
    with_envelope = set(
        Envelope.objects.filter(campaign=campaign).values_list("area_id", flat=True)
    )
    areas = [a for a in campaign.areas.all() if a.pk in with_envelope]
    return sorted(areas, key=lambda a: (a.kind != Area.Kind.CITY, a.code))


@transaction.atomic
def results_tally(*, campaign_id: int, now: datetime) -> list[Result]:
    """Count every area of the campaign (that has an envelope) with the campaign's rule and store
    the published results, once the results are public; counting starts by opening the ballot
    box (voting.services.ballot_box_open: the counted set becomes final). Idempotent: an area
    whose inputs have not changed keeps its result as it is. Refused (409) before the results
    phase."""
    campaign = (  # as voting.services._fresh(lock=True): what refers to it may still be written
        Campaign.objects.select_for_update(of=("self",), no_key=True)
        .prefetch_related("phases", "areas")
        .get(pk=campaign_id)
    )
    if not rules.results_public(campaign, now):
        raise PhaseClosed("Results are computed once the results phase has started.")
    if campaign.count_started_at is None and campaign.participations.exists():
        ballot_box_open(campaign=campaign, now=now)
    rule = campaign_rule(campaign)
    return [_tally_area(campaign, area, rule, now) for area in _areas_with_envelopes(campaign)]


def _grade_counts_only(campaign: Campaign, rule: str) -> bool:
    """Whether ``rule`` counts ``campaign``'s ballots from their grade counts alone (majority
    judgment): its areas are then read with ``area_election(ballots=False)``, no ballot held."""
    return rule == "majority-judgment" and campaign.voting_rule == V.MAJORITY_JUDGMENT


def _tally_area(campaign: Campaign, area: Area, rule: str, now: datetime) -> Result:
    """One area of :func:`results_tally` (its ballots let go when it returns)."""
    source = area_election(
        campaign=campaign, area=area, ballots=not _grade_counts_only(campaign, rule)
    )
    current = Result.objects.filter(campaign=campaign, area=area, published=True).first()
    if current is not None and current.rule == rule and current.inputs_hash == inputs_hash(source):
        return current
    computed = result_compute(source=source, rule=rule, now=now)
    Result.objects.filter(campaign=campaign, area=area, published=True).exclude(rule=rule).update(
        published=False
    )
    values = dict(computed.values, published=True)
    if values["exact_recount"] == Recount.NOT_RUN:  # the official count is recounted
        values["exact_recount"] = Recount.PENDING
    result, _ = Result.objects.update_or_create(
        campaign=campaign, area=area, rule=rule, defaults=values
    )
    _audit_tally(result)
    # The followers of the area's projects hear whether theirs won (once per project).
    results_notify_followers(campaign_id=campaign.pk, rows=result.projects)
    return result


def _audit_tally(result: Result) -> None:
    """The official tally's record (no actor: the system), and the exact recount of a
    float-certified result queued once this transaction commits."""
    audit_record(
        actor=None,
        action="results.tally",
        obj=result,
        campaign=result.campaign,
        area=result.area,
        after={
            "rule": result.rule,
            "inputs_hash": result.inputs_hash,
            "code_version": code_version(),
            "seconds": result.seconds,
            "arithmetic": result.arithmetic,
            "certified_runs": result.certified_runs,
            "exact_runs": result.exact_runs,
            "winners": [winner["id"] for winner in result.winners],
        },
        at=result.computed_at,
    )
    if result.exact_recount == Recount.PENDING:
        from .tasks import recount_result  # the tasks module imports this one

        result_id = result.pk
        transaction.on_commit(lambda: recount_result.delay(result_id))


@transaction.atomic
def result_recount(*, result_id: int, now: datetime) -> Result | None:
    """Recount a float-certified result in exact fractions from the same inputs and record
    whether the winners agree (audited, no actor). ``None`` when the result is gone or its
    inputs changed since (the new tally queues its own recount)."""
    result = (
        Result.objects.select_for_update(of=("self",))
        .select_related("campaign", "area")
        .filter(pk=result_id)
        .first()
    )
    if result is None or result.exact_recount != Recount.PENDING:
        return result
    source = area_election(campaign=result.campaign, area=result.area)
    if inputs_hash(source) != result.inputs_hash:
        return None
    reserving = result.rule in tally.RESERVING_RULES
    started = time.perf_counter()
    exact = tally.run(
        result.rule,
        source.election,
        reserved=source.reserved if reserving else 0,
        priority=source.priority,
        exact=True,
    )
    seconds = time.perf_counter() - started
    selected = exact.selected if source.election.ballots else ()
    agrees = list(selected) == [winner["id"] for winner in result.winners]
    result.exact_recount = Recount.AGREES if agrees else Recount.DISAGREES
    result.recounted_at = now
    result.save(update_fields=["exact_recount", "recounted_at"])
    audit_record(
        actor=None,
        action="results.recount",
        obj=result,
        campaign=result.campaign,
        area=result.area,
        after={
            "rule": result.rule,
            "inputs_hash": result.inputs_hash,
            "code_version": code_version(),
            "seconds": round(seconds, 6),
            "arithmetic": exact.arithmetic,
            "exact_runs": exact.exact_runs,
            "agrees": agrees,
            "winners": list(selected),
        },
        at=now,
    )
    return result


@transaction.atomic
def results_compare(
    *, campaign: Campaign, actor: Any, rule: str, now: datetime, area: Area | None = None
) -> list[Result]:
    """Administrators: the result of ``rule`` for each area (or one), stored unpublished for the
    record; the published result is never changed. Audited."""
    rules.check_results_compare(actor, campaign, now)
    areas = [area] if area is not None else _areas_with_envelopes(campaign)
    out = []
    for each in areas:
        lean = _grade_counts_only(campaign, rule)
        computed = result_compute(
            source=area_election(campaign=campaign, area=each, ballots=not lean),
            rule=rule,
            now=now,
        )
        published = Result.objects.filter(
            campaign=campaign, area=each, rule=rule, published=True
        ).first()
        if published is not None:  # the published rule itself: recomputed, not replaced
            out.append(Result(**dict(computed.values, published=False)))
            continue
        result, _ = Result.objects.update_or_create(
            campaign=campaign, area=each, rule=rule, defaults=dict(computed.values, published=False)
        )
        out.append(result)
        audit_record(
            actor=actor,
            action="results.compare",
            obj=result,
            campaign=campaign,
            area=each,
            after={"rule": rule, "winners": list(computed.winners)},
            at=now,
        )
    return out


# --- importing a pabulib election ----------------------------------------------------------------

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
AREA_CODE_MAX = 40


class ImportRefused(ApplicationError):
    code = "import_refused"


def _whole(value: tally.Number, what: str) -> int:
    """Amounts are whole euros (or units of the file's currency) above 0, as stored here."""
    if isinstance(value, Fraction) or value <= 0:
        raise ImportRefused(
            f"{what} is {format_number(value)}: amounts are stored as whole numbers above 0."
        )
    return int(value)


def _day(meta: dict[str, str], today: date) -> date:
    """The last day of the vote (META ``date_end``: 31.10.2022, 2022-10-31 or 2021), else
    today: the only time a ballot keeps."""
    text = meta.get("date_end", "").strip()
    for pattern, order in (
        (r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", (3, 2, 1)),
        (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", (1, 2, 3)),
    ):
        match = re.match(pattern, text)
        if match:
            try:
                return date(*(int(match.group(i)) for i in order))
            except ValueError:
                return today
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 12, 31)
    return today


def _voting_rule(election: tally.Election) -> tuple[str, dict[str, Any]]:
    """The campaign's voting method for a pabulib vote type, and its parameters."""
    meta = election.meta

    def whole(key: str) -> int | None:
        text = meta.get(key, "").strip()
        return int(text) if text.isdigit() and 0 < int(text) <= 10_000 else None

    vote_type = election.vote_type
    if vote_type == "choose-1":
        return V.APPROVAL, {"approval_max": 1}
    if vote_type in ("approval", "ordinal"):
        return V.APPROVAL, {"approval_max": whole("max_length")}
    graded = all(
        value in (0, 1, 2, 3) for ballot in election.ballots for value in ballot.points or ()
    )
    if vote_type == "scoring" and meta.get("rule") == "majority-judgment" and graded:
        return V.MAJORITY_JUDGMENT, {}
    most = max((sum(b.points or ()) for b in election.ballots), default=1)
    points = whole("max_sum_points") or (int(most) if most == int(most) and most >= 1 else 10)
    return V.CUMULATIVE, {"cumulative_points": min(points, 10_000)}


def _tally_rule(election: tally.Election) -> str:
    """The campaign's tally rule from the file's META ``rule`` (pabulib's names)."""
    rule = election.meta.get("rule", "").strip().lower()
    approval = election.vote_type in ("approval", "choose-1")
    if rule in Campaign.TallyRule.values and (approval or rule not in ("mes-add1", "phragmen")):
        return rule
    if rule.startswith("equalshares"):
        return "mes-add1" if approval and "add1" in rule else "mes-increase"
    if "phragmen" in rule and approval:
        return "phragmen"
    return "greedy"


def _location(project: tally.Project) -> MultiPoint | None:
    """The project's point from its ``latitude`` and ``longitude`` columns; none when either is
    missing, ``None`` or empty (ordinary in pabulib: pabutools does not read them)."""
    lat, lon = (project.extra.get(key, "").strip() for key in ("latitude", "longitude"))
    if not lat or not lon:
        return None
    try:
        y, x = float(lat.replace(",", ".")), float(lon.replace(",", "."))
    except ValueError:
        raise ImportRefused(
            f"Project {project.id}: the coordinates ({lat}, {lon}) are not numbers."
        ) from None
    if not (-90 <= y <= 90 and -180 <= x <= 180):
        raise ImportRefused(f"Project {project.id}: ({lat}, {lon}) is not a latitude, longitude.")
    return MultiPoint(Point(x, y, srid=4326), srid=4326)


def _choices(ballot: tally.Ballot, vote_type: str, rule: str, pks: dict[str, int]) -> dict:
    if vote_type in ("approval", "choose-1"):
        return {"projects": [pks[pid] for pid in ballot.vote]}
    if vote_type == "ordinal":
        return {"ranking": [pks[pid] for pid in ballot.vote]}
    points = ballot.points or ()
    if rule == V.MAJORITY_JUDGMENT:
        return {
            "grades": {
                str(pks[p]): GRADE_KEYS[int(n)] for p, n in zip(ballot.vote, points, strict=True)
            }
        }
    return {
        "points": {
            str(pks[p]): n if isinstance(n, int) else format_number(n)
            for p, n in zip(ballot.vote, points, strict=True)
        }
    }


@transaction.atomic
def election_import(
    *,
    election: tally.Election,
    slug: str,
    now: datetime,
    name: str = "",
    file_name: str = "",
    file_sha256: str = "",
    progress: Progress | None = None,
) -> Campaign:
    """A campaign in the ``results`` phase made of a pabulib election: one area (no polygon;
    projects keep the file's coordinates when it gives them), its envelope (the budget), its
    projects (their file ids kept) and its ballots (anonymous; receipt hashes derived from the
    file's voter ids). All or nothing."""
    if not SLUG.match(slug) or len(slug) > 60:
        raise ImportRefused(
            "The slug is made of letters, digits, - and _ (at most 60).", field="slug"
        )
    if Campaign.objects.filter(slug=slug).exists():
        raise ImportRefused(f"A campaign « {slug} » exists already.", field="slug")
    budget = _whole(election.budget, "The budget")
    costs = {p.id: _whole(p.cost, f"The cost of project {p.id}") for p in election.projects}
    if len(election.projects) == 0:
        raise ImportRefused("The file has no project.")
    meta = election.meta
    reserved = meta.get("reserved_amount", "0").strip()
    reserved_amount = int(reserved) if reserved.isdigit() and int(reserved) <= budget else 0
    voting_rule, settings = _voting_rule(election)
    title = (
        name or meta.get("description") or f"{meta.get('unit', slug)} {meta.get('instance', '')}"
    )
    code = f"pb-{slug}".lower()
    if len(code) > AREA_CODE_MAX:
        code = f"pb-{hashlib.sha256(slug.encode()).hexdigest()[:12]}-{slug[:23]}".lower()
    if Area.objects.filter(code=code).exists():
        raise ImportRefused(f"An area « {code} » exists already.", field="slug")
    area_name = " ".join(
        part
        for part in (meta.get("unit", ""), meta.get("subunit", ""), meta.get("instance", ""))
        if part
    )
    area = Area.objects.create(
        code=code,
        name=(area_name or title)[:100],
        kind=Area.Kind.CITY,
        geometry=MultiPolygon(srid=4326),  # no geography: an imported election's area
    )
    campaign = campaign_create(
        slug=slug,
        name=title.strip()[:120],
        description=meta.get("comment", ""),
        schedule={Phase.RESULTS: (now, None)},
        area_codes=[code],
        voting_rule=voting_rule,
        origin=Campaign.Origin.IMPORTED,
    )
    for key, value in settings.items():
        setattr(campaign, key, value)
    campaign.tally_rule = _tally_rule(election)
    campaign.save(update_fields=[*settings, "tally_rule"])
    rule = "majority-judgment" if voting_rule == V.MAJORITY_JUDGMENT else campaign.tally_rule
    if rule not in tally.RESERVING_RULES:
        reserved_amount = 0  # the file's rule has no reserved share (its META keeps the figure)
    Envelope.objects.create(
        campaign=campaign, area=area, amount=budget, reserved_amount=reserved_amount
    )

    total = len(election.projects) + len(election.ballots)
    rows = []
    for project in election.projects:
        description = project.extra.get("description", "")
        rows.append(
            Project(
                campaign=campaign,
                area=area,
                external_id=project.id,
                title=(project.name or f"Project {project.id}")[:150],
                description=description[:10000],
                cost=costs[project.id],
                locations=_location(project),
                priority_flagged=project.extra.get("priority", "").strip() == "1",
            )
        )
    created = Project.objects.bulk_create(rows, batch_size=BATCH)
    pks = {p.external_id: p.pk for p in created}
    if progress:
        progress("projects", len(created), total)

    day = _day(meta, timezone.localdate(now))
    batch: list[Ballot] = []
    done = len(created)
    seen: dict[str, int] = {}
    for ballot in election.ballots:
        # A voter id may repeat in a file (each row is a ballot, as pabutools reads it): the
        # second and later ballots of an id get their own receipt.
        again = seen[ballot.voter_id] = seen.get(ballot.voter_id, -1) + 1
        voter = ballot.voter_id if not again else f"{ballot.voter_id}#{again}"
        receipt = hashlib.sha256(f"pabulib:{slug}:{voter}".encode()).hexdigest()
        batch.append(
            Ballot(
                campaign=campaign,
                area=area,
                rule=voting_rule,
                choices=_choices(ballot, election.vote_type, voting_rule, pks),
                receipt_hash=receipt,
                cast_on=day,
            )
        )
        if len(batch) == BATCH:
            Ballot.objects.bulk_create(batch)
            done += len(batch)
            batch = []
            if progress:
                progress("ballots", done, total)
    Ballot.objects.bulk_create(batch)
    if progress:
        progress("ballots", total, total)

    ImportedElection.objects.create(
        campaign=campaign,
        area=area,
        vote_type=election.vote_type,
        meta=[[key, value] for key, value in meta.items()],
        projects={p.id: {"name": p.name, "extra": dict(p.extra)} for p in election.projects},
        file_name=file_name[:255],
        file_sha256=file_sha256,
    )
    return campaign
