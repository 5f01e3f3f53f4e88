"""Writes for proposals: submit, edit, withdraw, and placing an address on the map."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.contrib.gis.geos import Point
from django.db import transaction

from accounts.models import User
from addresses.errors import GeocodingUnavailable
from addresses.geocoding import address_check, address_place
from audit.services import audit_record, changes, snapshot
from campaigns.models import Campaign, Theme
from campaigns.rules import check_propose
from core.errors import (
    AddressNotFound,
    ApplicationError,
)
from core.unset import UNSET, assign
from geo.selectors import Placement, area_for, point_locate

from . import rules, transitions
from .models import Proposal

log = logging.getLogger(__name__)


def _place(proposal: Proposal, point: Point, placement: Placement | None = None) -> None:
    """Set the point and derive district, quartier and area from it (raises OutsideCity);
    ``placement``: the districts holding the point, when the geocoding service gave them."""
    placement = placement or point_locate(point=point)
    proposal.location = point
    proposal.district = placement.arrondissement
    proposal.quartier = placement.quartier
    proposal.area = area_for(
        arrondissement=placement.arrondissement,
        city_wide=proposal.scope == Proposal.Scope.CITY,
        areas=proposal.campaign.areas.all(),
    )
    proposal.location_status = Proposal.LocationStatus.PLACED
    proposal.location_error = ""


def _enqueue_locate(proposal: Proposal) -> None:
    from .tasks import proposal_locate_task

    transaction.on_commit(lambda: proposal_locate_task.delay(proposal.pk))


@transaction.atomic
def proposal_submit(
    *,
    author: User,
    campaign: Campaign,
    title: str,
    description: str,
    theme: Theme,
    location: Point | None = None,
    address: str = "",
    scope: str = Proposal.Scope.ARRONDISSEMENT,
    now: datetime,
    source_ref: str = "",
    enforce_rules: bool = True,
) -> Proposal:
    """Deposit a proposal. With a point it is placed at once (district, quartier and area derived
    from the point); with an address only it is stored ``pending`` and a task places it."""
    if enforce_rules:
        # Lock the author's row so concurrent submissions cannot both pass the daily limit.
        User.objects.select_for_update().filter(pk=author.pk).first()
        check_propose(author, campaign, now)
    if location is None and not address:
        raise AddressNotFound("Give a location (a point) or an address.", field="location")
    proposal = Proposal(
        campaign=campaign,
        author=author,
        title=title,
        description=description,
        theme=theme,
        scope=scope,
        address=address,
        source_ref=source_ref,
    )
    if location is not None:
        _place(proposal, location)
        proposal.save()
    else:
        address_check(address=address)
        proposal.location_status = Proposal.LocationStatus.PENDING
        proposal.save()
        _enqueue_locate(proposal)
    _audit(proposal, "proposal.submit", author, after=snapshot(proposal, TRACKED), at=now)
    return proposal


# What the audit log keeps of a proposal's own changes.
TRACKED = [
    "status",
    "title",
    "description",
    "theme",
    "scope",
    "address",
    "location",
    "location_status",
    "area",
]


def _audit(proposal: Proposal, action: str, actor: Any, **kwargs: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=proposal,
        campaign=proposal.campaign,
        area=proposal.area,
        **kwargs,
    )


@transaction.atomic
def proposal_update(
    *,
    proposal: Proposal,
    user: User,
    now: datetime,
    title: str = UNSET,
    description: str = UNSET,
    theme: Theme = UNSET,
    location: Point | None = UNSET,
    address: str = UNSET,
    scope: str = UNSET,
) -> Proposal:
    """The author edits their proposal while submissions are open."""
    proposal = Proposal.objects.select_for_update().select_related("campaign").get(pk=proposal.pk)
    rules.check_edit(user, proposal, now)
    before = snapshot(proposal, TRACKED)
    assign(proposal, title=title, description=description, theme=theme, scope=scope)
    if address is not UNSET:
        proposal.address = address
    if location is not UNSET and location is not None:
        _place(proposal, location)
    elif location is None:  # the point is cleared: place the proposal from its address again
        if not proposal.address:
            raise AddressNotFound("Give a location (a point) or an address.", field="location")
        address_check(address=proposal.address)
        proposal.location = None
        proposal.district = proposal.quartier = proposal.area = None
        proposal.location_status = Proposal.LocationStatus.PENDING
        _enqueue_locate(proposal)
    elif scope is not UNSET and proposal.location is not None:
        _place(proposal, proposal.location)  # the area depends on the scope
    proposal.save()
    old, new = changes(before, snapshot(proposal, TRACKED))
    if new:
        _audit(proposal, "proposal.edit", user, at=now, before=old, after=new)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user: User, now: datetime) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("campaign").get(pk=proposal.pk)
    rules.check_withdraw(user, proposal, now)
    before = proposal.status
    proposal.status = transitions.target(transitions.WITHDRAW)
    proposal.save(update_fields=["status", "updated_at"])
    _audit(
        proposal,
        "proposal.withdraw",
        user,
        at=now,
        before={"status": before},
        after={"status": proposal.status},
    )
    return proposal


@transaction.atomic
def proposal_locate(*, proposal_id: int) -> Proposal | None:
    """Place a ``pending`` proposal from its address with the geocoding service
    (``addresses.geocoding.address_place``: the one rule for accepting a result).

    Idempotent: a proposal that is not pending is left as it is. ``GeocodingUnavailable`` is
    raised for the task to retry; any other failure leaves the proposal ``failed`` with the
    reason, visible to officials, never lost."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("campaign")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or proposal.location_status != Proposal.LocationStatus.PENDING:
        return proposal
    try:
        reason = _geocode(proposal, query=proposal.address)
    except GeocodingUnavailable:
        raise
    except ApplicationError as exc:  # not found, outside Paris, geocoder failure: say why
        return _locate_failed(proposal, exc.message)
    proposal.save()
    _audit_locate(proposal, reason)
    return proposal


