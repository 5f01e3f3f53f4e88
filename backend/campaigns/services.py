"""Writes for campaigns: creation, the phase schedule (applied, advanced, moved), settings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from audit.services import audit_record
from core.errors import ApplicationError, Frozen
from geo.models import Area

from . import rules
from .errors import CampaignInconsistent, SlugTaken, VoteCannotGoBack
from .models import Campaign, CampaignPhase, Envelope, Theme
from .schedule import (
    PHASES,
    Phase,
    Slot,
    is_frozen,
    next_phase,
    stage_change_problem,
    validate_schedule,
)
from .signals import phase_changed
from .themes import PARIS_THEMES

Schedule = Mapping[str, tuple[datetime, datetime | None]]

NAME_MAX = 120
SLUG_MAX = 60
SLUG_PATTERN = re.compile(r"[-a-zA-Z0-9_]+")
# Words of the API's paths under campaigns/ that no campaign may take as its slug.
RESERVED_SLUGS = frozenset({"current"})
MAX_AMOUNT = 10**12
# The voting method's parameters and the moderation setting: (lowest, highest).
SETTING_RANGES: Mapping[str, tuple[int, int]] = {
    "minimum_age": (0, 120),
    "approval_max": (1, 1000),
    "cumulative_points": (1, 10000),
    "knapsack_min_share": (0, 100),
    "auto_hide_reports": (1, 1000),
    "retention_months": (1, 120),
}
# Settings that may be left empty (no limit; the site's default).
OPTIONAL_SETTINGS = frozenset({"approval_max", "retention_months"})


@transaction.atomic
def themes_load() -> int:
    for position, (slug, name, name_en) in enumerate(PARIS_THEMES):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
    return len(PARIS_THEMES)


def _check_schedule(schedule: Schedule) -> list[Slot]:
    try:
        slots = [Slot(phase=Phase(p), start=s, end=e) for p, (s, e) in schedule.items()]
    except ValueError as exc:
        raise ApplicationError(
            f"Unknown phase: {exc}", code="invalid_choice", field="phases"
        ) from exc
    problems = validate_schedule(slots)
    if problems:
        raise ApplicationError(" ".join(problems), errors={"phases": problems})
    return slots


@dataclass(frozen=True)
class AreaEnvelope:
    """One area of a new campaign, by code, with its envelope (euros; None: set later) and the
    part of it reserved for priority neighbourhoods."""

    code: str
    amount: int | None = None
    reserved_amount: int = 0


def _ballot_areas() -> list[Area]:
    """The city's ballot areas: those drawn from districts (not the areas of imported elections,
    which have none)."""
    return list(Area.objects.filter(districts__isnull=False).distinct())


def _slug_free(name: str) -> str:
    """A slug made from the name, with -2, -3, … when a campaign has it already."""
    base = slugify(name)[:SLUG_MAX].strip("-") or "campagne"
    taken = set(
        Campaign.objects.filter(slug__startswith=base[: SLUG_MAX - 4]).values_list(
            "slug", flat=True
        )
    )
    taken |= RESERVED_SLUGS
    slug, n = base, 1
    while slug in taken:
        n += 1
        suffix = f"-{n}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
    return slug


def _check_settings(values: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, (low, high) in SETTING_RANGES.items():
        value = values[key]
        if value is None and key in OPTIONAL_SETTINGS:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            empty = {
                "approval_max": " (or empty: no limit)",
                "retention_months": " (or empty: the site's default)",
            }.get(key, "")
            errors[key] = [f"A whole number from {low} to {high}{empty}."]
    if values["voting_rule"] not in Campaign.VotingRule.values:
        errors["voting_rule"] = [
            f"« {values['voting_rule']} » is not a voting method: "
            f"{', '.join(Campaign.VotingRule.values)}."
        ]
    if values["tally_rule"] not in Campaign.TallyRule.values:
        errors["tally_rule"] = [
            f"« {values['tally_rule']} » is not a tally rule: "
            f"{', '.join(Campaign.TallyRule.values)}."
        ]
    return errors


def _check_areas(areas: Sequence[AreaEnvelope], known: Mapping[str, Area]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not areas:
        errors["areas"] = ["Choose at least one area."]
    seen: set[str] = set()
    for i, spec in enumerate(areas):
        if spec.code not in known:
            errors[f"areas.{i}.code"] = [f"« {spec.code} » is not an area code."]
        elif spec.code in seen:
            errors[f"areas.{i}.code"] = [f"The area « {spec.code} » is given twice."]
        seen.add(spec.code)
        if spec.amount is None:
            if spec.reserved_amount:
                errors[f"areas.{i}.reserved_amount"] = [
                    "A reserved share needs an envelope (amount)."
                ]
            continue
        if not 0 < spec.amount <= MAX_AMOUNT:
            errors[f"areas.{i}.amount"] = [
                f"The envelope is a positive amount of euros (at most {MAX_AMOUNT})."
            ]
        elif not 0 <= spec.reserved_amount <= spec.amount:
            errors[f"areas.{i}.reserved_amount"] = [
                f"The reserved share is from 0 to the envelope ({spec.amount} €)."
            ]
    return errors


@transaction.atomic
def campaign_create(
    *,
    name: str,
    slug: str = "",
    schedule: Schedule | None = None,
    submission_start: datetime | None = None,
    submission_end: datetime | None = None,
    area_codes: Sequence[str] | None = None,
    areas: Sequence[AreaEnvelope] | None = None,
    description: str = "",
    voting_rule: str = Campaign.VotingRule.MAJORITY_JUDGMENT,
    tally_rule: str = Campaign.TallyRule.GREEDY,
    minimum_age: int = 0,
    approval_max: int | None = None,
    cumulative_points: int = 10,
    knapsack_min_share: int = 0,
    auto_hide_reports: int = 3,
    retention_months: int | None = None,
    origin: str = Campaign.Origin.CITY,
    simulated_ballots: bool = False,
    actor: Any = None,
    now: datetime | None = None,
) -> Campaign:
    """Create a campaign: its schedule, its areas with their envelopes, its voting method and
    parameters. Administrators only (``actor`` None is the system: imports, the demo).
    ``origin`` is ``imported`` for a pabulib election (``pb_import``); ``simulated_ballots``
    marks a demonstration whose ballots were made up.

    The schedule is given phase by phase (``{phase: (start, end)}``, may be empty: a draft), or
    as submission dates alone (submission, then review open-ended). The areas are given with
    their envelopes (``areas``) or by code (``area_codes``); by default, every ballot area of
    the city. Without ``slug``, one is made from the name. Every inconsistent value is a 400
    naming its field (all of them at once); a slug already taken is a 409 ``slug_taken``."""
    now = now or timezone.now()
    if actor is not None:
        rules.check_campaign_create(actor, now)
    if schedule is None:
        if submission_start is None or submission_end is None:
            raise ApplicationError(
                "A schedule or submission dates are required.", code="required", field="phases"
            )
        schedule = {
            Phase.SUBMISSION: (submission_start, submission_end),
            Phase.REVIEW: (submission_end, None),
        }
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > NAME_MAX:
        errors["name"] = [f"A campaign needs a name (at most {NAME_MAX} characters)."]
    if slug and (len(slug) > SLUG_MAX or not SLUG_PATTERN.fullmatch(slug)):
        errors["slug"] = [f"Letters, digits, - and _ only (at most {SLUG_MAX})."]
    elif slug in RESERVED_SLUGS:
        errors["slug"] = [f"« {slug} » is reserved by the API: choose another slug."]
    settings = {
        "voting_rule": voting_rule,
        "tally_rule": tally_rule,
        "minimum_age": minimum_age,
        "approval_max": approval_max,
        "cumulative_points": cumulative_points,
        "knapsack_min_share": knapsack_min_share,
        "auto_hide_reports": auto_hide_reports,
        "retention_months": retention_months,
    }
    errors.update(_check_settings(settings))
    try:
        slots = [Slot(phase=Phase(p), start=s, end=e) for p, (s, e) in schedule.items()]
    except ValueError as exc:
        errors["phases"] = [f"Unknown phase: {exc}"]
        slots = []
    problems = validate_schedule(slots)
    if problems:
        errors["phases"] = problems
    if areas is None:
        chosen = (
            _ballot_areas()
            if area_codes is None
            else list(Area.objects.filter(code__in=area_codes))
        )
        areas = [AreaEnvelope(code=a.code) for a in chosen]
        known = {a.code: a for a in chosen}
    else:
        known = {a.code: a for a in Area.objects.filter(code__in=[s.code for s in areas])}
    errors.update(_check_areas(areas, known))
    from .counting import reserved_share_refusal

    refusal = reserved_share_refusal(voting_rule, tally_rule)
    for i, spec in enumerate(areas):
        if refusal and spec.reserved_amount and f"areas.{i}.reserved_amount" not in errors:
            errors[f"areas.{i}.reserved_amount"] = [refusal]
    if errors:
        raise CampaignInconsistent(
            "The campaign is not consistent: "
            + " ".join(f"{field}: {reasons[0]}" for field, reasons in errors.items()),
            errors=errors,
        )
    if slug and Campaign.objects.filter(slug=slug).exists():
        raise SlugTaken(field="slug")
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                slug=slug or _slug_free(name),
                name=name,
                description=description,
                origin=origin,
                simulated_ballots=simulated_ballots,
                **settings,
            )
    except IntegrityError as exc:  # the same slug, created a moment ago
        raise SlugTaken(field="slug") from exc
    CampaignPhase.objects.bulk_create(
        CampaignPhase(campaign=campaign, phase=s.phase, start=s.start, end=s.end) for s in slots
    )
    campaign.areas.set([known[s.code] for s in areas])
    Envelope.objects.bulk_create(
        Envelope(
            campaign=campaign,
            area=known[s.code],
            amount=s.amount,
            reserved_amount=s.reserved_amount,
        )
        for s in areas
        if s.amount is not None
    )
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        campaign=campaign,
        after={
            "slug": campaign.slug,
            "name": name,
            "origin": origin,
            "schedule": _plain(slots),
            "areas": {
                s.code: None if s.amount is None else [s.amount, s.reserved_amount] for s in areas
            },
            **settings,
        },
        at=now,
    )
    return campaign


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().prefetch_related("phases").get(pk=campaign.pk)


@transaction.atomic
def campaign_phase_apply(*, campaign: Campaign, now: datetime) -> bool:
    """Record the phase the schedule says the campaign is in at ``now`` (idempotent: a second
    call changes nothing). Returns whether the phase changed."""
    campaign = _locked(campaign)
    phase = campaign.phase_at(now)
    if phase == campaign.applied_phase:
        return False
    before = campaign.applied_phase
    campaign.applied_phase = phase
    campaign.applied_at = now
    campaign.save(update_fields=["applied_phase", "applied_at"])
    audit_record(
        actor=None,
        action="campaign.phase",
        obj=campaign,
        campaign=campaign,
        before={"phase": before},
        after={"phase": phase},
        reason="schedule",
        at=now,
    )
    phase_changed.send(sender=Campaign, campaign=campaign, before=before, after=phase, now=now)
    return True


def campaigns_phase_apply(*, now: datetime) -> list[str]:
    """Apply the schedule of every campaign that is not closed; the slugs that changed."""
    changed = []
    for campaign in Campaign.objects.exclude(applied_phase=Phase.CLOSED):
        if campaign_phase_apply(campaign=campaign, now=now):
            changed.append(campaign.slug)
    return changed


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("A reason is required.", code="required", field="reason")
    return reason


def _save_schedule(campaign: Campaign, slots: list[Slot], now: datetime) -> None:
    """Replace the schedule, unless that would take the vote back (409 ``vote_cannot_go_back``):
    every change of schedule goes through here."""
    problem = stage_change_problem(campaign.schedule(), slots, now)
    if problem:
        raise VoteCannotGoBack(problem, field="phase")
    campaign.phases.all().delete()
    CampaignPhase.objects.bulk_create(
        CampaignPhase(campaign=campaign, phase=s.phase, start=s.start, end=s.end) for s in slots
    )


@transaction.atomic
def campaign_phase_advance(
    *, campaign: Campaign, actor: Any, reason: str, now: datetime
) -> Campaign:
    """End the current phase now and start the next one (administrators, with a reason)."""
    campaign = _locked(campaign)
    rules.check_phase_advance(actor, campaign, now)
    reason = _require_reason(reason)
    current = campaign.phase_at(now)
    following = next_phase(current)
    if following is None:  # refused by the rule above
        raise ApplicationError("The campaign is closed: there is no next phase.", field="phase")
    before = campaign.schedule()
    slots: dict[Phase, Slot] = {s.phase: s for s in before}
    if current in slots:
        slots[current] = Slot(current, slots[current].start, now)
    nxt = slots.get(following)
    end = nxt.end if nxt and nxt.end and nxt.end > now else None
    slots[following] = Slot(following, now, end)
    # Later phases that would now overlap start when the one before them ends.
    result = _chain(list(slots.values()))
    _check_schedule({s.phase: (s.start, s.end) for s in result})
    _save_schedule(campaign, result, now)
    audit_record(
        actor=actor,
        action="campaign.phase_advance",
        obj=campaign,
        campaign=campaign,
        before={"phase": current, "schedule": _plain(before)},
        after={"phase": following, "schedule": _plain(result)},
        reason=reason,
        at=now,
    )
    campaign_phase_apply(campaign=campaign, now=now)
    return Campaign.objects.prefetch_related("phases", "areas").get(pk=campaign.pk)


def _chain(slots: list[Slot]) -> list[Slot]:
    """Make later phases start no earlier than the previous one ends."""
    out: list[Slot] = []
    for slot in sorted(slots, key=lambda s: PHASES.index(s.phase)):
        if out and out[-1].end is not None and slot.start < out[-1].end:
            if slot.end is not None and slot.end <= out[-1].end:
                continue
            slot = Slot(slot.phase, out[-1].end, slot.end)
        out.append(slot)
    return out


def _plain(slots: list[Slot]) -> dict[str, list]:
    return {s.phase: [s.start, s.end] for s in slots}


@transaction.atomic
def campaign_phase_move(
    *,
    campaign: Campaign,
    actor: Any,
    phase: str,
    start: datetime,
    end: datetime | None,
    reason: str,
    now: datetime,
) -> Campaign:
    """Move (or add) one phase of the schedule (administrators, with a reason)."""
    campaign = _locked(campaign)
    rules.check_phase_move(actor, campaign, now)
    reason = _require_reason(reason)
    try:
        target = Phase(phase)
    except ValueError as exc:
        raise ApplicationError(
            f"Unknown phase « {phase} ».", code="invalid_choice", field="phase"
        ) from exc
    before = campaign.schedule()
    slots = {s.phase: s for s in before}
    slots[target] = Slot(target, start, end)
    result = sorted(slots.values(), key=lambda s: PHASES.index(s.phase))
    _check_schedule({s.phase: (s.start, s.end) for s in result})
    _save_schedule(campaign, result, now)
    audit_record(
        actor=actor,
        action="campaign.phase_move",
        obj=campaign,
        campaign=campaign,
        before={"schedule": _plain(before)},
        after={"schedule": _plain(result)},
        reason=reason,
        at=now,
    )
    campaign_phase_apply(campaign=campaign, now=now)
    return Campaign.objects.prefetch_related("phases", "areas").get(pk=campaign.pk)


def ensure_not_frozen(campaign: Campaign, now: datetime) -> None:
    """Refuse changes to the ballot once voting has opened."""
    if is_frozen(campaign.phase_at(now)):
        raise Frozen()


@transaction.atomic
def campaign_update(
    *, campaign: Campaign, actor: Any, now: datetime, reason: str = "", **changes: Any
) -> Campaign:
    """Change a campaign's settings (administrators). The voting and tally rules are frozen once
    voting has opened (409 ``ballot_frozen``)."""
    campaign = _locked(campaign)
    rules.check_campaign_update(actor, campaign, now)
    allowed = {
        "name",
        "description",
        "voting_rule",
        "tally_rule",
        "auto_hide_reports",
        "retention_months",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(f"Cannot change {', '.join(sorted(unknown))}.")
    # How ballots are cast and counted is settled before anyone votes.
    if any(
        key in changes and changes[key] != getattr(campaign, key)
        for key in ("voting_rule", "tally_rule")
    ):
        ensure_not_frozen(campaign, now)
        from .counting import reserved_share_refusal

        refusal = reserved_share_refusal(
            changes.get("voting_rule", campaign.voting_rule),
            changes.get("tally_rule", campaign.tally_rule),
        )
        if refusal and campaign.envelopes.filter(reserved_amount__gt=0).exists():
            field = "tally_rule" if "tally_rule" in changes else "voting_rule"
            raise ApplicationError(f"{refusal} An envelope of this campaign has one.", field=field)
    before = {k: getattr(campaign, k) for k in changes}
    for key, value in changes.items():
        setattr(campaign, key, value)
    campaign.save()
    audit_record(
        actor=actor,
        action="campaign.update",
        obj=campaign,
        campaign=campaign,
        before=before,
        after=changes,
        reason=reason,
        at=now,
    )
    return campaign
