"""The voter roll: one entry per person and campaign, whatever the channel (an online
declaration, a paper ballot entered by name or by email). A person is found once: by their
account, or by their identity, the normalised name (``paper.name_key``) and the birth date; the
address only tells apart the homonyms the officials have recognised.

A paper entry and an online declaration of one identity are one entry (the declaration links the
account to it). A second claim of an identity that an account already holds is neither refused
nor merged, whoever came first: it gets an entry of its own (standing ``claimant``) and an
``IdentityConflict`` for the officials; the ballots of both sides are held until they decide
(voting.conflicts). One arrondissement ballot and one city-wide ballot per entry is the
database's constraint on participations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from audit.services import audit_record
from campaigns.models import Campaign
from core.errors import InvalidTransition
from geo.models import Area

from . import paper
from .errors import IdentityInDispute, IdentityTaken, VoteRefused
from .models import IdentityConflict, Participation, VoterDeclaration, VoterRollEntry
from .rules import PAPER, VoterState, check_vote

S = VoterRollEntry.Standing
ONLINE = Participation.Channel.ONLINE
ARR = Area.Kind.ARRONDISSEMENTS
# Refusals of a paper ballot that say "this identity already voted otherwise": for an entry held
# by an account, they mean a second claim of the identity, not a second ballot.
_CLAIMED_ELSEWHERE = frozenset(
    {"already_voted", "already_voted_on_paper", "other_area_chosen", "voted_elsewhere"}
)


@dataclass(frozen=True)
class Identity:
    """Who a person says they are, as the roll compares it."""

    full_name: str
    birth_date: date
    address: str

    @property
    def name_key(self) -> str:
        return paper.name_key(self.full_name)

    @property
    def address_key(self) -> str:
        return paper.name_key(self.address)


def _claims(campaign: Campaign, identity: Identity) -> list[VoterRollEntry]:
    """The entries of this identity that still stand, locked, the holder first."""
    rows = list(
        VoterRollEntry.objects.select_for_update()
        .filter(campaign=campaign, name_key=identity.name_key, birth_date=identity.birth_date)
        .exclude(standing=S.VOID)
        .order_by("id")
    )
    return sorted(rows, key=lambda e: e.standing != S.HOLDER)


def _by_address(claims: list[VoterRollEntry], identity: Identity) -> VoterRollEntry | None:
    same = [e for e in claims if paper.name_key(e.address) == identity.address_key]
    return same[0] if len(same) == 1 else None


def _linkable(claims: list[VoterRollEntry], identity: Identity) -> VoterRollEntry | None:
    """The entry of this identity an account declaring it takes over: one no account holds
    (a paper voter), the one at the same address among several, never a claim in dispute."""
    free = [e for e in claims if e.user_id is None]
    return _by_address(free, identity) or next((e for e in free if e.standing != S.CLAIMANT), None)


def entry_to_link(*, user: Any, campaign: Campaign, declaration: VoterDeclaration) -> int | None:
    """The id of the entry an account without one will be linked to when it votes (a paper
    voter of its name and birth date), so ``can.vote`` already knows that entry's ballots."""
    if not declaration.full_name or not hasattr(user, "pk"):
        return None
    if VoterRollEntry.objects.filter(campaign=campaign, user=user).exists():
        return None
    identity = Identity(declaration.full_name, declaration.birth_date, declaration.address)
    claims = VoterRollEntry.objects.filter(
        campaign=campaign, name_key=identity.name_key, birth_date=identity.birth_date
    ).exclude(standing=S.VOID)
    found = _linkable(sorted(claims, key=lambda e: (e.standing != S.HOLDER, e.pk)), identity)
    return found.pk if found is not None else None


def _create(campaign: Campaign, identity: Identity, **extra: Any) -> VoterRollEntry | None:
    """A new entry of this identity; None when the same identity (or account) was entered at
    the same instant elsewhere (the unique constraints decide)."""
    try:
        with transaction.atomic():
            return VoterRollEntry.objects.create(
                campaign=campaign,
                full_name=identity.full_name,
                name_key=identity.name_key,
                birth_date=identity.birth_date,
                address=identity.address,
                **extra,
            )
    except IntegrityError:
        return None


