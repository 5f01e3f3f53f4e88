"""Writes for moderation: residents report a proposal; officials hide or restore it.

Hidden is a soft state beside the status, never a deletion. Every change writes an audit
record and the author is told (email through Celery, after the commit). Each service checks the
action's rule first (``proposals.rules.check_report`` / ``check_hide`` / ``check_restore``, the
same the ``can`` maps say)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet

from audit.services import audit_record, snapshot
from core.errors import ApplicationError
from core.text import clean_bounded
from notifications.models import Notification
from notifications.services import proposal_notify_followers
from proposals import rules
from proposals.models import Proposal

from .errors import AlreadyReported
from .models import TEXT_MAX, Report

PUBLIC_REASON_MAX = 500  # Proposal.hidden_reason
HIDDEN_FIELDS = ["is_hidden", "hidden_reason", "hidden_at", "hidden_by"]


def auto_hide_reason(count: int, *, hidden: str = "Masquée") -> str:
    """The public reason of an automatic hiding (``hidden`` agreed with what was hidden: a
    proposal is « masquée », a comment « masqué »)."""
    return (
        f"{hidden} automatiquement après {count} signalements, en attente de vérification. "
        f"/ Hidden automatically after {count} reports, pending review."
    )


def _locked(proposal: Proposal) -> Proposal:
    # Lock the proposal's row only (not the joined campaign): reports and decisions on one
    # proposal are serialised, others go on in parallel.
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .prefetch_related("campaign__phases")
        .get(pk=proposal.pk)
    )


def public_reason(reason: str) -> str:
    """A moderator's public reason, cleaned (required, at most ``PUBLIC_REASON_MAX``)."""
    reason = clean_bounded(reason, field="reason", high=PUBLIC_REASON_MAX)
    if not reason:
        raise ApplicationError("A public reason is required.", code="required", field="reason")
    return reason


def report_text(reason: str, text: str) -> str:
    """A report's reason checked and its text cleaned (required for « other »)."""
    if reason not in Report.Reason.values:
        raise ApplicationError(
            f"Unknown reason « {reason} ».", code="invalid_choice", field="reason"
        )
    text = clean_bounded(text, field="text", high=TEXT_MAX)
    if reason == Report.Reason.OTHER and not text:
        raise ApplicationError(
            "Say what is wrong when the reason is « other ».", code="required", field="text"
        )
    return text


def open_report_count(proposal: Proposal) -> int:
    return Report.objects.filter(proposal=proposal, handled_at__isnull=True).count()


def counting_reports() -> QuerySet[Report]:
    """The open reports that count toward automatic hiding: those made from accounts at least
    ``REPORT_MIN_ACCOUNT_AGE_HOURS`` old at the time (accounts made for the purpose do not
    count; their reports are kept and shown to officials all the same). Proposals and comments
    (``conversations``) share this rule."""
    min_age = timedelta(hours=settings.REPORT_MIN_ACCOUNT_AGE_HOURS)
    return Report.objects.filter(
        handled_at__isnull=True, reporter__date_joined__lte=F("created_at") - min_age
    )


def auto_hide_count(proposal: Proposal) -> int:
    """The open reports of ``proposal`` that count toward automatic hiding
    (``counting_reports``)."""
    return counting_reports().filter(proposal=proposal).count()


@transaction.atomic
def proposal_report(
    *, proposal: Proposal, reporter: Any, reason: str, text: str = "", now: datetime
) -> Report:
    """Report a proposal (a confirmed email address needed), once per person, never one's own.
    At the campaign's ``auto_hide_reports`` open reports (from accounts older than
    ``REPORT_MIN_ACCOUNT_AGE_HOURS``) the proposal is hidden automatically, pending review."""
    proposal = _locked(proposal)
    rules.check_report(reporter, proposal, now)
    text = report_text(reason, text)
    try:
        with transaction.atomic():  # a savepoint: the constraint is the last word
            report = Report.objects.create(
                proposal=proposal, reporter=reporter, reason=reason, text=text, created_at=now
            )
    except IntegrityError as exc:
        raise AlreadyReported() from exc

    before = {"report_count": proposal.report_count}
    proposal.report_count += 1
    proposal.save(update_fields=["report_count", "updated_at"])
    audit_record(
        actor=reporter,
        action="proposal.report",
        obj=proposal,
        before=before,
        after={"report_count": proposal.report_count},
        reason=reason,
        campaign=proposal.campaign,
        area=proposal.area,
        at=now,
    )

    count = auto_hide_count(proposal)
    if not proposal.is_hidden and count >= proposal.campaign.auto_hide_reports:
        _auto_hide(proposal, count=count, now=now)
    return report


