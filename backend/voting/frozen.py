"""A campaign's ballots once voting has opened, read once per process instead of once per
request (docs/scaling.md, "Vote day").

From the voting phase on, a campaign's ballots are frozen (``campaigns.services.
ensure_not_frozen``): its areas, the projects on each ballot with their costs and titles, the
envelopes and the priority zones no longer change. Casting a ballot, reading one and checking a
receipt all need them; each API process keeps them in memory (``Snapshot``), with the version
they were read under. The version lives in the shared cache (Redis), one key per campaign,
replaced after every committed save or delete of the campaign, its phases, areas, envelopes,
projects or priority zones (the signals below), so every process sees a change at its next
request. A snapshot is also read again after ``MAX_AGE`` seconds, whatever the version says
(a change made by SQL by hand, or while Redis was out of reach, is seen within that time).

What is never taken from a snapshot: the schedule (whether voting is open is read from the
database in the cast's own transaction) and anything about a voter. Without Redis, nothing is
cached: every request reads the database, as before.

Per process, not in Redis: a snapshot holds model instances and the ballots' projects (a few
hundred rows per campaign), cheaper to keep than to fetch and decode at every request; and a
process holding one keeps no state that another request needs (DESIGN.md, "Scaling out")."""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save

from campaigns.models import Campaign, CampaignPhase, Envelope, PriorityZone
from campaigns.schedule import is_frozen
from geo.models import Area
from projects.models import Project

from .methods import AreaBallot

logger = logging.getLogger(__name__)

MAX_AGE = 60.0  # seconds a snapshot is trusted without looking at the database
# Seconds a version read from the cache is trusted in this process (a cast asks several times:
# one round trip a second instead of several a request; a change reaches the other processes
# within that time, this one at once).
VERSION_CHECK = 1.0
_KEY = "voting:frozen:{pk}"


@dataclass
class Snapshot:
    version: str
    loaded_at: float  # time.monotonic()
    checked_at: float  # when the version was last compared with the cache's
    campaign: Campaign  # with its areas (without their outlines); its schedule is not consulted
    ballots: dict[int, AreaBallot]  # area id → the ballot's projects
    envelopes: dict[int, int]  # area id → the envelope's amount
    # What the API derives from the ballots once (e.g. a ballot's projects as served), by key.
    memo: dict[Any, Any] = field(default_factory=dict)

    def area(self, code: str) -> Area | None:
        return next((a for a in self.campaign.areas.all() if a.code == code), None)

    def remember(self, key: Any, compute: Any) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


_by_pk: dict[int, Snapshot] = {}
_pk_by_slug: dict[str, int] = {}


def _version(pk: int) -> str | None:
    """The campaign's current version in the shared cache (a new one when it has none); None
    when the cache cannot be reached: then nothing is cached."""
    key = _KEY.format(pk=pk)
    try:
        version = cache.get(key)
        if version is None:
            cache.add(key, uuid.uuid4().hex, timeout=None)
            version = cache.get(key)
    except Exception as exc:  # Redis out of reach (any client error): read the database
        logger.warning("Frozen ballots not cached (the cache cannot be reached): %s", exc)
        return None
    return version if isinstance(version, str) else None


def frozen_forget(campaign_id: int) -> None:
    """A campaign's ballots changed: every process reads them again (at its next request)."""
    _by_pk.pop(campaign_id, None)
    try:
        cache.set(_KEY.format(pk=campaign_id), uuid.uuid4().hex, timeout=None)
    except Exception as exc:  # the snapshot's age still bounds how long it is used
        logger.warning("A campaign's change not announced to other processes: %s", exc)


def _load(query: dict[str, Any], version: str, now: datetime) -> Snapshot | None:
    campaign = (
        Campaign.objects.prefetch_related(
            "phases", Prefetch("areas", queryset=Area.objects.defer("geometry"))
        )
        .filter(**query)
        .first()
    )
    if campaign is None or not is_frozen(campaign.phase_at(now)):
        return None
    names = {a.pk: a.name for a in campaign.areas.all()}
    rows = (
        Project.objects.filter(campaign=campaign)
        .order_by("title", "id")  # each ballot's projects in the order the ballot lists them
        .values_list("id", "title", "cost", "area_id")
    )
    projects = list(rows)
    ballots: dict[int, AreaBallot] = {}
    for area_id, name in names.items():
        here = {pid: (title, cost) for pid, title, cost, aid in projects if aid == area_id}
        elsewhere = {
            pid: names.get(aid, "") for pid, _title, _cost, aid in projects if aid != area_id
        }
        ballots[area_id] = AreaBallot(area_name=name, projects=here, elsewhere=elsewhere)
    envelopes = dict(
        Envelope.objects.filter(campaign=campaign).order_by().values_list("area_id", "amount")
    )
    return Snapshot(
        version=version,
        loaded_at=time.monotonic(),
        checked_at=time.monotonic(),
        campaign=campaign,
        ballots=ballots,
        envelopes=envelopes,
    )


def _fresh_enough(snapshot: Snapshot | None, version: str) -> bool:
    return (
        snapshot is not None
        and snapshot.version == version
        and time.monotonic() - snapshot.loaded_at < MAX_AGE
    )


def frozen_snapshot(*, campaign_id: int, now: datetime) -> Snapshot | None:
    """The campaign's frozen ballots, or None before voting opens (or without the cache)."""
    snapshot = _by_pk.get(campaign_id)
    clock = time.monotonic()
    if (
        snapshot is not None
        and clock - snapshot.checked_at < VERSION_CHECK
        and clock - snapshot.loaded_at < MAX_AGE
    ):
        return snapshot
    version = _version(campaign_id)
    if version is None:
        return None
    if _fresh_enough(snapshot, version):
        assert snapshot is not None
        snapshot.checked_at = clock
        return snapshot
    snapshot = _load({"pk": campaign_id}, version, now)
    _remember(campaign_id, snapshot)
    return snapshot


def frozen_snapshot_by_slug(*, slug: str, now: datetime) -> Snapshot | None:
    """The same, found by the campaign's slug (None for a slug no campaign has)."""
    pk = _pk_by_slug.get(slug)
    if pk is not None:
        snapshot = frozen_snapshot(campaign_id=pk, now=now)
        if snapshot is not None and snapshot.campaign.slug == slug:
            return snapshot
        _pk_by_slug.pop(slug, None)
    found = Campaign.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if found is None:
        return None
    snapshot = frozen_snapshot(campaign_id=found, now=now)
    if snapshot is not None:
        _pk_by_slug[slug] = found
    return snapshot


def _remember(pk: int, snapshot: Snapshot | None) -> None:
    if snapshot is None:
        _by_pk.pop(pk, None)
    else:
        _by_pk[pk] = snapshot


# --- what makes a snapshot old -------------------------------------------------------------------


def _changed(campaign_id: int | None) -> None:
    if campaign_id is not None:
        transaction.on_commit(lambda: frozen_forget(campaign_id))


def _on_save_or_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    _changed(instance.pk if sender is Campaign else getattr(instance, "campaign_id", None))


def _on_areas_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Campaign) and kwargs.get("action", "").startswith("post_"):
        _changed(instance.pk)


def frozen_signals_connect() -> None:
    for model in (Campaign, CampaignPhase, Envelope, Project, PriorityZone):
        uid = f"voting.frozen.{model.__name__}"
        post_save.connect(_on_save_or_delete, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_on_save_or_delete, sender=model, dispatch_uid=uid + ".delete")
    m2m_changed.connect(
        _on_areas_changed, sender=Campaign.areas.through, dispatch_uid="voting.frozen.areas"
    )
