"""Thin API views for moderation: parse, call a service or a selector, serialise."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import roles
from core.throttles import ReportThrottle
from proposals.selectors import proposal_list
from proposals.serializers import ProposalOutput
from proposals.views import output_for

from .filters import QueueFilter, ReportFilter
from .selectors import moderation_queue, report_list
from .serializers import ModerationDecisionInput, QueueItemOutput, ReportInput, ReportOutput
from .services import proposal_hide, proposal_report, proposal_restore


class IsOfficial(permissions.BasePermission):
    """Mirrors accounts.roles.is_official (the selectors scope officials to their areas)."""

    message = "Only officials can see the moderation queue."

    def has_permission(self, request: Request, view: object) -> bool:
        return roles.is_official(request.user)


@extend_schema(
    tags=["moderation"],
    description="Proposals with open reports or hidden, of the areas the official handles "
    "(administrators: all), by open reports (most first) then waiting time (oldest first). "
    "The reason and date filters look at open reports.",
)
class QueueView(generics.ListAPIView):
    serializer_class = QueueItemOutput
    filterset_class = QueueFilter
    permission_classes = [permissions.IsAuthenticated, IsOfficial]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return moderation_queue(user=self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": timezone.now()}


@extend_schema(
    tags=["moderation"],
    description="Officials: the reports on proposals of their areas (administrators: all). "
    "Residents: their own reports. Reporters appear by id and display name, never by email.",
)
class ReportListView(generics.ListAPIView):
    serializer_class = ReportOutput
    filterset_class = ReportFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return report_list(user=self.request.user)


def _proposal(request: Request, pk: int):  # type: ignore[no-untyped-def]
    return get_object_or_404(proposal_list(user=request.user), pk=pk)


class ProposalReportView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [ReportThrottle]

    @extend_schema(
        request=ReportInput,
        responses={201: ReportOutput},
        tags=["moderation"],
        description="Report a proposal: once per person, not one's own. At the campaign's "
        "threshold of open reports (3 by default) it is hidden automatically, pending review.",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = _proposal(request, pk)
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = proposal_report(
            proposal=proposal, reporter=request.user, now=timezone.now(), **data.validated_data
        )
        return Response(ReportOutput(report).data, status=status.HTTP_201_CREATED)


def _decide(request: Request, pk: int, service) -> Response:  # type: ignore[no-untyped-def]
    proposal = _proposal(request, pk)
    data = ModerationDecisionInput(data=request.data)
    data.is_valid(raise_exception=True)
    now = timezone.now()
    service(proposal=proposal, actor=request.user, reason=data.validated_data["reason"], now=now)
    return Response(output_for(request, _proposal(request, pk), now).data)


class ProposalHideView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ModerationDecisionInput,
        responses={200: ProposalOutput},
        tags=["moderation"],
        description="An official of the proposal's area hides it with a public reason (never "
        "deleted; its author is told). Confirms an automatic hiding with the official's reason.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _decide(request, pk, proposal_hide)


class ProposalRestoreView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=ModerationDecisionInput,
        responses={200: ProposalOutput},
        tags=["moderation"],
        description="An official of the proposal's area shows a hidden proposal again (its "
        "author is told), or keeps a reported one visible; its open reports are marked handled.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _decide(request, pk, proposal_restore)
