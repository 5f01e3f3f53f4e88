"""Writes for voting: the campaign's voting settings, envelopes and priority zones
(administrators), the priority flag of a project (officials), voters' declarations and their
review, casting and replacing ballots.

Casting writes the participation (who voted where) and the anonymous ballot (what was chosen)
in one transaction; the participation's unique constraint (person, campaign, area) is what makes
a second ballot impossible: nothing counts first and inserts after."""

from __future__ import annotations

import hmac
import json
import logging
import random
import time
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon, Point
from django.db import IntegrityError, connection, transaction
from django.db.models import Model, Q
from django.utils import timezone

from accounts import roles
from accounts.models import User
from audit.services import audit_record
from campaigns.models import Campaign, CampaignPhase, Envelope, PriorityZone
from campaigns.rules import check, role_allows
from campaigns.schedule import Action, Phase, Slot, VotingStage
from campaigns.services import ensure_not_frozen
from core.copying import (
    copy_rows,
    insert_statement,
    inserted,
    row_columns,
    row_instance,
    row_width,
)
from core.errors import (
    ApplicationError,
    InvalidTransition,
    NotAllowed,
    OutsideCity,
    PhaseClosed,
)
from core.text import clean_text
from geo.models import Area, CityBoundary, District
from projects.models import Project

from . import methods, paper, roll
from .errors import (
    AlreadyVoted,
    AlreadyVotedOnPaper,
    DeclarationMissing,
    NotAuthenticated,
    PaperFileInvalid,
    ReceiptInvalid,
    VotedElsewhere,
    VoteRefused,
    VotingClosed,
)
from .models import (
    Ballot,
    DiscardedReceipt,
    Participation,
    SealedBallot,
    VoterDeclaration,
    VoterRollEntry,
)
from .receipts import (
    BoxKeyMismatch,
    box_open,
    box_seal,
    receipt_hash,
    receipt_new,
    receipt_normalize,
    seal,
)
from .rules import ONLINE, PAPER, VoterState, check_vote, check_vote_open
from .selectors import area_ballot, method_for, participations_on_hold, voter_state

D = VoterDeclaration.Status
MAX_ZONES = 500
BOX_BATCH = 5000  # ballots read, decrypted and written at a time when the box is opened
ZONE_TOLERANCE_M = 100  # priority zones may overhang the city's outline by this much
MAX_AMOUNT = 10**12
VOTING_SETTINGS = ("minimum_age", "approval_max", "cumulative_points", "knapsack_min_share")

logger = logging.getLogger(__name__)
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class CastResult:
    ballot: Ballot
    receipt: str  # shown once to the voter, never stored


# --- helpers --------------------------------------------------------------------------------


def _require_admin(actor: Any) -> None:
    if not roles.is_administrator(actor):
        raise NotAllowed("Only administrators configure a campaign's vote.")


def _fresh(campaign: Campaign, *, lock: bool = False) -> Campaign:
    """The campaign read again; with ``lock``, its row locked ``FOR NO KEY UPDATE``: the count
    and the services that change the campaign wait for each other and for the casts (which
    share-lock it: ``_count_not_started``), but not for a row that merely refers to the campaign
    (a foreign key's check takes a key-share lock), which may then be written while the count
    runs for minutes."""
    qs = Campaign.objects.prefetch_related("phases", "areas")
    if lock:
        qs = qs.select_for_update(of=("self",), no_key=True)
    return qs.get(pk=campaign.pk)


def _before_results(campaign: Campaign, now: datetime, what: str) -> None:
    """Refuse ``what`` once voting has closed (campaigns.schedule.voting_stage)."""
    if campaign.voting_stage(now) in (VotingStage.CHECKING, VotingStage.PUBLISHED):
        raise PhaseClosed(f"{what} is no longer possible: voting has closed.")


def _audit(actor: Any, action: str, obj: Any, campaign: Campaign, now: datetime, **kw: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, campaign=campaign, at=now, **kw)


# --- campaign settings (administrators) --------------------------------------------------------


@transaction.atomic
def campaign_voting_settings_update(
    *, campaign: Campaign, actor: Any, now: datetime, reason: str = "", **changes: Any
) -> Campaign:
    """Change the minimum age and the voting method's parameters (frozen once voting opens,
    like the voting rule)."""
    _require_admin(actor)
    unknown = set(changes) - set(VOTING_SETTINGS)
    if unknown:
        raise ApplicationError(f"Cannot change {', '.join(sorted(unknown))}.")
    campaign = _fresh(campaign, lock=True)
    changed = {k: v for k, v in changes.items() if getattr(campaign, k) != v}
    if not changed:
        return campaign
    ensure_not_frozen(campaign, now)
    checks = {
        "minimum_age": lambda v: 0 <= v <= 120,
        "approval_max": lambda v: v is None or 1 <= v <= 1000,
        "cumulative_points": lambda v: 1 <= v <= 10000,
        "knapsack_min_share": lambda v: 0 <= v <= 100,
    }
    errors = {k: ["Out of range."] for k, v in changed.items() if not checks[k](v)}
    if errors:
        raise ApplicationError("Invalid voting settings.", errors=errors)
    before = {k: getattr(campaign, k) for k in changed}
    for key, value in changed.items():
        setattr(campaign, key, value)
    campaign.save(update_fields=list(changed))
    _audit(
        actor,
        "campaign.voting_settings",
        campaign,
        campaign,
        now,
        before=before,
        after=changed,
        reason=reason,
    )
    return campaign


