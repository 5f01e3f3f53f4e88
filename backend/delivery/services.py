"""Writes for winning projects' delivery: records made from the published results, the
officials' edits (status, budget spent, services, address) and milestones with photos.

Every edit locks the delivery row, checks ``delivery.rules.check_edit`` (403 outside the
official's area, 409 outside the phases of « add_milestones »), then the values (400 naming the
field), writes one audit record, and once the transaction has committed sends
``core.events.delivery_changed`` (a status change or a milestone: what people follow)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime, timedelta
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction

from audit.services import audit_record, snapshot
from campaigns.models import Campaign
from core import events
from core.errors import ApplicationError
from core.text import clean_bounded
from core.unset import UNSET
from projects.models import Project
from results.models import Result
from results.rules import results_public

from . import rules
from .models import Delivery, Milestone, MilestoneKind, Photo, Status
from .photos import Rendition, photo_process
from .storage import photo_storage

log = logging.getLogger(__name__)

DELIVERY_FIELDS = [
    "status",
    "abandon_reason",
    "abandon_reason_en",
    "budget_spent",
    "services",
    "address",
]
MAX_BUDGET = 10**12
MAX_SERVICES = 10
SERVICE_MAX = 200
TEXT_MAX = 4000
REASON_MAX = 2000
ALT_MAX = 300
ADDRESS_MAX = 300
MAX_PHOTOS = 6
EARLIEST = Date(2000, 1, 1)
STATUS_WORDS = {s.value: s.label for s in Status}


# --- made from the results ------------------------------------------------------------------


def winning_project_ids(*, now: datetime) -> dict[int, int]:
    """{project id: campaign id} of every winner of a published result whose campaign's
    results are public at ``now`` (three queries, whatever the number of campaigns)."""
    rows = list(Result.objects.filter(published=True).values_list("campaign_id", "winners"))
    campaigns = Campaign.objects.filter(pk__in={c for c, _ in rows}).prefetch_related("phases")
    public = {c.pk for c in campaigns if results_public(c, now)}
    winners: dict[int, int] = {}
    for campaign_id, rows_winners in rows:
        if campaign_id in public:
            for winner in rows_winners or []:
                if isinstance(winner.get("project"), int):
                    winners[winner["project"]] = campaign_id
    return winners


def deliveries_sync(*, now: datetime) -> int:
    """Make the delivery record of every winning project that has none yet (status « à
    l'étude »), once its campaign's results are public. Idempotent and safe to run at the same
    time in two requests (one row per project, conflicts ignored): the public reads call it
    first, so the records exist from the first read after the results are published. The number
    of records made."""
    winners = winning_project_ids(now=now)
    if not winners:
        return 0
    have = set(
        Delivery.objects.filter(project_id__in=list(winners)).values_list("project_id", flat=True)
    )
    missing = [pk for pk in winners if pk not in have]
    if not missing:
        return 0
    projects = Project.objects.filter(pk__in=missing).only("pk", "campaign_id", "area_id")
    made = Delivery.objects.bulk_create(
        [Delivery(project=p, campaign_id=p.campaign_id, area_id=p.area_id) for p in projects],
        ignore_conflicts=True,
    )
    log.info("delivery: %d delivery records made from published results", len(made))
    return len(made)


# --- values ------------------------------------------------------------------------------


def _text(value: Any, field: str, *, required: bool, limit: int) -> str:
    text = clean_bounded(str(value or ""), field=field, high=limit, multiline=False)
    if required and not text:
        raise ApplicationError("This field is required.", code="required", field=field)
    return text


def _budget(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ApplicationError(
            "The budget spent must be a whole number of euros, 0 or more.", field="budget_spent"
        )
    if value > MAX_BUDGET:
        raise ApplicationError(
            f"The budget spent must be at most {MAX_BUDGET} euros.", field="budget_spent"
        )
    return value


def _services(values: Any) -> list[str]:
    if not isinstance(values, list | tuple):
        raise ApplicationError("A list of the services in charge.", field="services")
    out: list[str] = []
    for value in values:
        name = _text(value, "services", required=False, limit=SERVICE_MAX)
        if name and name not in out:
            out.append(name)
    if len(out) > MAX_SERVICES:
        raise ApplicationError(
            f"At most {MAX_SERVICES} services.", code="too_many", field="services"
        )
    return out


def _lock(delivery: Delivery) -> Delivery:
    return (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("campaign", "area", "project")
        .prefetch_related("campaign__phases")
        .get(pk=delivery.pk)
    )


def _fresh(delivery: Delivery) -> Delivery:
    return (
        Delivery.objects.select_related("campaign")
        .prefetch_related("campaign__phases")
        .get(pk=delivery.pk)
    )


def _after_commit(delivery: Delivery, kind: str, text: str, actor: Any) -> None:
    project = delivery.project
    transaction.on_commit(
        lambda: events.delivery_changed.send(
            sender=Delivery, project=project, kind=kind, text=text, actor=actor
        )
    )


# --- the officials' edits -------------------------------------------------------------------


@transaction.atomic
def delivery_update(
    *,
    delivery: Delivery,
    actor: Any,
    now: datetime,
    status: str = UNSET,
    abandon_reason: str = UNSET,
    abandon_reason_en: str = UNSET,
    budget_spent: int = UNSET,
    services: list[str] = UNSET,
    address: str = UNSET,
) -> Delivery:
    """Change what is said about a winning project's delivery. « abandonné » needs a public
    reason (400 ``abandon_reason``); leaving it clears the reason. Audited as
    ``delivery.update`` with the values before and after."""
    delivery = _lock(delivery)
    rules.check_edit(actor, delivery, now)
    before = snapshot(delivery, DELIVERY_FIELDS)
    if status is not UNSET:
        if status not in Status.values:
            raise ApplicationError(
                f"Choose one of: {', '.join(Status.values)}.", code="invalid_choice", field="status"
            )
        delivery.status = status
    if abandon_reason is not UNSET:
        delivery.abandon_reason = _text(
            abandon_reason, "abandon_reason", required=False, limit=REASON_MAX
        )
    if abandon_reason_en is not UNSET:
        delivery.abandon_reason_en = _text(
            abandon_reason_en, "abandon_reason_en", required=False, limit=REASON_MAX
        )
    if delivery.status == Status.ABANDONED:
        if not delivery.abandon_reason:
            raise ApplicationError(
                "Say publicly why the project is abandoned.",
                code="required",
                field="abandon_reason",
            )
    else:
        delivery.abandon_reason = delivery.abandon_reason_en = ""
    if budget_spent is not UNSET:
        delivery.budget_spent = _budget(budget_spent)
    if services is not UNSET:
        delivery.services = _services(services)
    if address is not UNSET:
        delivery.address = _text(address, "address", required=False, limit=ADDRESS_MAX)
    after = snapshot(delivery, DELIVERY_FIELDS)
    if after == before:
        return delivery
    delivery.save()
    audit_record(
        actor=actor,
        action="delivery.update",
        obj=delivery,
        before=before,
        after=after,
        reason=delivery.abandon_reason,
        campaign=delivery.campaign,
        area=delivery.area,
        at=now,
    )
    if after["status"] != before["status"]:
        words = f"Nouveau statut : {STATUS_WORDS[delivery.status]}"
        if delivery.status == Status.ABANDONED:
            words += f" ({delivery.abandon_reason})"
        _after_commit(delivery, "status", words, actor)
    return delivery


@dataclass(frozen=True)
class PhotoInput:
    file: bytes | IO[bytes]
    alt: str
    alt_en: str = ""


@dataclass(frozen=True)
class _Processed:
    renditions: list[Rendition]
    alt: str
    alt_en: str


def _processed_photos(photos: Sequence[PhotoInput]) -> list[_Processed]:
    """Checked and re-encoded, before any lock is taken (decoding is the slow part)."""
    if len(photos) > MAX_PHOTOS:
        raise ApplicationError(
            f"At most {MAX_PHOTOS} photos per milestone.", code="too_many", field="photos"
        )
    out = []
    for index, photo in enumerate(photos):
        field = "photos" if len(photos) == 1 else f"photos.{index}"
        alt = _text(photo.alt, f"alts.{index}", required=True, limit=ALT_MAX)
        alt_en = _text(photo.alt_en, f"alts_en.{index}", required=False, limit=ALT_MAX)
        out.append(_Processed(photo_process(photo.file, field=field), alt, alt_en))
    return out


def _store(delivery: Delivery, rendition: Rendition, key: str, width: str) -> str:
    name = f"deliveries/{delivery.project_id}/{key}-{width}.{rendition.extension}"
    return photo_storage().save(name, ContentFile(rendition.data))


def _delete_quietly(names: list[str]) -> None:
    storage = photo_storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # the photo stays orphaned in the storage; nothing refers to it
            log.warning("delivery: could not delete the orphaned photo %s", name)


def milestone_add(
    *,
    delivery: Delivery,
    actor: Any,
    now: datetime,
    date: Date,
    text: str,
    text_en: str = "",
    kind: str = MilestoneKind.NEWS,
    photos: Sequence[PhotoInput] = (),
) -> Milestone:
    """Add a dated milestone (French text, optional English) with its photos, each re-encoded
    at two widths into the photo storage. Audited as ``delivery.milestone_add``.

    The rule is checked before any photo is decoded (nobody else makes the server work), the
    photos are decoded and re-encoded before the delivery's row is locked (the slow part holds
    no lock), and the rule is checked again under the lock."""
    rules.check_edit(actor, _fresh(delivery), now)
    if kind not in MilestoneKind.values:
        raise ApplicationError(
            f"Choose one of: {', '.join(MilestoneKind.values)}.",
            code="invalid_choice",
            field="kind",
        )
    if not isinstance(date, Date) or isinstance(date, datetime) or date < EARLIEST:
        raise ApplicationError(f"A date from {EARLIEST.isoformat()} on.", field="date")
    if date > now.date() + timedelta(days=5 * 366):
        raise ApplicationError("A date at most five years ahead.", field="date")
    text = _text(text, "text", required=True, limit=TEXT_MAX)
    text_en = _text(text_en, "text_en", required=False, limit=TEXT_MAX)
    processed = _processed_photos(photos)
    with transaction.atomic():
        return _milestone_store(delivery, actor, now, date, kind, text, text_en, processed)


def _milestone_store(
    delivery: Delivery,
    actor: Any,
    now: datetime,
    date: Date,
    kind: str,
    text: str,
    text_en: str,
    processed: list[_Processed],
) -> Milestone:
    delivery = _lock(delivery)
    rules.check_edit(actor, delivery, now)
    milestone = Milestone.objects.create(
        delivery=delivery,
        date=date,
        kind=kind,
        text=text,
        text_en=text_en,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored: list[str] = []
    try:
        for position, photo in enumerate(processed):
            key = uuid.uuid4().hex[:16]
            small, large = photo.renditions
            names = [_store(delivery, small, key, "s"), _store(delivery, large, key, "l")]
            stored += names
            Photo.objects.create(
                milestone=milestone,
                small=names[0],
                large=names[1],
                small_width=small.width,
                small_height=small.height,
                large_width=large.width,
                large_height=large.height,
                alt=photo.alt,
                alt_en=photo.alt_en,
                position=position,
            )
    except BaseException:
        _delete_quietly(stored)
        raise
    delivery.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="delivery.milestone_add",
        obj=delivery,
        after={
            "milestone": milestone.pk,
            "date": date.isoformat(),
            "kind": kind,
            "text": text,
            "photos": stored,
        },
        campaign=delivery.campaign,
        area=delivery.area,
        at=now,
    )
    _after_commit(delivery, "milestone", f"{date:%d/%m/%Y} : {text[:200]}", actor)
    return milestone
