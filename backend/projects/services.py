"""Writes for co-construction: officials turn accepted proposals into ballot projects (merging
several into one, or one alone), merge a proposal into another, add proposals to a project, and
edit a project until voting opens.

Every service locks what it changes (``select_for_update``, rows in id order), checks the
action's rule (``projects.rules`` and ``proposals.rules.check_merge``: the official's role and
area, 403, the phase, 409, the states, 409 ``invalid_transition``; the ``can`` maps say the
same), then the values (400 naming the field); writes one audit record per changed object; and
notifies the authors of merged proposals after the commit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import GEOSGeometry, MultiPoint, Point
from django.db import transaction

from accounts.models import User
from audit.services import audit_record, snapshot
from campaigns.models import Campaign, Theme
from core.errors import ApplicationError, InvalidTransition
from core.unset import UNSET
from geo.models import Area
from notifications.services import follows_extend_to_project, proposal_notify_followers
from proposals import rules as proposal_rules
from proposals import transitions
from proposals.models import Proposal

from . import rules
from .models import Project

# Whoever calls: anonymous people and residents are refused by the rules, not by types.
Actor = User | AnonymousUser
MAX_SOURCES = 50
MAX_LOCATIONS = 50
MAX_COST = 10**12
PROJECT_FIELDS = ["title", "description", "cost", "theme", "locations"]
MERGE_FIELDS = ["status", "project", "merged_into"]


# --- helpers --------------------------------------------------------------------------------


def _lock_proposals(ids: Iterable[int]) -> list[Proposal]:
    return list(
        Proposal.objects.select_for_update(of=("self",))
        .select_related("campaign", "area")
        .prefetch_related("campaign__phases")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )


def _lock_project(project: Project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("campaign", "area")
        .prefetch_related("campaign__phases")
        .get(pk=project.pk)
    )


def _area(proposal: Proposal) -> Area:
    """The ballot area of a checked source (``check_merge`` refuses unplaced ones)."""
    if proposal.area is None:
        raise InvalidTransition(f"Proposal #{proposal.pk} is not placed on the map yet.")
    return proposal.area


def _creator(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _valid_cost(cost: int | None) -> int:
    if cost is None or isinstance(cost, bool) or not isinstance(cost, int) or cost <= 0:
        raise ApplicationError(
            "The cost must be a positive number of euros.",
            code="min_value",
            params={"min_value": 1},
            field="cost",
        )
    if cost > MAX_COST:
        raise ApplicationError(
            f"The cost must be at most {MAX_COST} euros.",
            code="max_value",
            params={"max_value": MAX_COST},
            field="cost",
        )
    return cost


def _valid_text(value: str | None, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(f"The project needs a {what}.", code="required", field=field)
    return value


def _valid_locations(locations: MultiPoint | None, area: Area) -> MultiPoint | None:
    """At most 50 points, all inside the project's area (its ballot)."""
    if locations is None or len(locations) == 0:
        return None
    if len(locations) > MAX_LOCATIONS:
        raise ApplicationError(
            f"At most {MAX_LOCATIONS} locations.", code="too_many", field="locations"
        )
    locations.srid = 4326
    if not Area.objects.filter(pk=area.pk, geometry__covers=locations).exists():
        raise ApplicationError(
            f"Every location must be inside the area « {area.name} ».",
            code="outside_area",
            field="locations",
        )
    return locations


def _points_of(proposals: Iterable[Proposal]) -> list[Point]:
    return [p.location for p in proposals if p.location is not None]


def _multipoint(points: Sequence[GEOSGeometry]) -> MultiPoint | None:
    unique: list[GEOSGeometry] = []
    for point in points:
        if not any(point.equals_exact(u, 1e-9) for u in unique):
            unique.append(point)
    return MultiPoint(unique, srid=4326) if unique else None


def _audit_proposal(
    actor: Any, action: str, proposal: Proposal, before: dict, now: datetime, reason: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=proposal,
        before=before,
        after=snapshot(proposal, MERGE_FIELDS),
        reason=reason,
        campaign=proposal.campaign,
        area=proposal.area,
        at=now,
    )