@transaction.atomic
def envelope_set(
    *,
    campaign: Campaign,
    area: Area,
    actor: Any,
    amount: int,
    reserved_amount: int = 0,
    now: datetime,
    reason: str = "",
) -> Envelope:
    """Set the envelope of one of the campaign's areas, and the part reserved for projects in
    priority neighbourhoods (frozen once voting opens)."""
    _require_admin(actor)
    campaign = _fresh(campaign, lock=True)
    ensure_not_frozen(campaign, now)
    if area.pk not in {a.pk for a in campaign.areas.all()}:
        raise ApplicationError(f"{area.name} is not an area of this campaign.", field="area")
    if not 0 < amount <= MAX_AMOUNT:
        raise ApplicationError("The envelope is a positive amount of euros.", field="amount")
    if not 0 <= reserved_amount <= amount:
        raise ApplicationError(
            f"The reserved share is from 0 to the envelope ({methods.euros(amount)}).",
            field="reserved_amount",
        )
    from campaigns.counting import reserved_share_refusal

    refusal = reserved_share_refusal(campaign.voting_rule, campaign.tally_rule)
    if reserved_amount and refusal:
        raise ApplicationError(refusal, field="reserved_amount")
    envelope = Envelope.objects.select_for_update().filter(campaign=campaign, area=area).first()
    before = (
        {"amount": envelope.amount, "reserved_amount": envelope.reserved_amount} if envelope else {}
    )
    envelope, _ = Envelope.objects.update_or_create(
        campaign=campaign,
        area=area,
        defaults={"amount": amount, "reserved_amount": reserved_amount},
    )
    _audit(
        actor,
        "envelope.set",
        envelope,
        campaign,
        now,
        area=area,
        before=before,
        after={"amount": amount, "reserved_amount": reserved_amount},
        reason=reason,
    )
    return envelope


def _zone_geometry(index: int, geometry: Any) -> MultiPolygon:
    field = f"features.{index}.geometry"
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise ApplicationError(
            f"Feature {index}: a priority zone is a Polygon or a MultiPolygon, not {kind}.",
            field=field,
        )
    try:
        geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    except (GEOSException, ValueError, TypeError) as exc:
        raise ApplicationError(
            f"Feature {index}: unreadable geometry ({exc}).", field=field
        ) from exc
    if geom.empty:
        raise ApplicationError(f"Feature {index}: the geometry is empty.", field=field)
    if not geom.valid:
        raise ApplicationError(
            f"Feature {index}: invalid geometry ({geom.valid_reason}).", field=field
        )
    xmin, ymin, xmax, ymax = geom.extent
    if not (-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
        raise ApplicationError(
            f"Feature {index}: coordinates are longitude, latitude in degrees (WGS 84).",
            field=field,
        )
    return geom if isinstance(geom, MultiPolygon) else MultiPolygon(geom, srid=4326)


def _zones_from_geojson(data: Any) -> list[tuple[str, MultiPolygon]]:
    if not isinstance(data, dict):
        raise ApplicationError("Send a GeoJSON object.", field="type")
    if data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise ApplicationError("A FeatureCollection has a list of features.", field="features")
    elif data.get("type") == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "geometry": data, "properties": {}}]
    if len(features) > MAX_ZONES:
        raise ApplicationError(f"At most {MAX_ZONES} zones.", code="too_many", field="features")
    zones = []
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ApplicationError(f"Feature {i} is not a GeoJSON Feature.", field=f"features.{i}")
        props = feature.get("properties") or {}
        name = props.get("name") or props.get("nom") if isinstance(props, dict) else ""
        zones.append((str(name or "")[:150], _zone_geometry(i, feature.get("geometry"))))
    city = CityBoundary.objects.first()
    if city is None:
        raise ApplicationError("The city's outline is not loaded.")
    outline = city.geometry.transform(2154, clone=True).buffer(ZONE_TOLERANCE_M)
    for i, (_, geom) in enumerate(zones):
        if not outline.covers(geom.transform(2154, clone=True)):
            raise OutsideCity(
                f"Feature {i} is not in Paris: a priority zone lies inside the city.",
                field=f"features.{i}.geometry",
            )
    return zones


@transaction.atomic
def priority_zones_replace(
    *, campaign: Campaign, actor: Any, geojson: Any, now: datetime, reason: str = ""
) -> list[PriorityZone]:
    """Replace the campaign's priority zones with the polygons of a GeoJSON object (a
    FeatureCollection, a Feature or a geometry); all or nothing, frozen once voting opens."""
    _require_admin(actor)
    campaign = _fresh(campaign, lock=True)
    ensure_not_frozen(campaign, now)
    zones = _zones_from_geojson(geojson)
    before = campaign.priority_zones.count()
    campaign.priority_zones.all().delete()
    created = PriorityZone.objects.bulk_create(
        PriorityZone(campaign=campaign, name=name, geometry=geom) for name, geom in zones
    )
    _audit(
        actor,
        "campaign.priority_zones",
        campaign,
        campaign,
        now,
        before={"zones": before},
        after={"zones": len(created)},
        reason=reason,
    )
    return created


@transaction.atomic
def project_priority_set(
    *, project: Project, actor: Any, priority: bool, now: datetime, reason: str = ""
) -> Project:
    """Officials of the project's area flag it as in a priority neighbourhood (or not), until
    voting opens."""
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("campaign", "area")
        .prefetch_related("campaign__phases")
        .get(pk=project.pk)
    )
    if not role_allows(actor, Action.REVIEW, area_id=project.area_id):
        raise NotAllowed("Only the officials of the project's area flag its neighbourhood.")
    ensure_not_frozen(project.campaign, now)
    if project.priority_flagged != priority:
        before = project.priority_flagged
        project.priority_flagged = priority
        project.save(update_fields=["priority_flagged", "updated_at"])
        _audit(
            actor,
            "project.priority",
            project,
            project.campaign,
            now,
            area=project.area,
            before={"priority_flagged": before},
            after={"priority_flagged": priority},
            reason=reason,
        )
    return project


# --- declarations ------------------------------------------------------------------------------


def _home_locate(address: str) -> tuple[str, Point, District]:
    """The home address placed by the application's geocoding service: its label, point and
    arrondissement. ``AddressNotFound`` / ``OutsideCity`` (400, field ``address``) when it
    cannot be placed in Paris."""
    from addresses.geocoding import address_check, address_place

    address_check(address=address)
    place = address_place(address=address)
    return place.label, place.point, place.arrondissement


