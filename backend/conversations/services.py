"""Writes for conversations: comments and replies, their edits and deletions, reports and the
officials' decisions on them (moderation's ``Report`` table, reasons, threshold and audit
shared with proposals), and supports.

Each service checks its rule first (``rules.check_…``, the same the ``can`` maps say). A
published comment is announced after the commit (``core.events.comment_posted``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from audit.services import audit_record, snapshot
from core.errors import ApplicationError
from core.events import comment_posted
from core.text import clean_bounded
from moderation.models import Report
from moderation.services import (
    HIDDEN_FIELDS,
    auto_hide_reason,
    counting_reports,
    public_reason,
    report_text,
)
from proposals import rules as proposal_rules
from proposals.errors import AlreadySupported, NotSupported
from proposals.map_cache import map_version_bump
from proposals.models import Proposal

from . import rules
from .errors import AlreadyReported
from .models import TEXT_MAX, TEXT_MIN, Comment, Support
from .rules import Target


def _text(text: str) -> str:
    return clean_bounded(text, field="text", low=TEXT_MIN, high=TEXT_MAX)


def _locked(comment: Comment) -> Comment:
    # The comment's row only: reports and decisions on one comment are serialised.
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("campaign", "area", "proposal", "project")
        .prefetch_related("campaign__phases")
        .get(pk=comment.pk)
    )


# --- comments ----------------------------------------------------------------------------------


@transaction.atomic
def comment_create(
    *,
    author: Any,
    text: str,
    now: datetime,
    target: Target | None = None,
    parent: Comment | None = None,
) -> Comment:
    """Publish a comment on ``target`` (a proposal or a project), or a reply to ``parent`` (a
    comment, not a reply). Marked ``official`` when its author is an official of the target's
    area or an administrator."""
    if parent is not None:
        rules.check_reply(author, parent, now)
        target = parent.target
    elif target is None:
        raise ApplicationError("Say what the comment is about.", code="required", field="target")
    else:
        rules.check_comment(author, target, now)
    comment = Comment.objects.create(
        campaign=target.campaign,
        area_id=target.area_id,
        proposal=target if isinstance(target, Proposal) else None,
        project=None if isinstance(target, Proposal) else target,
        parent=parent,
        author=author,
        text=_text(text),
        official=rules.speaks_officially(author, target),
        created_at=now,
    )
    official = comment.official
    transaction.on_commit(
        lambda: comment_posted.send(
            sender=Comment, comment=comment, target=target, author=author, official=official
        )
    )
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, user: Any, text: str, now: datetime) -> Comment:
    """Its author changes the text, within ``rules.EDIT_WINDOW`` of posting it."""
    comment = _locked(comment)
    rules.check_edit(user, comment, now)
    comment.text = _text(text)
    comment.edited_at = now
    comment.save(update_fields=["text", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: Any, now: datetime) -> Comment:
    """Its author deletes it: the text is blanked, the row (and its replies) kept."""
    comment = _locked(comment)
    rules.check_delete(user, comment, now)
    comment.text = ""
    comment.deleted_at = now
    comment.save(update_fields=["text", "deleted_at"])
    return comment


# --- moderation ------------------------------------------------------------------------------


def _audit(
    comment: Comment,
    *,
    actor: Any,
    action: str,
    before: dict,
    after: dict,
    reason: str,
    now: datetime,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=comment,
        before=before,
        after=after,
        reason=reason,
        campaign=comment.campaign,
        area=comment.area,
        at=now,
    )


@transaction.atomic
def comment_report(
    *, comment: Comment, reporter: Any, reason: str, text: str = "", now: datetime
) -> Report:
    """Report a comment (moderation's reasons), once per person, never one's own. At the
    campaign's ``auto_hide_reports`` open reports from accounts old enough
    (``moderation.services.counting_reports``, the proposals' rule) it is hidden, pending
    review."""
    comment = _locked(comment)
    rules.check_report(reporter, comment, now)
    text = report_text(reason, text)
    try:
        with transaction.atomic():  # a savepoint: the constraint is the last word
            report = Report.objects.create(
                comment=comment, reporter=reporter, reason=reason, text=text, created_at=now
            )
    except IntegrityError as exc:
        raise AlreadyReported() from exc
    before = {"report_count": comment.report_count}
    comment.report_count += 1
    comment.save(update_fields=["report_count"])
    _audit(
        comment,
        actor=reporter,
        action="comment.report",
        before=before,
        after={"report_count": comment.report_count},
        reason=reason,
        now=now,
    )
    count = counting_reports().filter(comment=comment).count()
    if not comment.is_hidden and count >= comment.campaign.auto_hide_reports:
        before = snapshot(comment, HIDDEN_FIELDS)
        comment.is_hidden = True
        comment.hidden_reason = auto_hide_reason(count, hidden="Masqué")
        comment.hidden_at = now
        comment.hidden_by = None
        comment.save(update_fields=HIDDEN_FIELDS)
        _audit(
            comment,
            actor=None,
            action="comment.hide",
            before=before,
            after=snapshot(comment, HIDDEN_FIELDS),
            reason=f"automatic: {count} reports",
            now=now,
        )
    return report


def _handle_reports(comment: Comment, *, actor: Any, outcome: str, now: datetime) -> int:
    return Report.objects.filter(comment=comment, handled_at__isnull=True).update(
        handled_at=now, handled_by=actor, outcome=outcome
    )


@transaction.atomic
def comment_hide(*, comment: Comment, actor: Any, reason: str, now: datetime) -> Comment:
    """An official of the area hides a comment with a public reason (never deleted); its open
    reports are marked handled."""
    comment = _locked(comment)
    rules.check_hide(actor, comment, now)
    reason = public_reason(reason)
    before = snapshot(comment, HIDDEN_FIELDS)
    comment.is_hidden = True
    comment.hidden_reason = reason
    comment.hidden_at = now
    comment.hidden_by = actor
    comment.save(update_fields=HIDDEN_FIELDS)
    handled = _handle_reports(comment, actor=actor, outcome=Report.Outcome.HIDDEN, now=now)
    _audit(
        comment,
        actor=actor,
        action="comment.hide",
        before=before,
        after={**snapshot(comment, HIDDEN_FIELDS), "reports_handled": handled},
        reason=reason,
        now=now,
    )
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, actor: Any, reason: str, now: datetime) -> Comment:
    """An official of the area shows a hidden comment again, or keeps a reported one visible;
    either way its open reports are marked handled."""
    comment = _locked(comment)
    rules.check_restore(actor, comment, now)
    reason = public_reason(reason)
    was_hidden = comment.is_hidden
    before = snapshot(comment, HIDDEN_FIELDS)
    if was_hidden:
        comment.is_hidden = False
        comment.hidden_reason = ""
        comment.hidden_at = None
        comment.hidden_by = None
        comment.save(update_fields=HIDDEN_FIELDS)
    handled = _handle_reports(comment, actor=actor, outcome=Report.Outcome.KEPT, now=now)
    _audit(
        comment,
        actor=actor,
        action="comment.restore" if was_hidden else "comment.reports_dismiss",
        before=before,
        after={**snapshot(comment, HIDDEN_FIELDS), "reports_handled": handled},
        reason=reason,
        now=now,
    )
    return comment


# --- supports ----------------------------------------------------------------------------------


def _forget_tiles(proposal: Proposal) -> None:
    # The map's lean path carries the count: its cached tiles (ADR 0008) are forgotten too.
    slug = proposal.campaign.slug
    transaction.on_commit(lambda: map_version_bump(campaign=slug), robust=True)


@transaction.atomic
def support_add(*, proposal: Proposal, user: Any, now: datetime) -> Support:
    """``user`` supports ``proposal`` (``proposals.rules.check_support``: during submission),
    once: the unique constraint decides between two simultaneous attempts, the second is a 409
    ``already_supported``."""
    proposal_rules.check_support(user, proposal, now)
    try:
        with transaction.atomic():  # a savepoint: the constraint is the last word
            support = Support.objects.create(proposal=proposal, user=user, created_at=now)
    except IntegrityError as exc:
        raise AlreadySupported() from exc
    _forget_tiles(proposal)
    return support


@transaction.atomic
def support_remove(*, proposal: Proposal, user: Any, now: datetime) -> None:
    """``user`` takes their support back (while supports are open)."""
    proposal_rules.check_unsupport(user, proposal, now)
    deleted, _ = Support.objects.filter(proposal=proposal, user=user).delete()
    if not deleted:
        raise NotSupported()
    _forget_tiles(proposal)