def _merge_into_project(proposal: Proposal, project: Project, actor: Any, now: datetime) -> None:
    """The source becomes ``merged``, linked to the project; its followers (its author among
    them) are notified and follow the project from now on."""
    before = snapshot(proposal, MERGE_FIELDS)
    proposal.status = transitions.target(transitions.MERGE)
    proposal.project = project
    proposal.save(update_fields=["status", "project", "updated_at"])
    _audit_proposal(actor, "proposal.merge", proposal, before, now, f"project #{project.pk}")
    proposal_notify_followers(
        proposal=proposal,
        event="merged",
        reason=f"Regroupée dans le projet « {project.title} » / merged into the project "
        f"“{project.title}”.",
        actor=actor,
    )
    follows_extend_to_project(proposal_ids=[proposal.pk], project=project)


def _link_merged_from(
    sources: Sequence[Proposal], project: Project, actor: Any, now: datetime
) -> None:
    """Proposals merged earlier into a source follow it into the project (linked back)."""
    followers = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("campaign", "area")
        .filter(merged_into__in=[p.pk for p in sources], project__isnull=True)
        .order_by("pk")
    )
    for proposal in followers:
        before = snapshot(proposal, MERGE_FIELDS)
        proposal.project = project
        proposal.save(update_fields=["project", "updated_at"])
        _audit_proposal(actor, "proposal.project", proposal, before, now, f"project #{project.pk}")
        follows_extend_to_project(proposal_ids=[proposal.pk], project=project)


def _project_state(project: Project) -> dict[str, Any]:
    return snapshot(project, ["title", "description", "cost", "theme", "locations", "area"])


def _audit_project(
    actor: Any,
    action: str,
    project: Project,
    before: dict,
    now: datetime,
    reason: str = "",
    **extra: Any,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=project,
        before=before,
        after={**_project_state(project), **extra},
        reason=reason,
        campaign=project.campaign,
        area=project.area,
        at=now,
    )


def _main_theme(sources: Sequence[Proposal]) -> Any:
    """The theme most sources share (the first source's on a tie)."""
    counts = Counter(p.theme_id for p in sources)
    return counts.most_common(1)[0][0]


# --- services --------------------------------------------------------------------------------


@transaction.atomic
def project_create_from_proposals(
    *,
    proposals: Sequence[Proposal],
    actor: Actor,
    title: str | None,
    description: str | None,
    cost: int | None = None,
    now: datetime,
    locations: MultiPoint | None = None,
    theme: Theme | None = None,
) -> Project:
    """Merge several accepted proposals of one campaign and one area into a ballot project
    (officials of that area, in a phase that allows merging).

    The project gets ``title``, ``description`` and ``cost`` (default: the sum of the sources'
    estimated costs), ``locations`` (default: the sources' points) and ``theme`` (default: the
    one most sources share). Each source becomes ``merged`` and links to the project, and so do
    the proposals merged earlier into a source; every author of a source is notified.

    Given a single proposal, this is ``project_create_from_proposal``: nothing is merged."""
    ids = sorted({p.pk for p in proposals})
    if not ids:
        raise ApplicationError(
            "Choose at least one accepted proposal.", code="required", field="proposals"
        )
    if len(ids) > MAX_SOURCES:
        raise ApplicationError(
            f"At most {MAX_SOURCES} proposals in a project.", code="too_many", field="proposals"
        )
    if len(ids) == 1:
        return project_create_from_proposal(
            proposal=proposals[0],
            actor=actor,
            title=title,
            description=description,
            cost=cost,
            now=now,
            locations=locations,
            theme=theme,
        )
    sources = _lock_proposals(ids)
    if len(sources) != len(ids):
        raise ApplicationError(
            "Some of these proposals do not exist.", code="does_not_exist", field="proposals"
        )
    rules.check_create(actor, sources, now)
    first = sources[0]
    title = _valid_text(title, "title", "title")
    description = _valid_text(description, "description", "description")
    if cost is None:
        cost = sum(p.estimated_cost or 0 for p in sources)
    project = Project(
        campaign=first.campaign,
        area=_area(first),
        title=title,
        description=description,
        cost=_valid_cost(cost),
        locations=_valid_locations(locations, _area(first))
        if locations is not None
        else _multipoint(_points_of(sources)),
        theme_id=theme.pk if theme is not None else _main_theme(sources),
        created_by=_creator(actor),
    )
    project.save()
    for proposal in sources:
        _merge_into_project(proposal, project, actor, now)
    _link_merged_from(sources, project, actor, now)
    _audit_project(actor, "project.create", project, {}, now, sources=ids)
    return project