@transaction.atomic
def declaration_submit(
    *,
    user: Any,
    campaign: Campaign,
    birth_date: date,
    address: str,
    heart_area_code: str | None = None,
    full_name: str = "",
    now: datetime,
) -> VoterDeclaration:
    """Declare (or correct, until one has voted) one's full name, birth date and home address
    for a campaign, and the arrondissement de cœur: by default the area of the home address. A
    corrected declaration is checked again. The declaration puts the person in the voter roll
    (voting.roll): linked to the entry of a paper ballot entered under their name and birth
    date, whose arrondissement is then theirs; or, when another account holds that identity,
    an entry of their own and an identity conflict for the officials."""
    if not roles.is_authenticated(user):
        raise NotAuthenticated("Sign in to declare yourself as a voter.")
    campaign = _fresh(campaign)
    _before_results(campaign, now, "Declaring oneself as a voter")
    full_name, address = clean_text(full_name), clean_text(address)
    if not paper.name_key(full_name):
        raise ApplicationError(
            "Enter your full name, as on your identity papers.", code="required", field="full_name"
        )
    today = timezone.localdate(now)
    if birth_date >= today or birth_date < date(today.year - 130, 1, 1):
        raise ApplicationError("Enter your real birth date.", field="birth_date")
    existing = (
        VoterDeclaration.objects.select_for_update(of=("self",))
        .filter(person=user, campaign=campaign)
        .order_by()
        .first()
    )
    if existing is not None and existing.status == D.REFUSED:
        raise InvalidTransition(
            f"Your declaration was refused: {existing.review_reason} Your town hall can review it "
            "again."
        )
    if (
        existing is not None
        and Participation.objects.filter(
            Q(person=user) | Q(voter__user=user), campaign=campaign
        ).exists()
    ):
        raise InvalidTransition("You have voted: your declaration can no longer change.")
    label, point, district = _home_locate(address)
    local_areas = [a for a in campaign.areas.all() if a.kind == Area.Kind.ARRONDISSEMENTS]
    if heart_area_code:
        heart = next((a for a in local_areas if a.code == heart_area_code), None)
        if heart is None:
            raise ApplicationError(
                f"« {heart_area_code} » is not an arrondissement of this campaign.",
                field="heart_area",
            )
    else:
        heart = next((a for a in local_areas if a.districts.filter(pk=district.pk).exists()), None)
    entry = roll.roll_entry_correct(
        user=user,
        campaign=campaign,
        identity=roll.Identity(full_name=full_name, birth_date=birth_date, address=address),
        heart_area_id=heart.pk if heart is not None else None,
        now=now,
    )
    voted_in = roll.arrondissement_voted(entry)
    if voted_in is not None and heart != voted_in:
        if heart_area_code:
            raise VotedElsewhere(
                f"A ballot was already cast under your name and birth date in {voted_in.name}: "
                "it is your arrondissement de cœur.",
                field="heart_area",
            )
        heart = voted_in  # the default follows the ballot already cast
    values = {
        "birth_date": birth_date,
        "address": address,
        "address_label": label,
        "home_point": point,
        "home_district": district,
        "heart_area": heart,
        "full_name": full_name,
    }
    if existing is None:
        try:
            with transaction.atomic():
                declaration = VoterDeclaration.objects.create(
                    person=user, campaign=campaign, **values
                )
        except IntegrityError as exc:  # a second submission at the same instant
            raise InvalidTransition("Your declaration was just recorded: reload it.") from exc
    else:
        declaration = existing
        for key, value in values.items():
            setattr(declaration, key, value)
        declaration.status = D.PENDING
        declaration.reviewed_by, declaration.reviewed_at, declaration.review_reason = None, None, ""
        declaration.save()
    return declaration


# --- the voter roll ------------------------------------------------------------------------------


def _roll_entry_for_account(
    *, user: Any, campaign: Campaign, declaration: VoterDeclaration, now: datetime | None = None
) -> VoterRollEntry:
    """The account's entry in the campaign's voter roll, locked (voting.roll): its own, or the
    entry of its name and birth date entered on paper (now linked to it), or a new one."""
    return roll.roll_entry_for_account(
        user=user,
        campaign=campaign,
        identity=roll.Identity(
            full_name=declaration.full_name,
            birth_date=declaration.birth_date,
            address=declaration.address,
        ),
        heart_area_id=declaration.heart_area_id,
        now=now or timezone.now(),
    )


@transaction.atomic
def declaration_review(
    *, declaration: VoterDeclaration, actor: Any, decision: str, reason: str = "", now: datetime
) -> VoterDeclaration:
    """Officials of the voter's arrondissement de cœur (administrators: all) mark a declaration
    checked or refused, with the reason the voter is told.

    Until counting starts, a refused voter's ballot is left out of the count when the ballot box
    is opened (nothing about any ballot changes now, so nothing can be watched). Once counting
    has started the counted set is final: a later refusal is recorded, audited and reported with
    the results as a late refusal, never subtracted from the count."""
    declaration = (
        VoterDeclaration.objects.select_for_update(of=("self",))
        .select_related("campaign", "heart_area")
        .get(pk=declaration.pk)
    )
    if not roles.is_official(actor) or not roles.handles_area(actor, declaration.heart_area_id):
        raise NotAllowed(
            "Only the officials of the voter's arrondissement review this declaration."
        )
    # The campaign's row lock orders reviews and the opening of the ballot box.
    campaign = _fresh(declaration.campaign, lock=True)
    if decision not in (D.CHECKED, D.REFUSED):
        raise ApplicationError(
            "The decision is « checked » or « refused ».", code="invalid_choice", field="decision"
        )
    reason = clean_text(reason or "")
    if decision == D.REFUSED and not reason:
        raise ApplicationError("Say why: the voter is told.", code="required", field="reason")
    late = campaign.count_started_at is not None
    before = {"status": declaration.status, "reason": declaration.review_reason}
    declaration.status = decision
    declaration.review_reason = reason
    declaration.reviewed_by = actor
    declaration.reviewed_at = now
    declaration.save()
    _audit(
        actor,
        f"declaration.{decision}",
        declaration,
        campaign,
        now,
        area=declaration.heart_area,
        before=before,
        after={"status": decision, "reason": reason, "after_count_started": late},
        reason=reason,
    )
    return declaration