def entry_area_id(entry: VoterRollEntry) -> int | None:
    """The arrondissement an entry is tied to: where it voted, else its declared (or paper)
    arrondissement de cœur."""
    voted = (
        Participation.objects.filter(voter=entry, area_kind=ARR)
        .values_list("area_id", flat=True)
        .first()
    )
    if voted is not None:
        return voted
    if entry.user_id is not None:
        declared = (
            VoterDeclaration.objects.filter(person_id=entry.user_id, campaign_id=entry.campaign_id)
            .values_list("heart_area_id", flat=True)
            .first()
        )
        if declared is not None:
            return declared
    return entry.heart_area_id


def arrondissement_voted(entry: VoterRollEntry) -> Area | None:
    """The arrondissement where this entry (or its account) has already voted, if any."""
    whose = Q(voter=entry) | Q(person_id=entry.user_id) if entry.user_id else Q(voter=entry)
    found = (
        Participation.objects.filter(whose, campaign_id=entry.campaign_id, area_kind=ARR)
        .select_related("area")
        .first()
    )
    return found.area if found is not None else None


def _claimant(
    *,
    campaign: Campaign,
    first: VoterRollEntry,
    identity: Identity,
    channel: str,
    area_id: int | None,
    actor: Any,
    now: datetime,
    **extra: Any,
) -> VoterRollEntry:
    """A second claim of ``first``'s identity: its own entry and an open conflict."""
    entry = VoterRollEntry.objects.create(
        campaign=campaign,
        full_name=identity.full_name,
        name_key=identity.name_key,
        birth_date=identity.birth_date,
        address=identity.address,
        standing=S.CLAIMANT,
        **extra,
    )
    conflict = IdentityConflict.objects.create(
        campaign=campaign,
        first=first,
        second=entry,
        channel=channel,
        first_area_id=entry_area_id(first),
        second_area_id=area_id,
        opened_at=now,
    )
    audit_record(
        actor=actor,
        action="identity_conflict.open",
        obj=conflict,
        campaign=campaign,
        area=conflict.second_area or conflict.first_area,
        at=now,
        after={"first": first.pk, "second": entry.pk, "channel": channel},
    )
    return entry


# --- online: an account's entry -----------------------------------------------------------------


def _own_locked(campaign: Campaign, user: Any) -> VoterRollEntry | None:
    """The account's own entry, locked alone: no ordering, so no join that would lock the
    campaign's row as well (every cast would then wait for every other)."""
    return (
        VoterRollEntry.objects.select_for_update(of=("self",))
        .filter(campaign=campaign, user=user)
        .order_by()
        .first()
    )


def roll_entry_for_account(
    *,
    user: Any,
    campaign: Campaign,
    identity: Identity,
    heart_area_id: int | None,
    now: datetime,
) -> VoterRollEntry:
    """The account's entry, locked: its own; else the entry of its identity that no account
    holds (a paper voter, now linked to the account); else a new one. When another account
    holds the identity, a claimant entry and an identity conflict: the officials decide."""
    own = _own_locked(campaign, user)
    if own is not None:
        return own
    if not identity.name_key:  # a declaration from before the name was required
        entry = _create(campaign, identity, user=user)
        return entry or VoterRollEntry.objects.select_for_update().get(campaign=campaign, user=user)
    for _ in range(3):
        claims = _claims(campaign, identity)
        # The account's own entry, made at the same instant by another request of its own.
        own = next((c for c in claims if c.user_id == user.pk), None)
        if own is not None:
            return VoterRollEntry.objects.select_for_update(of=("self",)).get(pk=own.pk)
        found = _linkable(claims, identity)
        if found is not None:
            found.user = user
            found.save(update_fields=["user"])
            return found
        if claims:
            return _claimant(
                campaign=campaign,
                first=claims[0],
                identity=identity,
                channel=ONLINE,
                area_id=heart_area_id,
                actor=user,
                now=now,
                user=user,
            )
        entry = _create(campaign, identity, user=user)
        if entry is not None:
            return entry
        # Created at the same instant: by this account (another request), or by someone else.
        own = _own_locked(campaign, user)
        if own is not None:
            return own
    raise IdentityTaken(field="full_name")  # pragma: no cover - three races in a row


