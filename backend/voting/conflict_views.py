"""Thin API views for identity conflicts: officials list them (both sides) and decide them.
Kept apart from ``voting.views`` (the ballot and declaration endpoints) since they change for
another reason: the voter roll's disputes."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import roles
from core import parsers
from core.errors import ApplicationError, NotAllowed

from . import serializers as s
from .conflicts import conflict_sides, identity_conflict_decide, may_decide
from .models import IdentityConflict
from .selectors import identity_conflict_list, voting_campaign

TAGS = ["voting"]


def conflict_data(conflicts: list[IdentityConflict], user: Any) -> list[dict[str, Any]]:
    sides = conflict_sides(conflicts)
    out = []
    for conflict in conflicts:
        first, second = sides[conflict.first_id], sides[conflict.second_id]
        held = len(first["ballots"]) + len(second["ballots"])
        out.append(
            {
                "id": conflict.pk,
                "status": conflict.status,
                "channel": conflict.channel,
                "opened_at": conflict.opened_at,
                "first": first,
                "second": second,
                "decision": conflict.decision,
                "reason": conflict.reason,
                "decided_by": conflict.decided_by.display_name if conflict.decided_by else None,
                "decided_at": conflict.decided_at,
                "on_hold": held if conflict.status == IdentityConflict.Status.OPEN else 0,
                "can": {"decide": may_decide(user, conflict)},
            }
        )
    return out


class IdentityConflictListView(generics.ListAPIView):
    """Officials: the identity conflicts of the voter roll in the areas they handle."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = s.IdentityConflictOutput

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return IdentityConflict.objects.none()
        if not roles.is_official(self.request.user):
            raise NotAllowed("Only officials examine the voter roll's identity conflicts.")
        campaign = voting_campaign(slug=self.kwargs["slug"])
        qs = identity_conflict_list(user=self.request.user, campaign=campaign)
        wanted = self.request.query_params.get("status")
        if wanted is not None:
            if wanted not in IdentityConflict.Status.values:
                raise ApplicationError(
                    "Unknown status: use open or decided.", code="invalid_choice", field="status"
                )
            qs = qs.filter(status=wanted)
        return qs

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "status", str, enum=list(IdentityConflict.Status.values), required=False
            )
        ],
        description="Officials of either side's area (administrators: all) see each conflict "
        "with both claims: names, birth dates, addresses, how each came (online or paper), the "
        "account's display name, dates, where each voted (never what was chosen), and how many "
        "ballots it holds. Open conflicts first.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the project's lists are always paged
        data = s.IdentityConflictOutput(conflict_data(list(page), request.user), many=True).data
        return self.get_paginated_response(data)


class IdentityConflictDecideView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.IdentityConflictDecideInput,
        responses={200: s.IdentityConflictOutput},
        tags=TAGS,
        description="Officials of either side's area decide an identity conflict, with a reason: "
        "first_is_genuine (the second claim is set aside), second_is_genuine (the first is), "
        "different_people (homonyms: both stand). A claim set aside has its ballots left out of "
        "the count and, for an account, its declaration refused with the reason. Audited. 409 "
        "`conflict_decided` once decided, `count_started` once counting has started.",
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        campaign = voting_campaign(slug=slug)
        conflict = get_object_or_404(IdentityConflict.objects.all(), pk=pk, campaign=campaign)
        data = s.IdentityConflictDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        conflict = identity_conflict_decide(
            conflict=conflict, actor=request.user, now=timezone.now(), **data.validated_data
        )
        fresh = identity_conflict_list(user=request.user, campaign=campaign).get(pk=conflict.pk)
        return Response(s.IdentityConflictOutput(conflict_data([fresh], request.user)[0]).data)