# --- ballots -----------------------------------------------------------------------------------


def _lock_declaration(voter: Any, campaign: Campaign) -> None:
    """Share-lock the voter's declaration: casts by the same voter still race each other (the
    unique constraint decides), but a review that refuses the declaration waits for them, and
    they wait for it."""
    if voter is None or voter.pk is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {VoterDeclaration._meta.db_table} "  # noqa: S608 (a model's table)
            "WHERE person_id = %s AND campaign_id = %s FOR SHARE",
            [voter.pk, campaign.pk],
        )


def _choices(
    campaign: Campaign, area: Area, now: datetime | None = None, **given: Any
) -> dict[str, Any]:
    return methods.validate(
        method_for(campaign=campaign, area=area, now=now),
        area_ballot(campaign=campaign, area=area, now=now),
        **given,
    )


def _row(model: type[M], where: str, *params: Any) -> M | None:
    """The first row of ``model``'s table ``WHERE where`` (SQL, with its ordering and lock), as
    an instance, or None: the voter's reads on vote day's hot path, without the ORM's query
    building (``core.copying.row_instance``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {row_columns(model)} FROM {model._meta.db_table} "  # noqa: S608 (a model's)
            f"WHERE {where}",
            list(params),
        )
        found = cursor.fetchone()
    return None if found is None else row_instance(model, found)


def _fresh_for_vote(campaign: Campaign) -> Campaign:
    """The campaign's row and schedule read again (in the cast's transaction: whether voting is
    open is never taken from a copy), in one query; its areas, frozen from voting on, kept from
    ``campaign`` when it has them."""
    phases = CampaignPhase._meta.db_table
    schedule = ", ".join(
        f"ARRAY(SELECT p.{column} FROM {phases} p "  # noqa: S608 (a model's table and columns)
        "WHERE p.campaign_id = c.id ORDER BY p.start, p.id)"
        for column in ("phase", "start", '"end"')
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {row_columns(Campaign, 'c')}, {schedule} "  # noqa: S608 (a model's table)
            f"FROM {Campaign._meta.db_table} c WHERE c.id = %s",
            [campaign.pk],
        )
        found = cursor.fetchone()
    if found is None:
        raise Campaign.DoesNotExist()
    width = row_width(Campaign)
    fresh = row_instance(Campaign, found[:width])
    fresh._schedule = [  # type: ignore[attr-defined]  # Campaign.schedule()'s own cache
        Slot(phase=Phase(name), start=start, end=end)
        for name, start, end in zip(*found[width:], strict=True)
    ]
    areas = getattr(campaign, "_prefetched_objects_cache", {}).get("areas")
    if areas is None:
        areas = Area.objects.filter(campaigns=campaign).defer("geometry")
        list(areas)  # evaluated: the prefetch cache holds rows
    fresh._prefetched_objects_cache = {"areas": areas}  # type: ignore[attr-defined]
    return fresh


def _voter_locked(
    voter: Any, campaign: Campaign, *, participations: bool = True
) -> tuple[VoterState, VoterRollEntry | None]:
    """The voter's declaration (share-locked, as ``_lock_declaration``), then their own roll
    entry (locked), in one statement; then where they voted, in a statement of its own after the
    lock (its own snapshot sees a rival ballot committed while this one waited). Without a
    declaration, or an entry of their own (declared before the roll linked declarations), what
    ``voter_state`` says, and no entry yet. ``participations=False``: where they voted is left
    unread when they have an entry (a cast reads it only if its write finds the place taken:
    ``_voted_where``). Written in SQL: this is the hot path of vote day (docs/scaling.md, "Vote
    day")."""
    # The declaration is locked first, as before a review: the entry's subquery reads the
    # declaration's row (LATERAL), so it runs after that row is locked, for it. The entry alone
    # (no join, no ordering but its id): locking the campaign's or area's rows too would make
    # every cast wait for the one before it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {row_columns(VoterDeclaration, 'd')}, {row_columns(VoterRollEntry, 'e')} "  # noqa: S608
            f"FROM (SELECT * FROM {VoterDeclaration._meta.db_table} "
            "WHERE person_id = %s AND campaign_id = %s FOR SHARE) d "
            f"LEFT JOIN LATERAL (SELECT * FROM {VoterRollEntry._meta.db_table} "
            "WHERE campaign_id = d.campaign_id AND user_id = d.person_id "
            "ORDER BY id LIMIT 1 FOR UPDATE) e ON true",
            [voter.pk, campaign.pk],
        )
        found = cursor.fetchone()
    width = row_width(VoterDeclaration)
    if found is None or found[width] is None:  # no declaration, or no entry of their own
        return voter_state(user=voter, campaign=campaign), None
    declaration = row_instance(VoterDeclaration, found[:width])
    entry = row_instance(VoterRollEntry, found[width:])
    channels = _voted_where(voter, campaign, entry) if participations else {}
    return VoterState(declaration=declaration, channels=channels), entry


