"""Thin API views for conversations: parse, call a service or a selector, serialise."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import roles
from core import parsers
from core.errors import ApplicationError
from core.throttles import ReportThrottle
from moderation.serializers import ModerationDecisionInput, ReportInput, ReportOutput
from projects.selectors import project_list
from proposals.selectors import proposal_list

from . import rules
from .models import Comment
from .selectors import comment_list, comment_moderation_queue, comment_thread
from .serializers import (
    CommentInput,
    CommentOutput,
    CommentQueueItem,
    CommentUpdateInput,
    SupportOutput,
    ThreadOutput,
)
from .services import (
    comment_create,
    comment_delete,
    comment_hide,
    comment_report,
    comment_restore,
    comment_update,
    support_add,
    support_remove,
)
from .throttles import CommentThrottle, SupportThrottle


def _thread(request: Request, target, *, now) -> dict:  # type: ignore[no-untyped-def]
    comments = comment_thread(user=request.user, target=target)
    context = {"request": request, "now": now}
    return ThreadOutput(
        {
            "count": sum(1 + len(c.replies.all()) for c in comments),
            "comments": comments,
            "can": {"comment": rules.can_comment(request.user, target, now)},
        },
        context=context,
    ).data


class _ThreadView(APIView):
    """A target's thread: read by anyone who may see the target; written by residents with a
    confirmed address while the phase allows comments."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    throttle_classes = [CommentThrottle]
    parser_classes = [parsers.JSONParser]

    def target(self, request: Request, pk: int):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        return Response(_thread(request, self.target(request, pk), now=timezone.now()))

    def post(self, request: Request, pk: int) -> Response:
        target = self.target(request, pk)
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        now = timezone.now()
        parent = None
        parent_id = data.validated_data.get("parent")
        if parent_id is not None:
            parent = (
                Comment.objects.select_related("campaign", "proposal", "project")
                .filter(pk=parent_id, **{target._meta.model_name: target})
                .first()
            )
            if parent is None:
                raise ApplicationError("No such comment in this thread.", field="parent")
        comment = comment_create(
            author=request.user,
            text=data.validated_data["text"],
            now=now,
            target=None if parent else target,
            parent=parent,
        )
        out = CommentOutput(comment, context={"request": request, "now": now})
        return Response(out.data, status=status.HTTP_201_CREATED)


_GET = {
    "responses": {200: ThreadOutput},
    "tags": ["conversations"],
    "description": "The comments, oldest first, each with its replies (one level). Hidden and "
    "deleted comments keep their place with an empty `text` (their author and the officials "
    "of the area read a hidden one). `can.comment`: whether the reader may comment now.",
}
_POST = {
    "request": CommentInput,
    "responses": {201: CommentOutput},
    "tags": ["conversations"],
    "description": "Comment (or reply with `parent`, to a comment of this thread, never to a "
    "reply: 400 `reply_too_deep`). Signed in with a confirmed address (403 "
    "`email_not_verified`), while the phase allows comments (409 `phase_closed`: submission, "
    "review and voting by default). An official of the area's comment is marked `official`.",
}


class ProposalThreadView(_ThreadView):
    def target(self, request: Request, pk: int):  # type: ignore[no-untyped-def]
        return get_object_or_404(proposal_list(user=request.user), pk=pk)

    @extend_schema(operation_id="proposals_comments_list", **_GET)
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(operation_id="proposals_comments_create", **_POST)
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class ProjectThreadView(_ThreadView):
    def target(self, request: Request, pk: int):  # type: ignore[no-untyped-def]
        return get_object_or_404(project_list(user=request.user), pk=pk)

    @extend_schema(operation_id="projects_comments_list", **_GET)
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(operation_id="projects_comments_create", **_POST)
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


def _comment(request: Request, pk: int) -> Comment:
    return get_object_or_404(comment_list(user=request.user), pk=pk)


def _output(request: Request, pk: int, now) -> Response:  # type: ignore[no-untyped-def]
    return Response(
        CommentOutput(_comment(request, pk), context={"request": request, "now": now}).data
    )


class CommentDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [CommentThrottle]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=CommentUpdateInput,
        responses={200: CommentOutput},
        tags=["conversations"],
        description="Its author edits it within 15 minutes of posting it (409 "
        "`edit_window_closed` after), while the phase allows comments.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        comment = _comment(request, pk)
        data = CommentUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        now = timezone.now()
        comment_update(
            comment=comment, user=request.user, text=data.validated_data["text"], now=now
        )
        return _output(request, pk, now)

    @extend_schema(
        request=None,
        responses={200: CommentOutput},
        tags=["conversations"],
        description="Its author deletes it: the text is removed, the replies stay.",
    )
    def delete(self, request: Request, pk: int) -> Response:
        now = timezone.now()
        comment_delete(comment=_comment(request, pk), user=request.user, now=now)
        return _output(request, pk, now)


class CommentReportView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [ReportThrottle]

    @extend_schema(
        request=ReportInput,
        responses={201: ReportOutput},
        tags=["conversations"],
        description="Report a comment (moderation's reasons): once per person, not one's own. "
        "At the campaign's threshold of open reports from accounts old enough (3 by default) "
        "it is hidden automatically, pending review.",
    )
    def post(self, request: Request, pk: int) -> Response:
        comment = _comment(request, pk)
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = comment_report(
            comment=comment, reporter=request.user, now=timezone.now(), **data.validated_data
        )
        return Response(ReportOutput(report).data, status=status.HTTP_201_CREATED)


def _decide(request: Request, pk: int, service) -> Response:  # type: ignore[no-untyped-def]
    comment = _comment(request, pk)
    data = ModerationDecisionInput(data=request.data)
    data.is_valid(raise_exception=True)
    now = timezone.now()
    service(comment=comment, actor=request.user, reason=data.validated_data["reason"], now=now)
    return _output(request, pk, now)


class CommentHideView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ModerationDecisionInput,
        responses={200: CommentOutput},
        tags=["conversations"],
        description="An official of the area hides a comment with a public reason (never "
        "deleted); its open reports are marked handled; audited.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _decide(request, pk, comment_hide)


class CommentRestoreView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ModerationDecisionInput,
        responses={200: CommentOutput},
        tags=["conversations"],
        description="An official of the area shows a hidden comment again, or keeps a reported "
        "one visible; its open reports are marked handled; audited.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _decide(request, pk, comment_restore)


class IsOfficial(permissions.BasePermission):
    message = "Only officials can see the moderation queue."

    def has_permission(self, request: Request, view: object) -> bool:
        return roles.is_official(request.user)


@extend_schema(
    tags=["conversations"],
    description="Comments with open reports or hidden, of the areas the official handles "
    "(administrators: all), by open reports (most first) then waiting time (oldest first).",
)
class CommentQueueView(generics.ListAPIView):
    serializer_class = CommentQueueItem
    permission_classes = [permissions.IsAuthenticated, IsOfficial]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return comment_moderation_queue(user=self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": timezone.now()}


class SupportView(APIView):
    """« Je soutiens »: one support per person and proposal, during submission."""

    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [SupportThrottle]

    def _answer(self, request: Request, pk: int, code: int) -> Response:
        proposal = get_object_or_404(proposal_list(user=request.user), pk=pk)
        return Response(
            SupportOutput(
                {"supports": proposal.support_count, "supported": proposal.supported_by_me}
            ).data,
            status=code,
        )

    @extend_schema(
        request=None,
        responses={201: SupportOutput},
        tags=["conversations"],
        description="Support the proposal: signed in with a confirmed address (403), during "
        "submission (409 `phase_closed`), once (409 `already_supported`).",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = get_object_or_404(proposal_list(user=request.user), pk=pk)
        support_add(proposal=proposal, user=request.user, now=timezone.now())
        return self._answer(request, pk, status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: SupportOutput},
        tags=["conversations"],
        description="Take one's support back (during submission; 409 `not_supported` when "
        "there is none).",
    )
    def delete(self, request: Request, pk: int) -> Response:
        proposal = get_object_or_404(proposal_list(user=request.user), pk=pk)
        support_remove(proposal=proposal, user=request.user, now=timezone.now())
        return self._answer(request, pk, status.HTTP_200_OK)
