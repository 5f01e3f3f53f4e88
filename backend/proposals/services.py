"""Writes for proposals: submit, edit, withdraw, and placing an address on the map."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.db import transaction

from accounts.models import User
from audit.services import audit_record, snapshot
from campaigns.models import Campaign, Theme
from campaigns.rules import can, check
from campaigns.schedule import Action
from core.errors import (
    AddressNotFound,
    ApplicationError,
    InvalidTransition,
    LimitReached,
    SubmissionsClosed,
)
from core.unset import UNSET
from geo.selectors import area_for, point_locate
from integrations.geocoder import GeocoderError, GeocoderUnavailable

from . import rules
from .models import Proposal

log = logging.getLogger(__name__)

# A geocoded address is trusted only above this score; below it the proposal waits for an official.
MIN_GEOCODE_SCORE = 0.5
_POSTCODE = re.compile(r"\b(\d{2})\s?(\d{3})\b")
_PARIS_POSTCODES = {f"750{n:02d}" for n in range(1, 21)} | {"75116"}


def _check_paris_address(address: str) -> None:
    """Refuse at once an address that names a postcode outside Paris."""
    for match in _POSTCODE.finditer(address):
        code = match.group(1) + match.group(2)
        if code not in _PARIS_POSTCODES:
            raise AddressNotFound(
                f"The postcode {code} is not in Paris: this address cannot be placed in Paris.",
                field="address",
            )


def _place(proposal: Proposal, point: Point) -> None:
    """Set the point and derive district, quartier and area from it (raises OutsideCity)."""
    placement = point_locate(point=point)
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
        if not can(author, Action.PROPOSE, campaign=campaign, now=now):
            raise SubmissionsClosed(
                f"The campaign « {campaign.name} » is not open for submissions."
            )
        # Lock the author's row so concurrent submissions cannot both pass the daily limit.
        User.objects.select_for_update().filter(pk=author.pk).first()
        limit = settings.PROPOSALS_PER_USER_PER_DAY
        recent = Proposal.objects.filter(author=author, created_at__gte=now - timedelta(days=1))
        if recent.count() >= limit:
            raise LimitReached(f"At most {limit} proposals per person in 24 hours.")
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
        _check_paris_address(address)
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
    if not rules.can_edit(user, proposal, now):
        _refuse(user, proposal, now, Action.EDIT_OWN)
    before = snapshot(proposal, TRACKED)
    for name, value in (
        ("title", title),
        ("description", description),
        ("theme", theme),
        ("scope", scope),
    ):
        if value is not UNSET:
            setattr(proposal, name, value)
    if address is not UNSET:
        proposal.address = address
    if location is not UNSET and location is not None:
        _place(proposal, location)
    elif location is None:  # the point is cleared: place the proposal from its address again
        if not proposal.address:
            raise AddressNotFound("Give a location (a point) or an address.", field="location")
        _check_paris_address(proposal.address)
        proposal.location = None
        proposal.district = proposal.quartier = proposal.area = None
        proposal.location_status = Proposal.LocationStatus.PENDING
        _enqueue_locate(proposal)
    elif scope is not UNSET and proposal.location is not None:
        _place(proposal, proposal.location)  # the area depends on the scope
    proposal.save()
    after = snapshot(proposal, TRACKED)
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        _audit(
            proposal,
            "proposal.edit",
            user,
            at=now,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return proposal


def _refuse(user: User, proposal: Proposal, now: datetime, action: Action) -> None:
    """Say why ``action`` is refused: not the author (403), the phase (409), or the status."""
    check(user, action, campaign=proposal.campaign, now=now, own=rules.is_author(user, proposal))
    raise InvalidTransition(
        f"This proposal is « {proposal.get_status_display()} »: it cannot be changed this way."
    )


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, user: User, now: datetime) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("campaign").get(pk=proposal.pk)
    if not rules.can_withdraw(user, proposal, now):
        _refuse(user, proposal, now, Action.WITHDRAW)
    before = proposal.status
    proposal.status = Proposal.Status.WITHDRAWN
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
    """Place a ``pending`` proposal from its address with the configured geocoder.

    Idempotent: a proposal that is not pending is left as it is. ``GeocoderUnavailable`` is
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
    from integrations.geocoder.factory import get_geocoder

    try:
        candidates = get_geocoder().search(proposal.address, limit=1)
    except GeocoderUnavailable:
        raise
    except GeocoderError as exc:
        return _locate_failed(proposal, f"Geocoder error: {exc}")
    if not candidates or candidates[0].score < MIN_GEOCODE_SCORE:
        return _locate_failed(proposal, "No address in Paris matches this text.")
    best = candidates[0]
    try:
        _place(proposal, Point(best.lon, best.lat, srid=4326))
    except ApplicationError as exc:  # e.g. OutsideCity: keep the proposal, say why
        return _locate_failed(proposal, f"{best.label}: {exc.message}")
    proposal.save()
    _audit(
        proposal,
        "proposal.locate",
        None,
        before={"location_status": Proposal.LocationStatus.PENDING},
        after={
            "location_status": proposal.location_status,
            "location": proposal.location,
            "area": proposal.area_id,
        },
        reason=f"geocoded: {best.label} (score {best.score:.2f})",
    )
    return proposal


def proposal_locate_failed(*, proposal_id: int, reason: str) -> None:
    """The last retry gave up: mark the proposal ``failed`` (still pending only)."""
    Proposal.objects.filter(pk=proposal_id, location_status=Proposal.LocationStatus.PENDING).update(
        location_status=Proposal.LocationStatus.FAILED, location_error=reason[:250]
    )


def _locate_failed(proposal: Proposal, reason: str) -> Proposal:
    proposal.location_status = Proposal.LocationStatus.FAILED
    proposal.location_error = reason[:250]
    proposal.save(update_fields=["location_status", "location_error", "updated_at"])
    _audit(
        proposal,
        "proposal.locate",
        None,
        before={"location_status": Proposal.LocationStatus.PENDING},
        after={"location_status": proposal.location_status},
        reason=reason,
    )
    log.info("proposal %s could not be placed: %s", proposal.pk, reason)
    return proposal