def _voted_where(voter: Any, campaign: Campaign, entry: VoterRollEntry) -> dict[int, str]:
    """Area id → channel of the voter's participations (by account or roll entry)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT area_id, channel FROM {Participation._meta.db_table} "  # noqa: S608
            "WHERE campaign_id = %s AND (person_id = %s OR voter_id = %s)",
            [campaign.pk, voter.pk, entry.pk],
        )
        return dict(cursor.fetchall())


@transaction.atomic
def ballot_cast(
    *,
    voter: Any,
    campaign: Campaign,
    area: Area,
    now: datetime,
    projects: list[Any] | None = None,
    grades: dict[str, Any] | None = None,
    points: dict[str, Any] | None = None,
    channel: str = ONLINE,
    actor: Any = None,
) -> CastResult:
    """Cast ``voter``'s ballot in ``area``'s ballot: online by the voter, or on paper entered by
    an official of the area (``actor``). Returns the ballot and its receipt code (shown once).

    Nothing about the voter is read or locked before the ballot is known to be open and valid:
    a refused ballot costs a few lookups in memory (voting.frozen), not the voter's locks."""
    campaign = _fresh_for_vote(campaign)
    if channel == PAPER:
        check(actor, Action.ENTER_PAPER_BALLOTS, campaign=campaign, now=now, area_id=area.pk)
    check_vote_open(voter, campaign=campaign, area=area, now=now, channel=channel)
    content = _choices(campaign, area, now, projects=projects, grades=grades, points=points)
    if voter is None or voter.pk is None:
        state, entry = voter_state(user=voter, campaign=campaign), None
    else:
        # Online with a roll entry of their own, where they voted is read only if the write
        # finds the place taken (below): one round trip less for every ballot cast.
        state, entry = _voter_locked(voter, campaign, participations=channel != ONLINE)
    check_vote(voter, campaign=campaign, area=area, now=now, state=state, channel=channel)
    assert state.declaration is not None  # check_vote refuses a voter without one
    locked = entry is not None and channel == ONLINE
    if entry is None:
        entry = _roll_entry_for_account(
            user=voter, campaign=campaign, declaration=state.declaration
        )
    result = _ballot_write(
        locked=locked,
        entry=entry,
        person=voter,
        campaign=campaign,
        area=area,
        content=content,
        channel=channel,
        actor=actor,
        now=now,
    )
    if result is None:  # a participation of this kind was there: say which, as check_vote does
        assert locked and entry is not None
        state = replace(state, channels=_voted_where(voter, campaign, entry))
        check_vote(voter, campaign=campaign, area=area, now=now, state=state, channel=channel)
        raise AlreadyVoted()
    return result


def _ballot_write(
    *,
    entry: VoterRollEntry,
    person: Any,
    campaign: Campaign,
    area: Area,
    content: dict[str, Any],
    channel: str,
    actor: Any,
    now: datetime,
    locked: bool = False,
) -> CastResult | None:
    """Write the participation, then the anonymous ballot; a paper one is audited (who entered
    it, for whom; never what it says). ``locked``: the voter's roll entry is locked, so no other
    ballot of theirs can be written meanwhile; the write does nothing when they already have a
    participation of the kind (unique constraints, ``ON CONFLICT DO NOTHING``) and this returns
    None for the caller to explain, without a savepoint (two round trips). Otherwise a
    conflict is explained here."""
    code, day = receipt_new(), timezone.localdate(now)
    sealed_hash = receipt_hash(code)
    participation = Participation(
        person=person,
        voter=entry,
        campaign=campaign,
        area=area,
        area_kind=area.kind,
        channel=channel,
        voted_on=day,
        entered_by=actor if channel == PAPER else None,
        ballot_seal=seal(sealed_hash),
    )
    if locked:
        ballot = _box_insert(
            campaign, area, content, sealed_hash, day, participation, unless_voted=True
        )
        return None if ballot is None else CastResult(ballot=ballot, receipt=code)
    try:
        with transaction.atomic():
            ballot = _box_insert(campaign, area, content, sealed_hash, day, participation)
        assert ballot is not None  # a conflict raises here
    except IntegrityError as exc:  # another ballot for the same person won
        whose = Q(voter=entry) | Q(person=person) if person is not None else Q(voter=entry)
        other = (
            Participation.objects.filter(whose, campaign=campaign, area_kind=area.kind)
            .select_related("area")
            .first()
        )
        if other is not None and other.area_id != area.pk:
            raise AlreadyVoted(
                f"This person has already voted in {other.area.name}: one arrondissement ballot "
                "per person."
            ) from exc
        if other is not None and other.channel == PAPER:
            raise AlreadyVotedOnPaper() from exc
        if channel == PAPER:
            raise AlreadyVoted(f"This person has already voted online in {area.name}.") from exc
        raise AlreadyVoted() from exc
    if channel == PAPER:
        _audit(
            actor,
            "participation.paper",
            participation,
            campaign,
            now,
            area=area,
            after={
                "voter_roll_entry": entry.pk,
                "person": person.pk if person is not None else None,
                "full_name": entry.full_name,
                "channel": PAPER,
            },
        )
    return CastResult(ballot=ballot, receipt=code)


def _count_not_started(campaign: Campaign, *rows: Model, unless_voted: bool = False) -> bool:
    """Share-lock the campaign's row, then refuse if counting has started (see _box_insert);
    ``rows`` inserted by the same statement. With ``unless_voted``, the first row is a
    participation the person may already have (a unique constraint): then nothing is written
    and this returns False (the cast explains why, reading the participations then). Returns
    whether the rows were written."""
    written = "EXISTS (SELECT FROM w0)" if unless_voted else "true"
    writes = [
        insert_statement(row, where=written if unless_voted and i else "")
        for i, row in enumerate(rows)
    ]
    if unless_voted:
        first, values = writes[0]
        writes[0] = (f"{first} ON CONFLICT DO NOTHING RETURNING 1", values)
    ctes = ", ".join(f"w{i} AS ({sql})" for i, (sql, _) in enumerate(writes))
    check = (
        f"SELECT count_started_at IS NOT NULL, {written} "  # noqa: S608 (a model's table)
        f"FROM {Campaign._meta.db_table} WHERE id = %s FOR SHARE"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {ctes} {check}" if ctes else check,
            [value for _, values in writes for value in values] + [campaign.pk],
        )
        found = cursor.fetchone()
    if found is None or found[0]:
        raise VotingClosed("Voting has closed: counting has started.")
    if found[1]:
        inserted(*rows)
    return bool(found[1])


