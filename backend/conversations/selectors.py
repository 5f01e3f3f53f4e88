"""Reads for conversations: a proposal's or a project's thread, and the comments officials
moderate."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts import roles
from moderation.models import Report
from moderation.selectors import reason_field

from .models import Comment

# A thread holds at most this many comments (with their replies): a long debate is read in full
# on its own page some day; the API says when it is cut (``truncated``).
THREAD_MAX = 500
OPEN = Q(reports__handled_at__isnull=True)


def with_comment_facts(qs: QuerySet[Comment], *, user: Any) -> QuerySet[Comment]:
    """Annotate what the comment rules read, so a thread costs no query per row:
    ``reported_by_me`` for a signed-in reader, ``open_reports`` for officials."""
    if roles.is_authenticated(user):
        qs = qs.annotate(
            reported_by_me=Exists(Report.objects.filter(comment=OuterRef("pk"), reporter=user))
        )
    if roles.is_official(user):
        qs = qs.annotate(open_reports=Count("reports", filter=OPEN))
    return qs


def _comments(user: Any) -> QuerySet[Comment]:
    return with_comment_facts(
        Comment.objects.select_related("author", "campaign").prefetch_related("campaign__phases"),
        user=user,
    )


def comment_thread(*, user: Any, target: Any) -> list[Comment]:
    """The comments on ``target`` (a proposal or a project), oldest first, each with its
    ``replies`` (oldest first). Hidden and deleted comments keep their place (the serializer
    blanks what is not to be read); a deleted or hidden comment nobody answered is left out.
    Two queries whatever the length (the comments, their replies): each comment is given the
    target and its campaign as already loaded."""
    field = "proposal" if target._meta.model_name == "proposal" else "project"
    base = with_comment_facts(Comment.objects.select_related("author"), user=user)
    top = (
        base.filter(parent__isnull=True, **{field: target})
        .prefetch_related(Prefetch("replies", queryset=base.order_by("created_at", "id")))
        .order_by("created_at", "id")[:THREAD_MAX]
    )
    thread = []
    for comment in top:
        for one in (comment, *comment.replies.all()):
            setattr(one, field, target)
            one.campaign = target.campaign
            if one is not comment:
                one.parent = comment
        gone = comment.is_deleted or comment.is_hidden
        if gone and not comment.replies.all() and not _may_read_hidden(user, comment):
            continue
        thread.append(comment)
    return thread


def _may_read_hidden(user: Any, comment: Comment) -> bool:
    """Its author and the officials of its area read a hidden comment (with the reason)."""
    if comment.is_deleted:
        return False
    return (roles.is_authenticated(user) and comment.author_id == user.pk) or (
        roles.is_official(user) and roles.handles_area(user, comment.area_id)
    )


def may_read(user: Any, comment: Comment) -> bool:
    """Whether ``user`` may read the text of ``comment``."""
    if comment.is_deleted:
        return False
    return not comment.is_hidden or _may_read_hidden(user, comment)


def comment_list(*, user: Any) -> QuerySet[Comment]:
    """The comments one may act on by id (edit, delete, report, reply, moderate): those of
    public proposals and of projects, and for officials those of their areas."""
    qs = _comments(user).select_related("proposal", "project", "area")
    public = Q(project__isnull=False) | Q(
        proposal__is_hidden=False, proposal__location_status="placed"
    )
    ids = roles.area_ids(user)
    if ids is None:
        return qs
    if roles.is_official(user):
        return qs.filter(public | Q(area_id__in=ids))
    if roles.is_authenticated(user):
        return qs.filter(public | Q(proposal__author=user))
    return qs.filter(public)


def comment_moderation_queue(*, user: Any) -> QuerySet[Comment]:
    """Comments with open reports or hidden, of the areas ``user`` handles (administrators:
    all; anyone else: none), by open reports (most first) then waiting time (oldest first),
    annotated like the proposals' queue (``open_reports``, ``waiting_since``, one
    ``open_<reason>`` count per reason)."""
    ids = roles.area_ids(user)
    if ids is not None and not ids:
        return Comment.objects.none()
    qs = (
        Comment.objects.select_related("author", "campaign", "proposal", "project", "area")
        .prefetch_related("campaign__phases")
        .annotate(
            open_reports=Count("reports", filter=OPEN),
            reported_by_me=Exists(Report.objects.filter(comment=OuterRef("pk"), reporter=user)),
            waiting_since=Coalesce(
                Min("reports__created_at", filter=OPEN), F("hidden_at"), F("created_at")
            ),
            **{
                reason_field(reason): Count("reports", filter=OPEN & Q(reports__reason=reason))
                for reason in Report.Reason.values
            },
        )
        .filter(Q(open_reports__gt=0) | Q(is_hidden=True))
        .filter(deleted_at__isnull=True)
        .order_by("-open_reports", "waiting_since", "id")
    )
    if ids is not None:
        qs = qs.filter(area_id__in=ids)
    return qs