def _geocode(proposal: Proposal, *, query: str, within: Collection[str] = ()) -> str:
    """Place ``proposal`` (unsaved) where the geocoding service puts ``query``; the reason for the
    audit log. Raises the service's ``ApplicationError`` when it cannot."""
    place = address_place(address=query, within=within)
    _place(proposal, place.point, place.placement)
    return f"geocoded: {place.label} (score {place.score:.2f})"


def _audit_locate(proposal: Proposal, reason: str, *, at: datetime | None = None) -> None:
    after: dict[str, Any] = {"location_status": proposal.location_status}
    if proposal.location_status == Proposal.LocationStatus.PLACED:
        after.update(location=proposal.location, area=proposal.area_id)
    _audit(
        proposal,
        "proposal.locate",
        None,
        at=at,
        before={"location_status": Proposal.LocationStatus.PENDING},
        after=after,
        reason=reason,
    )


def proposal_locate_failed(*, proposal_id: int, reason: str) -> None:
    """The last retry gave up: mark the proposal ``failed`` (still pending only)."""
    Proposal.objects.filter(pk=proposal_id, location_status=Proposal.LocationStatus.PENDING).update(
        location_status=Proposal.LocationStatus.FAILED, location_error=reason[:250]
    )


def _locate_failed(proposal: Proposal, reason: str) -> Proposal:
    proposal.location_status = Proposal.LocationStatus.FAILED
    proposal.location_error = reason[:250]
    proposal.save(update_fields=["location_status", "location_error", "updated_at"])
    _audit_locate(proposal, reason)
    log.info("proposal %s could not be placed: %s", proposal.pk, reason)
    return proposal


@transaction.atomic
def proposal_import(
    *,
    campaign: Campaign,
    title: str,
    description: str,
    theme: Theme,
    scope: str,
    address: str,
    source_ref: str,
    now: datetime,
    geocode_query: str | None = None,
    within: Collection[str] = (),
) -> Proposal:
    """A proposal brought in from another system (the demo loader's past winning projects): no
    author, no phase or rate check. It is placed at once from ``geocode_query`` (None: the
    address; "": nothing to geocode) by the same geocoding service and rule as the placing task;
    ``within`` (INSEE codes) restricts it to the arrondissements the source names. What cannot be
    placed is stored ``failed`` with the reason, never dropped. Audited as ``proposal.import``
    then ``proposal.locate``, like a submission placed by the task."""
    proposal = Proposal(
        campaign=campaign,
        author=None,
        title=title,
        description=description,
        theme=theme,
        scope=scope,
        address=address,
        source_ref=source_ref,
        location_status=Proposal.LocationStatus.PENDING,
    )
    query = address if geocode_query is None else geocode_query
    try:
        reason = _geocode(proposal, query=query, within=within)
    except ApplicationError as exc:  # no retry for an import: unavailable is a failure too
        reason = exc.message
        proposal.location_status = Proposal.LocationStatus.FAILED
        proposal.location_error = reason[:250]
    proposal.save()
    _audit(proposal, "proposal.import", None, after=snapshot(proposal, TRACKED), at=now)
    _audit_locate(proposal, reason, at=now)
    return proposal
