"""Thin API views for notifications and follows: parse, call a service or a selector, serialise."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from proposals.selectors import proposal_list

from . import mail, selectors, services
from .models import Follow
from .serializers import (
    FollowOutput,
    FollowStateOutput,
    MarkedOutput,
    NotificationListQuery,
    NotificationOutput,
    PreferenceSerializer,
    UnreadCountOutput,
    UnsubscribeOutput,
)

TAGS = ["notifications"]


@extend_schema(
    tags=TAGS,
    parameters=[NotificationListQuery],
    description="My notifications, unread first (`order=unread`, the default) or newest first "
    "(`order=newest`).",
)
class NotificationListView(generics.ListAPIView):
    serializer_class = NotificationOutput
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        # A plain dict, not the QueryDict: DRF reads an empty form value as "not given", and
        # `order=` is a mistake to say, not the default to apply.
        query = NotificationListQuery(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return selectors.notification_list(
            user=self.request.user, order=query.validated_data["order"]
        )


class UnreadCountView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        responses={200: UnreadCountOutput},
        description="How many of my notifications are unread (the bell polls it: one indexed "
        "count).",
    )
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(user=request.user)})


class NotificationReadView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={200: NotificationOutput},
        description="Mark one of my notifications read (404 for anyone else's).",
    )
    def post(self, request: Request, pk: int) -> Response:
        notification = get_object_or_404(selectors.notification_list(user=request.user), pk=pk)
        notification = services.notification_mark_read(
            notification=notification, now=timezone.now()
        )
        return Response(NotificationOutput(notification).data)


class NotificationReadAllView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={200: MarkedOutput},
        description="Mark all my notifications read.",
    )
    def post(self, request: Request) -> Response:
        marked = services.notifications_mark_all_read(user=request.user, now=timezone.now())
        return Response({"marked": marked})


class PreferenceView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=TAGS, responses={200: PreferenceSerializer}, description="My mail choice.")
    def get(self, request: Request) -> Response:
        return Response({"digest": services.preference_of(request.user)})

    @extend_schema(
        tags=TAGS,
        request=PreferenceSerializer,
        responses={200: PreferenceSerializer},
        description="Choose how notifications are mailed: at once, in a daily digest, or never "
        "(they still appear in the app).",
    )
    def put(self, request: Request) -> Response:
        data = PreferenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        preference = services.preference_set(user=request.user, **data.validated_data)
        return Response({"digest": preference.digest})


def _masked(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}…@{domain}" if domain else "…"


TOKEN = OpenApiParameter(
    "token", str, required=True, description="The signed token of the link in a notification mail."
)


class UnsubscribeView(APIView):
    """Works without signing in: the token says who. A mail client's one-click POST (RFC 8058,
    body ``List-Unsubscribe=One-Click``) and the front end's page both post here."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=TAGS,
        parameters=[TOKEN],
        responses={200: UnsubscribeOutput},
        auth=[],
        description="Whom the link is for (address partly masked) and their mail choice; 400 "
        "`invalid_token` for a forged or altered link. Changes nothing.",
    )
    def get(self, request: Request) -> Response:
        user = mail.unsubscribe_user(request.query_params.get("token", ""))
        return Response({"email": _masked(user.email), "digest": services.preference_of(user)})

    @extend_schema(
        tags=TAGS,
        parameters=[TOKEN],
        request=None,
        responses={200: UnsubscribeOutput},
        auth=[],
        description="Unsubscribe: no more notification mails (one click, RFC 8058); 400 "
        "`invalid_token` for a forged or altered link.",
    )
    def post(self, request: Request) -> Response:
        user = mail.unsubscribe(token=request.query_params.get("token", ""))
        return Response({"email": _masked(user.email), "digest": services.preference_of(user)})


@extend_schema(tags=TAGS, description="What I follow, the most recent first.")
class FollowListView(generics.ListAPIView):
    serializer_class = FollowOutput
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.follow_list(user=self.request.user)


class _FollowView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    kind = ""

    def target(self, request: Request, pk: int) -> dict:
        raise NotImplementedError

    def state(self, request: Request, pk: int) -> Response:
        ids = {f"{self.kind}_id": pk}
        return Response(selectors.follow_state(user=request.user, **ids))

    def get(self, request: Request, pk: int) -> Response:
        self.target(request, pk)
        return self.state(request, pk)

    def put(self, request: Request, pk: int) -> Response:
        services.follow_add(user=request.user, **self.target(request, pk))
        return self.state(request, pk)

    def delete(self, request: Request, pk: int) -> Response:
        services.follow_remove(user=request.user, **self.target(request, pk))
        return self.state(request, pk)


FOLLOW_DOC = (
    "GET: whether I follow it and how many do. PUT: follow it (twice: still once). DELETE: "
    "stop following (authors too). Followers are told of its answers, status changes, merges, "
    "comments, the vote, the results and its delivery."
)


@extend_schema(tags=TAGS, responses={200: FollowStateOutput}, request=None, description=FOLLOW_DOC)
class ProposalFollowView(_FollowView):
    kind = "proposal"

    def target(self, request: Request, pk: int) -> dict:
        return {"proposal": get_object_or_404(proposal_list(user=request.user), pk=pk)}


@extend_schema(tags=TAGS, responses={200: FollowStateOutput}, request=None, description=FOLLOW_DOC)
class ProjectFollowView(_FollowView):
    kind = "project"

    def target(self, request: Request, pk: int) -> dict:
        # Projects are public and sit above notifications: reached through the follow's
        # relation, not imported.
        project_model = Follow._meta.get_field("project").related_model
        return {"project": get_object_or_404(project_model.objects.all(), pk=pk)}