def roll_entry_correct(
    *,
    user: Any,
    campaign: Campaign,
    identity: Identity,
    heart_area_id: int | None,
    now: datetime,
) -> VoterRollEntry:
    """The account's entry after its declaration is made or corrected (the caller refuses a
    correction once the person has voted): the address follows; a new name or birth date finds
    the person again, unless the officials are examining the identity."""
    own = _own_locked(campaign, user)
    if own is None:
        return roll_entry_for_account(
            user=user, campaign=campaign, identity=identity, heart_area_id=heart_area_id, now=now
        )
    if (own.name_key, own.birth_date) == (identity.name_key, identity.birth_date):
        changed = {"full_name": identity.full_name, "address": identity.address}
        changed = {k: v for k, v in changed.items() if getattr(own, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(own, key, value)
            own.save(update_fields=list(changed))
        return own
    if IdentityConflict.objects.filter(Q(first=own) | Q(second=own)).exists():
        raise IdentityInDispute(field="full_name")
    if Participation.objects.filter(voter=own).exists():  # the caller refuses this first
        raise InvalidTransition("You have voted: your declaration can no longer change.")
    if own.entered_by_id is not None:  # a paper entry linked to the account: unlink it
        own.user = None
        own.save(update_fields=["user"])
    else:
        own.delete()
    return roll_entry_for_account(
        user=user, campaign=campaign, identity=identity, heart_area_id=heart_area_id, now=now
    )


# --- paper: a voter known by name ---------------------------------------------------------------


def _paper_state(entry: VoterRollEntry, area: Area) -> VoterState:
    """What the voting rules know of a voter known by name only: the polling station vouched
    for them; the arrondissement of their first paper ballot is their arrondissement de cœur."""
    heart = entry.heart_area
    if heart is None and area.kind == ARR:
        heart = area
    channels = dict(
        Participation.objects.filter(voter=entry, campaign_id=entry.campaign_id).values_list(
            "area_id", "channel"
        )
    )
    declaration = VoterDeclaration(
        campaign_id=entry.campaign_id,
        birth_date=entry.birth_date,
        heart_area=heart,
        status=VoterDeclaration.Status.CHECKED,
    )
    return VoterState(declaration=declaration, channels=channels)


def _claimed_elsewhere(
    entry: VoterRollEntry, *, campaign: Campaign, area: Area, identity: Identity, now: datetime
) -> bool:
    """Would this paper ballot be refused only because ``entry`` already voted (or chose its
    arrondissement) otherwise? For an entry an account holds, that is a second claim of the
    identity; for one known by name only, a second claim when the address differs (the same
    person twice at the polling stations is refused, as before)."""
    from .selectors import voter_state

    if entry.user_id is not None:
        state = voter_state(user=entry.user, campaign=campaign)
    else:
        state = _paper_state(entry, area)
    try:
        check_vote(entry.user, campaign=campaign, area=area, now=now, state=state, channel=PAPER)
    except VoteRefused as refusal:
        if refusal.code not in _CLAIMED_ELSEWHERE:
            return False
        by_account = entry.user_id is not None and refusal.code != "already_voted_on_paper"
        return by_account or paper.name_key(entry.address) != identity.address_key
    return False


def roll_entry_for_paper(
    *, campaign: Campaign, area: Area, actor: Any, identity: Identity, now: datetime
) -> tuple[VoterRollEntry, VoterState | None]:
    """The entry a paper ballot entered by name goes to, locked, and (for an entry no account
    holds) what the voting rules know of it: the entry of the identity (the one at the same
    address among several), or a new one; when that entry's other ballots or choices would
    refuse this one, or several entries hold the identity and the address tells none, a
    claimant entry and an identity conflict, so the ballot is held rather than refused for
    coming second."""
    for _ in range(3):
        claims = _claims(campaign, identity)
        if not claims:
            entry = _create(campaign, identity, entered_by=actor)
            if entry is None:
                continue  # the same identity, entered at the same instant elsewhere
        else:
            entry = _by_address(claims, identity) or claims[0]
            # A disputed identity (or homonyms) and no address to tell which: a claim of its own.
            ambiguous = len(claims) > 1 and _by_address(claims, identity) is None
            if ambiguous or _claimed_elsewhere(
                entry, campaign=campaign, area=area, identity=identity, now=now
            ):
                entry = _claimant(
                    campaign=campaign,
                    first=entry,
                    identity=identity,
                    channel=PAPER,
                    area_id=area.pk,
                    actor=actor,
                    now=now,
                    entered_by=actor,
                    heart_area=area if area.kind == ARR else None,
                )
        return entry, None if entry.user_id is not None else _paper_state(entry, area)
    raise IdentityTaken(field="full_name")  # pragma: no cover - three races in a row