def _box_insert(
    campaign: Campaign,
    area: Area,
    content: dict[str, Any],
    sealed_hash: str,
    day: date,
    *rows: Model,
    unless_voted: bool = False,
) -> Ballot | None:
    """Put a ballot in the ballot box, sealed with the ballot key, and ``rows`` (its
    participation) in one statement; the ballot as its voter sees it (not stored in clear).
    With ``unless_voted``, neither when the person already has a participation of the kind:
    then None (``_count_not_started``).

    The same statement share-locks the campaign's row and reads whether counting has started.
    The box is opened under that row's exclusive lock: either the count waits for this
    transaction, or it has started first (the lock waited for it, then reads the row as the
    count left it) and this ballot would miss it: refuse it then, rather than acknowledge a
    ballot never counted. The foreign keys lock nothing before the commit (Django makes them
    DEFERRABLE INITIALLY DEFERRED): the lock is this one (``test_close_race``)."""
    box = SealedBallot(
        campaign=campaign,
        area=area,
        rule=campaign.voting_rule,
        sealed=box_seal(content),
        receipt_hash=sealed_hash,
        cast_on=day,
    )
    if not _count_not_started(campaign, *rows, box, unless_voted=unless_voted):
        return None
    ballot = Ballot(
        id=box.id,
        campaign=campaign,
        area=area,
        rule=box.rule,
        choices=content,
        receipt_hash=sealed_hash,
        cast_on=day,
        counted=False,
    )
    ballot.status = "sealed"  # type: ignore[attr-defined]
    return ballot


# --- paper ballots -------------------------------------------------------------------------------

# Which field of the paper entry a refusal is about.
_REFUSAL_FIELD = {"too_young": "birth_date"}


def _paper_voter(
    *,
    campaign: Campaign,
    area: Area,
    actor: Any,
    email: str,
    full_name: str,
    birth_date: date | None,
    address: str,
    now: datetime,
) -> tuple[VoterRollEntry, Any, VoterState]:
    """The voter of a paper ballot: their roll entry (locked), their account if any, and what
    the voting rules need to know about them."""
    if email:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise ApplicationError(
                f"No account has the address « {email} »: enter the voter's full name, birth "
                "date and address instead.",
                field="email",
            )
        _lock_declaration(user, campaign)
        state = voter_state(user=user, campaign=campaign)
        if state.declaration is None:
            raise DeclarationMissing(
                f"The account « {email} » has not declared itself for this campaign: enter the "
                "voter's full name, birth date and address instead.",
                field="email",
            )
        entry = _roll_entry_for_account(user=user, campaign=campaign, declaration=state.declaration)
        return entry, user, state
    key = paper.name_key(full_name)
    errors: dict[str, list[str]] = {}
    if not key:
        errors["full_name"] = ["Enter the voter's email, or their full name."]
    today = timezone.localdate(now)
    if birth_date is None or birth_date >= today or birth_date < date(today.year - 130, 1, 1):
        errors["birth_date"] = ["Enter the voter's real birth date."]
    if not address.strip():
        errors["address"] = ["Enter the voter's address."]
    if errors:
        raise ApplicationError("The voter's identity is incomplete.", errors=errors)
    assert birth_date is not None
    identity = roll.Identity(
        full_name=clean_text(full_name), birth_date=birth_date, address=clean_text(address)
    )
    entry, known = roll.roll_entry_for_paper(
        campaign=campaign, area=area, actor=actor, identity=identity, now=now
    )
    if known is not None:  # known by name only
        return entry, None, known
    _lock_declaration(entry.user, campaign)
    return entry, entry.user, voter_state(user=entry.user, campaign=campaign)


def _paper_enter(
    *,
    campaign: Campaign,
    area: Area,
    actor: Any,
    now: datetime,
    email: str = "",
    full_name: str = "",
    birth_date: date | None = None,
    address: str = "",
    projects: list[Any] | None = None,
    grades: dict[str, Any] | None = None,
    points: dict[str, Any] | None = None,
) -> CastResult:
    """Enter one paper ballot (the caller has checked the official may, now)."""
    who = "email" if email else "full_name"
    entry, person, state = _paper_voter(
        campaign=campaign,
        area=area,
        actor=actor,
        email=email,
        full_name=full_name,
        birth_date=birth_date,
        address=address,
        now=now,
    )
    try:
        check_vote(person, campaign=campaign, area=area, now=now, state=state, channel=PAPER)
    except VoteRefused as refusal:
        refusal.errors.setdefault(_REFUSAL_FIELD.get(refusal.code, who), []).append(refusal.message)
        raise
    content = _choices(campaign, area, projects=projects, grades=grades, points=points)
    if (
        entry.user_id is None
        and entry.heart_area_id is None
        and area.kind == Area.Kind.ARRONDISSEMENTS
    ):
        entry.heart_area = area
        entry.save(update_fields=["heart_area"])
    try:
        with transaction.atomic():
            result = _ballot_write(
                entry=entry,
                person=person,
                campaign=campaign,
                area=area,
                content=content,
                channel=PAPER,
                actor=actor,
                now=now,
            )
            assert result is not None  # only a locked write leaves a conflict to its caller
            return result
    except VoteRefused as refusal:
        refusal.errors.setdefault(who, []).append(refusal.message)
        raise


@transaction.atomic
def paper_ballot_enter(
    *,
    campaign: Campaign,
    area: Area,
    actor: Any,
    now: datetime,
    email: str = "",
    full_name: str = "",
    birth_date: date | None = None,
    address: str = "",
    projects: list[Any] | None = None,
    grades: dict[str, Any] | None = None,
    points: dict[str, Any] | None = None,
) -> CastResult:
    """An official of ``area`` (administrators: any) enters one ballot collected at a polling
    station, for a voter identified by their account's email or by their full name, birth date
    and address (kept in the voter roll). The same rules as online apply; a person who voted
    online cannot vote on paper in the same area, and the reverse. Returns the receipt code,
    to be handed to the voter."""
    campaign = _fresh(campaign)
    check(actor, Action.ENTER_PAPER_BALLOTS, campaign=campaign, now=now, area_id=area.pk)
    return _paper_enter(
        campaign=campaign,
        area=area,
        actor=actor,
        now=now,
        email=email,
        full_name=full_name,
        birth_date=birth_date,
        address=address,
        projects=projects,
        grades=grades,
        points=points,
    )