def _auto_hide(proposal: Proposal, *, count: int, now: datetime) -> None:
    before = snapshot(proposal, HIDDEN_FIELDS)
    proposal.is_hidden = True
    proposal.hidden_reason = auto_hide_reason(count)
    proposal.hidden_at = now
    proposal.hidden_by = None
    proposal.save(update_fields=[*HIDDEN_FIELDS, "updated_at"])
    audit_record(
        actor=None,
        action="proposal.hide",
        obj=proposal,
        before=before,
        after=snapshot(proposal, HIDDEN_FIELDS),
        reason=f"automatic: {count} reports",
        campaign=proposal.campaign,
        area=proposal.area,
        at=now,
    )
    proposal_notify_followers(
        proposal=proposal, event=Notification.Event.HIDDEN, reason=proposal.hidden_reason
    )


def _handle_reports(proposal: Proposal, *, actor: Any, outcome: str, now: datetime) -> int:
    return Report.objects.filter(proposal=proposal, handled_at__isnull=True).update(
        handled_at=now, handled_by=actor, outcome=outcome
    )


@transaction.atomic
def proposal_hide(*, proposal: Proposal, actor: Any, reason: str, now: datetime) -> Proposal:
    """An official of the proposal's area hides it with a public reason. A proposal hidden
    automatically (pending review) may be hidden again: the official confirms it with their own
    reason. Its open reports are marked handled."""
    proposal = _locked(proposal)
    rules.check_hide(actor, proposal, now)
    reason = public_reason(reason)
    before = snapshot(proposal, HIDDEN_FIELDS)
    proposal.is_hidden = True
    proposal.hidden_reason = reason
    proposal.hidden_at = now
    proposal.hidden_by = actor
    proposal.save(update_fields=[*HIDDEN_FIELDS, "updated_at"])
    handled = _handle_reports(proposal, actor=actor, outcome=Report.Outcome.HIDDEN, now=now)
    audit_record(
        actor=actor,
        action="proposal.hide",
        obj=proposal,
        before=before,
        after={**snapshot(proposal, HIDDEN_FIELDS), "reports_handled": handled},
        reason=reason,
        campaign=proposal.campaign,
        area=proposal.area,
        at=now,
    )
    proposal_notify_followers(
        proposal=proposal, event=Notification.Event.HIDDEN, reason=reason, actor=actor
    )
    return proposal


@transaction.atomic
def proposal_restore(*, proposal: Proposal, actor: Any, reason: str, now: datetime) -> Proposal:
    """An official of the proposal's area decides it stays public, with a public reason.

    A hidden proposal is shown again (its author is told). A visible proposal with open reports
    keeps visible and its reports are dismissed (the author, never told of the reports, is not
    notified). Either way the open reports are marked handled and kept."""
    proposal = _locked(proposal)
    rules.check_restore(actor, proposal, now)
    reason = public_reason(reason)
    was_hidden = proposal.is_hidden
    before = snapshot(proposal, HIDDEN_FIELDS)
    if was_hidden:
        proposal.is_hidden = False
        proposal.hidden_reason = ""
        proposal.hidden_at = None
        proposal.hidden_by = None
        proposal.save(update_fields=[*HIDDEN_FIELDS, "updated_at"])
    handled = _handle_reports(proposal, actor=actor, outcome=Report.Outcome.KEPT, now=now)
    audit_record(
        actor=actor,
        action="proposal.restore" if was_hidden else "proposal.reports_dismiss",
        obj=proposal,
        before=before,
        after={**snapshot(proposal, HIDDEN_FIELDS), "reports_handled": handled},
        reason=reason,
        campaign=proposal.campaign,
        area=proposal.area,
        at=now,
    )
    if was_hidden:
        proposal_notify_followers(
            proposal=proposal, event=Notification.Event.RESTORED, reason=reason, actor=actor
        )
    return proposal