@transaction.atomic
def project_create_from_proposal(
    *,
    proposal: Proposal,
    actor: Actor,
    now: datetime,
    title: str | None = None,
    description: str | None = None,
    cost: int | None = None,
    locations: MultiPoint | None = None,
    theme: Theme | None = None,
) -> Project:
    """Turn one accepted proposal into a ballot project on its own.

    Nothing is merged, so the proposal stays ``accepted``, linked to the project, and its author
    is not notified again (they were when it was accepted). The project takes the proposal's
    title, description, estimated cost, point and theme unless others are given. Proposals
    merged earlier into it follow it into the project."""
    sources = _lock_proposals([proposal.pk])
    if not sources:
        raise ApplicationError(
            "This proposal does not exist.", code="does_not_exist", field="proposals"
        )
    source = sources[0]
    rules.check_create(actor, sources, now)
    project = Project(
        campaign=source.campaign,
        area=_area(source),
        title=_valid_text(title or source.title, "title", "title"),
        description=_valid_text(description or source.description, "description", "description"),
        cost=_valid_cost(cost if cost is not None else source.estimated_cost),
        locations=_valid_locations(locations, _area(source))
        if locations is not None
        else _multipoint(_points_of(sources)),
        theme_id=theme.pk if theme is not None else source.theme_id,
        created_by=_creator(actor),
    )
    project.save()
    before = snapshot(source, MERGE_FIELDS)
    source.project = project
    source.save(update_fields=["project", "updated_at"])
    _audit_proposal(actor, "proposal.project", source, before, now, f"project #{project.pk}")
    follows_extend_to_project(proposal_ids=[source.pk], project=project)
    _link_merged_from(sources, project, actor, now)
    _audit_project(actor, "project.create", project, {}, now, sources=[source.pk])
    return project


@transaction.atomic
def project_add_proposals(
    *, project: Project, proposals: Sequence[Proposal], actor: Actor, now: datetime
) -> Project:
    """Merge more accepted proposals (same campaign and area) into an existing project: they
    become ``merged``, their points join the project's locations, their authors are notified."""
    project = _lock_project(project)
    rules.check_add_proposals(actor, project, now)
    ids = sorted({p.pk for p in proposals})
    if not ids:
        raise ApplicationError(
            "Choose at least one accepted proposal.", code="required", field="proposals"
        )
    if len(ids) > MAX_SOURCES:
        raise ApplicationError(
            f"At most {MAX_SOURCES} proposals at once.", code="too_many", field="proposals"
        )
    sources = _lock_proposals(ids)
    if len(sources) != len(ids):
        raise ApplicationError(
            "Some of these proposals do not exist.", code="does_not_exist", field="proposals"
        )
    rules.check_add_proposals(actor, project, now, sources)
    before = _project_state(project)
    existing = list(project.locations) if project.locations is not None else []
    project.locations = _multipoint([*existing, *_points_of(sources)])
    project.save(update_fields=["locations", "updated_at"])
    for proposal in sources:
        _merge_into_project(proposal, project, actor, now)
    _link_merged_from(sources, project, actor, now)
    _audit_project(actor, "project.add_proposals", project, before, now, sources=ids)
    return project