@transaction.atomic
def paper_ballots_import(
    *, campaign: Campaign, area: Area, actor: Any, data: bytes, now: datetime
) -> int:
    """Enter the ballots of a CSV file (see ``voting.paper``) at once: all of them, or none and
    ``PaperFileInvalid`` with every error keyed ``line N.column``. Returns how many."""
    campaign = _fresh(campaign)
    check(actor, Action.ENTER_PAPER_BALLOTS, campaign=campaign, now=now, area_id=area.pk)
    lines, errors = paper.read_csv(
        data,
        rule=campaign.voting_rule,
        project_ids=set(area_ballot(campaign=campaign, area=area).projects),
        area_name=area.name,
    )
    for line in lines:
        try:
            with transaction.atomic():
                _paper_enter(
                    campaign=campaign,
                    area=area,
                    actor=actor,
                    now=now,
                    email=line.email,
                    full_name=line.full_name,
                    birth_date=line.birth_date,
                    address=line.address,
                    **line.choices,
                )
        except ApplicationError as exc:
            for field, reasons in (exc.errors or {"": [exc.message]}).items():
                key = f"line {line.line}.{field}" if field else f"line {line.line}"
                errors.setdefault(key, []).extend(reasons)
    if errors:

        def order(key: str) -> tuple[int, str]:
            number = key.removeprefix("line ").split(".", 1)[0]
            return (int(number) if number.isdigit() else 0, key)

        raise PaperFileInvalid(
            f"{len({order(k)[0] for k in errors})} line(s) of the file have errors: no ballot "
            "was entered.",
            errors={key: errors[key] for key in sorted(errors, key=order)},
        )
    return len(lines)


@transaction.atomic
def ballot_replace(
    *,
    voter: Any,
    campaign: Campaign,
    area: Area,
    receipt: str,
    now: datetime,
    projects: list[Any] | None = None,
    grades: dict[str, Any] | None = None,
    points: dict[str, Any] | None = None,
) -> CastResult:
    """Replace one's online ballot in ``area`` until voting closes, proving it with its receipt
    code. The old ballot is deleted and a new one (new id, new receipt code, today's date) takes
    its place: never two."""
    if receipt_normalize(receipt) is None:
        raise ReceiptInvalid(
            "This is not a receipt code: 16 letters and digits, e.g. 7KQ3-M9TX-2B4H-0PZD.",
            field="receipt",
        )
    campaign = _fresh_for_vote(campaign)
    check_vote_open(voter, campaign=campaign, area=area, now=now)
    state, _entry = _voter_locked(voter, campaign)  # the declaration and roll entry locked
    check_vote(voter, campaign=campaign, area=area, now=now, state=state, replacing=True)
    participation = _row(
        Participation,
        "person_id = %s AND campaign_id = %s AND area_id = %s FOR UPDATE",
        voter.pk,
        campaign.pk,
        area.pk,
    )
    assert participation is not None  # check_vote refuses to replace nothing
    old_hash = receipt_hash(receipt)
    if not hmac.compare_digest(seal(old_hash), participation.ballot_seal):
        raise ReceiptInvalid(field="receipt")
    # The campaign's row share-locked before the old ballot goes (as _box_insert does for the
    # new one): a count starting meanwhile waits for this replacement, instead of reading the old
    # ballot, then waiting on its deletion while this waits on its lock (a deadlock).
    _count_not_started(campaign)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SealedBallot._meta.db_table} "  # noqa: S608 (a model's table)
            "WHERE campaign_id = %s AND area_id = %s AND receipt_hash = %s",
            [campaign.pk, area.pk, old_hash],
        )
        if cursor.rowcount != 1:  # replaced meanwhile, or the box was opened
            raise ReceiptInvalid(field="receipt")
    content = _choices(campaign, area, now, projects=projects, grades=grades, points=points)
    code, day = receipt_new(), timezone.localdate(now)
    new_hash = receipt_hash(code)
    ballot = _box_insert(campaign, area, content, new_hash, day)
    assert ballot is not None  # written whatever was there: no participation of its own
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Participation._meta.db_table} SET ballot_seal = %s, voted_on = %s "  # noqa: S608
            "WHERE id = %s",
            [seal(new_hash), day, participation.pk],
        )
    return CastResult(ballot=ballot, receipt=code)


# --- counting starts: the ballot box is opened -----------------------------------------------


class CountRefused(ApplicationError):
    """The ballot box cannot be opened: a ballot that must be left out cannot be found, or a
    sealed ballot does not open with the ballot key. Counting stops; nothing is published."""

    status_code = 409
    code = "count_refused"


@dataclass(frozen=True)
class BoxOpened:
    """What opening the box did, in figures only (per area id)."""

    counted: dict[int, int]
    discarded: dict[int, int]


def _participations_not_counted(campaign: Campaign) -> list[Participation]:
    """Participations whose ballot is left out of the count: the voter's declaration was refused
    before counting started, or the ballot is held by an identity conflict still open."""
    refused = VoterDeclaration.objects.filter(campaign=campaign, status=D.REFUSED).values(
        "person_id"
    )
    out = {
        p.pk: p
        for p in Participation.objects.filter(campaign=campaign).filter(
            Q(person_id__in=refused) | Q(voter__user_id__in=refused)
        )
    }
    for participation in participations_on_hold(campaign=campaign):
        out.setdefault(participation.pk, participation)
    return list(out.values())


