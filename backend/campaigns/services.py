"""Writes for campaigns: creation, the phase schedule (applied, advanced, moved), settings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from audit.services import audit_record
from core.errors import ApplicationError, Frozen
from geo.models import Area

from . import rules
from .models import Campaign, CampaignPhase, Theme
from .schedule import PHASES, Phase, Slot, is_frozen, next_phase, validate_schedule
from .signals import phase_changed
from .themes import PARIS_THEMES

Schedule = Mapping[str, tuple[datetime, datetime | None]]


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
        raise ApplicationError(f"Unknown phase: {exc}", field="phases") from exc
    problems = validate_schedule(slots)
    if problems:
        raise ApplicationError(" ".join(problems), errors={"phases": problems})
    return slots


@transaction.atomic
def campaign_create(
    *,
    slug: str,
    name: str,
    schedule: Schedule | None = None,
    submission_start: datetime | None = None,
    submission_end: datetime | None = None,
    area_codes: list[str] | None = None,
    description: str = "",
    voting_rule: str = Campaign.VotingRule.MAJORITY_JUDGMENT,
    actor: Any = None,
) -> Campaign:
    """A campaign over the given areas (all of Paris's ballot areas by default). Its schedule is
    given phase by phase, or as submission dates alone (submission, then review open-ended)."""
    if schedule is None:
        if submission_start is None or submission_end is None:
            raise ApplicationError("A schedule or submission dates are required.", field="phases")
        schedule = {
            Phase.SUBMISSION: (submission_start, submission_end),
            Phase.REVIEW: (submission_end, None),
        }
    slots = _check_schedule(schedule)
    campaign = Campaign.objects.create(
        slug=slug, name=name, description=description, voting_rule=voting_rule
    )
    CampaignPhase.objects.bulk_create(
        CampaignPhase(campaign=campaign, phase=s.phase, start=s.start, end=s.end) for s in slots
    )
    areas = Area.objects.all() if area_codes is None else Area.objects.filter(code__in=area_codes)
    campaign.areas.set(areas)
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        campaign=campaign,
        after={"schedule": {s.phase: [s.start, s.end] for s in slots}},
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
        raise ApplicationError("A reason is required.", field="reason")
    return reason


def _save_schedule(campaign: Campaign, slots: list[Slot]) -> None:
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
    _save_schedule(campaign, result)
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
        raise ApplicationError(f"Unknown phase « {phase} ».", field="phase") from exc
    before = campaign.schedule()
    slots = {s.phase: s for s in before}
    slots[target] = Slot(target, start, end)
    result = sorted(slots.values(), key=lambda s: PHASES.index(s.phase))
    _check_schedule({s.phase: (s.start, s.end) for s in result})
    _save_schedule(campaign, result)
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
    """Change a campaign's settings (administrators). The voting rule is frozen once voting
    has opened."""
    campaign = _locked(campaign)
    rules.check_campaign_update(actor, campaign, now)
    allowed = {"name", "description", "voting_rule", "auto_hide_reports"}
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(f"Cannot change {', '.join(sorted(unknown))}.")
    if "voting_rule" in changes and changes["voting_rule"] != campaign.voting_rule:
        ensure_not_frozen(campaign, now)
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
