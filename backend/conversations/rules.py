"""What may be done in a conversation, now. Each ``check_…`` raises the refusal (403, 409, …)
and is what the services call; each ``can_…`` is ``allowed(check_…, …)`` and is what the API's
``can`` maps say. When is decided by the campaign's phase table (``campaigns.schedule``:
« comment » in submission, review and voting; « support » in submission); who by the roles
(``campaigns.rules``: a confirmed email address for both). Supports are a proposal's own
action: their rule is ``proposals.rules.check_support``, in the proposal's ``can`` map."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from accounts import roles
from campaigns.rules import allowed, check
from campaigns.schedule import Action
from core.errors import NotAllowed
from projects.models import Project
from proposals.models import Proposal

from .errors import (
    AlreadyReported,
    CommentGone,
    EditWindowClosed,
    NotTheAuthor,
    OwnComment,
    ReplyTooDeep,
    TargetClosed,
)
from .models import Comment

# How long after posting its author may still edit a comment.
EDIT_WINDOW = timedelta(minutes=15)

Target = Proposal | Project


def is_author(user: Any, comment: Comment) -> bool:
    return roles.is_authenticated(user) and comment.author_id == user.pk


def speaks_officially(user: Any, target: Target) -> bool:
    """An official of the target's area (or an administrator): their comments are marked as
    official answers."""
    return roles.is_official(user) and roles.handles_area(user, target.area_id)


def _open_target(target: Target) -> None:
    if isinstance(target, Proposal) and (
        target.is_hidden or target.status == Proposal.Status.WITHDRAWN
    ):
        raise TargetClosed()


# --- comments ----------------------------------------------------------------------------------


def check_comment(user: Any, target: Target, now: datetime) -> None:
    """Signed in with a confirmed address (403), while the phase allows comments (409), on a
    proposal that is still public (409)."""
    check(user, Action.COMMENT, campaign=target.campaign, now=now, area_id=target.area_id)
    _open_target(target)


def check_reply(user: Any, parent: Comment, now: datetime) -> None:
    """As ``check_comment`` on the parent's target; the parent is a comment, not a reply (400
    ``reply_too_deep``), still there (409)."""
    check_comment(user, parent.target, now)
    if parent.parent_id is not None:
        raise ReplyTooDeep(field="parent")
    if parent.is_deleted or parent.is_hidden:
        raise CommentGone(field="parent")


def check_edit(user: Any, comment: Comment, now: datetime) -> None:
    """Its author, within ``EDIT_WINDOW`` of posting it, while the phase allows comments."""
    if not is_author(user, comment):
        raise NotTheAuthor()
    if comment.is_deleted or comment.is_hidden:
        raise CommentGone()
    if now - comment.created_at > EDIT_WINDOW:
        raise EditWindowClosed()
    check(user, Action.COMMENT, campaign=comment.campaign, now=now, area_id=comment.area_id)


def check_delete(user: Any, comment: Comment, now: datetime) -> None:
    """Its author, at any time (one's words are one's own); once."""
    if not is_author(user, comment):
        raise NotTheAuthor()
    if comment.is_deleted:
        raise CommentGone()


def check_report(user: Any, comment: Comment, now: datetime) -> None:
    """A confirmed address, while the phase allows reports; never one's own; once per person
    (the database holds it too)."""
    check(user, Action.REPORT, campaign=comment.campaign, now=now, area_id=comment.area_id)
    if is_author(user, comment):
        raise OwnComment()
    if comment.is_deleted:
        raise CommentGone()
    if getattr(comment, "reported_by_me", False):
        raise AlreadyReported()


def check_hide(user: Any, comment: Comment, now: datetime) -> None:
    """Officials of the area, while the phase allows moderation; a comment hidden by an
    official stays so (an automatic hiding may be confirmed)."""
    check(user, Action.MODERATE, campaign=comment.campaign, now=now, area_id=comment.area_id)
    if comment.is_deleted:
        raise CommentGone()
    if comment.is_hidden and comment.hidden_by_id is not None:
        raise NotAllowed("This comment is already hidden by an official.")


def check_restore(user: Any, comment: Comment, now: datetime) -> None:
    """Officials of the area, on a hidden comment or one with open reports."""
    check(user, Action.MODERATE, campaign=comment.campaign, now=now, area_id=comment.area_id)
    open_reports = getattr(comment, "open_reports", None)
    if open_reports is None:
        open_reports = comment.reports.filter(handled_at__isnull=True).count()
    if not comment.is_hidden and not open_reports:
        raise NotAllowed("This comment is neither hidden nor reported.")


def can_comment(user: Any, target: Target, now: datetime) -> bool:
    return allowed(check_comment, user, target, now)


def actions(user: Any, comment: Comment, now: datetime) -> dict[str, bool]:
    """A comment's ``can`` map."""
    reply = comment.parent_id is None and allowed(check_reply, user, comment, now)
    hide = allowed(check_hide, user, comment, now)
    restore = allowed(check_restore, user, comment, now)
    return {
        "reply": reply,
        "edit": allowed(check_edit, user, comment, now),
        "delete": allowed(check_delete, user, comment, now),
        "report": allowed(check_report, user, comment, now),
        "hide": hide,
        "restore": restore,
    }