@transaction.atomic
def proposal_merge_into(
    *, proposal: Proposal, target: Proposal, actor: Actor, now: datetime
) -> Proposal:
    """Merge an accepted proposal into another accepted proposal of the same campaign and area
    (a duplicate): it becomes ``merged`` with ``merged_into`` set; its author is notified. When
    the target later becomes a project, the merged proposal is linked to it too. A proposal that
    is part of a project is merged through the project instead (``project_add_proposals``)."""
    if proposal.pk == target.pk:
        raise ApplicationError(
            "A proposal cannot be merged into itself.", code="merge_into_itself", field="into"
        )
    locked = {p.pk: p for p in _lock_proposals([proposal.pk, target.pk])}
    if len(locked) != 2:
        raise ApplicationError("This proposal does not exist.", code="does_not_exist", field="into")
    source, target = locked[proposal.pk], locked[target.pk]
    proposal_rules.check_merge_into(actor, source, target, now)
    before = snapshot(source, MERGE_FIELDS)
    source.status = transitions.target(transitions.MERGE)
    source.merged_into = target
    source.save(update_fields=["status", "merged_into", "updated_at"])
    _audit_proposal(actor, "proposal.merge", source, before, now, f"proposal #{target.pk}")
    proposal_notify_followers(
        proposal=source,
        event="merged",
        reason=f"Regroupée avec la proposition « {target.title} » / merged with the proposal "
        f"“{target.title}”.",
        actor=actor,
    )
    return source


@transaction.atomic
def project_update(
    *,
    project: Project,
    actor: Actor,
    now: datetime,
    title: str = UNSET,
    description: str = UNSET,
    cost: int = UNSET,
    locations: MultiPoint | None = UNSET,
    theme: Theme | None = UNSET,
    reason: str = "",
) -> Project:
    """Edit a project (officials of its area). Refused with ``Frozen`` (409 ``ballot_frozen``)
    once voting has opened: the ballot, its costs and its locations no longer change."""
    project = _lock_project(project)
    rules.check_update(actor, project, now)
    before = _project_state(project)
    if title is not UNSET:
        project.title = _valid_text(title, "title", "title")
    if description is not UNSET:
        project.description = _valid_text(description, "description", "description")
    if cost is not UNSET:
        project.cost = _valid_cost(cost)
    if locations is not UNSET:
        project.locations = _valid_locations(locations, project.area)
    if theme is not UNSET:
        project.theme = theme
    after = _project_state(project)
    if after == before:
        return project
    project.save()
    _audit_project(actor, "project.update", project, before, now, (reason or "").strip())
    return project


@transaction.atomic
def project_import(
    *,
    campaign: Campaign,
    area: Area,
    title: str,
    description: str,
    cost: int,
    now: datetime,
    locations: MultiPoint | None = None,
    theme: Theme | None = None,
    priority_flagged: bool = False,
    external_id: str = "",
) -> Project:
    """A ballot project brought in from another system (the demo's past winning projects of
    Paris, with their real costs): no author, no source proposal, no role or phase check, like
    ``proposal_import`` (this is how a campaign's history arrives, not an official's edit; no
    API calls it). Its values are checked as an official's would be (title, description, a
    positive cost, locations inside ``area``, an area of the campaign). Audited as
    ``project.import``, priority flag included."""
    if not campaign.areas.filter(pk=area.pk).exists():
        raise ApplicationError(
            f"{area.name} is not an area of this campaign.", code="not_in_campaign", field="area"
        )
    project = Project(
        campaign=campaign,
        area=area,
        title=_valid_text(title, "title", "title")[:150],
        description=_valid_text(description, "description", "description"),
        cost=_valid_cost(cost),
        locations=_valid_locations(locations, area),
        theme=theme,
        priority_flagged=priority_flagged,
        external_id=external_id,
    )
    project.save()
    _audit_project(
        None,
        "project.import",
        project,
        {},
        now,
        priority_flagged=priority_flagged,
        external_id=external_id,
    )
    return project