@transaction.atomic
def ballot_box_open(*, campaign: Campaign, now: datetime) -> BoxOpened | None:
    """Counting starts: in one transaction, the ballots of the box are decrypted, those of
    refused or held voters are left out (their receipts kept as "not counted", their content
    destroyed), and the others written to the ballot table in a random order, with new random
    ids and no date; every participation's seal is erased. Afterwards nothing in the database
    links a ballot to a voter: not a key, a date, a transaction id (all rows share this one) or
    the physical order (docs/adr/0007-ballot-secrecy.md). Only once the results are public;
    idempotent (None when the box was already opened)."""
    campaign = _fresh(campaign, lock=True)
    if campaign.count_started_at is not None:
        return None
    if campaign.voting_stage(now) != VotingStage.PUBLISHED:
        raise PhaseClosed("Counting starts when the results phase does.")
    if not (
        Participation.objects.filter(campaign=campaign).exists()
        or SealedBallot.objects.filter(campaign=campaign).exists()
    ):
        # An imported election (pb_import): its ballots came in clear from its file, with no
        # voter to unlink; nothing to open or rewrite.
        campaign.count_started_at = now
        campaign.save(update_fields=["count_started_at"])
        return None
    # The seals of the participations whose ballot is left out; each must be found in the box.
    wanted = {p.ballot_seal for p in _participations_not_counted(campaign)}
    # The box is read in a random order (SystemRandom over its ids) and written in that order,
    # a batch at a time: at 2,000,000 ballots nothing holds the whole box in memory.
    sealed_ids = list(SealedBallot.objects.filter(campaign=campaign).values_list("id", flat=True))
    # Ballots written in clear before the ballot box existed (their seal is of their id): few,
    # held in memory and rewritten with the others.
    legacy = {b.pk: b for b in Ballot.objects.select_for_update().filter(campaign=campaign)}
    Ballot.objects.filter(campaign=campaign).delete()
    order: list[Any] = [*sealed_ids, *legacy]
    random.SystemRandom().shuffle(order)
    found: set[str] = set()
    discarded: list[DiscardedReceipt] = []
    counted: dict[int, int] = {}
    dropped: dict[int, int] = {}
    columns = ("id", "campaign_id", "area_id", "rule", "choices", "receipt_hash", "counted")
    try:
        for start in range(0, len(order), BOX_BATCH):
            batch = order[start : start + BOX_BATCH]
            # id → (area, rule, receipt hash, seal, whether it may count, its choices' opener)
            rows: dict[Any, tuple[int, str, str, str, bool, Any]] = {
                pk: (area_id, rule, rh, seal(rh), True, lambda text=text: box_open(text))
                for pk, area_id, rule, text, rh in SealedBallot.objects.filter(
                    pk__in=[pk for pk in batch if pk not in legacy]
                ).values_list("id", "area_id", "rule", "sealed", "receipt_hash")
            }
            for b in (legacy[pk] for pk in batch if pk in legacy):
                rows[b.pk] = (
                    b.area_id, b.rule, b.receipt_hash, seal(b.id), b.counted,
                    lambda b=b: b.choices,
                )  # fmt: skip
            written = []
            for pk in batch:
                area_id, rule, rh, its_seal, may_count, choices = rows[pk]
                if its_seal in wanted or not may_count:
                    found.add(its_seal)
                    discarded.append(
                        DiscardedReceipt(receipt_hash=rh, campaign=campaign, area_id=area_id)
                    )
                    dropped[area_id] = dropped.get(area_id, 0) + 1
                    continue
                written.append(
                    (uuid.uuid4(), campaign.pk, area_id, rule, json.dumps(choices()), rh, True)
                )
                counted[area_id] = counted.get(area_id, 0) + 1
            copy_rows(Ballot, columns, written)
    except BoxKeyMismatch as exc:
        raise CountRefused(
            "A sealed ballot does not open with the ballot key: counting stops (was "
            "BALLOT_SEAL_KEY changed since voting?)."
        ) from exc
    missing = len(wanted - found)
    if missing:
        raise CountRefused(
            f"{missing} ballot(s) of voters whose ballots must be left out cannot be found in "
            "the ballot box: counting stops until this is explained (the ballot key may have "
            "changed since voting)."
        )
    SealedBallot.objects.filter(campaign=campaign).delete()
    DiscardedReceipt.objects.bulk_create(discarded, batch_size=5000)
    Participation.objects.filter(campaign=campaign).exclude(ballot_seal="").update(ballot_seal="")
    campaign.count_started_at = now
    campaign.save(update_fields=["count_started_at"])
    audit_record(
        actor=None,
        action="campaign.count_started",
        obj=campaign,
        campaign=campaign,
        at=now,
        after={
            "ballots_counted": sum(counted.values()),
            "ballots_left_out": sum(dropped.values()),
        },
    )
    return BoxOpened(counted=counted, discarded=dropped)


def ballot_tables_vacuum() -> None:
    """Rewrite the ballot, box and participation tables on disk (``VACUUM FULL``), so the dead
    row versions left by opening a ballot box (with their transaction ids and the old order) are
    gone from the files a physical backup copies. Outside any transaction."""
    tables = [m._meta.db_table for m in (Ballot, SealedBallot, Participation, DiscardedReceipt)]
    with connection.cursor() as cursor:
        _older_snapshots_wait(cursor, VACUUM_WAIT_SECONDS)
        for table in tables:
            cursor.execute(f"VACUUM FULL {connection.ops.quote_name(table)}")


# VACUUM FULL keeps the dead row versions a transaction still running may see: it waits (so
# long at most) for the transactions that began before the box was opened to end.
VACUUM_WAIT_SECONDS = 60


def _older_snapshots_wait(cursor: Any, seconds: float) -> bool:
    """Wait until no other session of the database holds a snapshot taken before now (one that
    may still see the rows the box opening deleted); False if some still do after ``seconds``."""
    cursor.execute("SELECT pg_current_xact_id()::xid::text")  # a new transaction id: now
    (mark,) = cursor.fetchone()
    deadline = time.monotonic() + seconds
    while True:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL "
            "AND age(backend_xmin) >= age(%s::xid)",
            [mark],
        )
        (older,) = cursor.fetchone()
        if not older:
            return True
        if time.monotonic() > deadline:
            logger.warning(
                "ballot tables vacuumed while %s older transaction(s) still run: their dead row "
                "versions stay until the next VACUUM",
                older,
            )
            return False
        time.sleep(0.2)
