from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .filters import CampaignFilter
from .schedule import PHASES
from .selectors import campaign_list, theme_list
from .serializers import (
    CampaignOutput,
    CampaignUpdateInput,
    PhaseAdvanceInput,
    PhaseMoveInput,
    ThemeOutput,
)
from .services import campaign_phase_advance, campaign_phase_move, campaign_update


@extend_schema(tags=["campaigns"])
class CampaignListView(generics.ListAPIView):
    serializer_class = CampaignOutput
    permission_classes = [permissions.AllowAny]
    filterset_class = CampaignFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return campaign_list()


class CampaignDetailView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def _out(self, request: Request, campaign) -> Response:  # type: ignore[no-untyped-def]
        return Response(CampaignOutput(campaign, context={"request": request}).data)

    @extend_schema(responses={200: CampaignOutput}, tags=["campaigns"])
    def get(self, request: Request, slug: str) -> Response:
        return self._out(request, get_object_or_404(campaign_list(), slug=slug))

    @extend_schema(
        request=CampaignUpdateInput,
        responses={200: CampaignOutput},
        tags=["campaigns"],
        description="Administrators change settings; the voting rule is frozen once voting opens.",
    )
    def patch(self, request: Request, slug: str) -> Response:
        campaign = get_object_or_404(campaign_list(), slug=slug)
        data = CampaignUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason", "")
        campaign_update(
            campaign=campaign, actor=request.user, now=timezone.now(), reason=reason, **changes
        )
        return self._out(request, get_object_or_404(campaign_list(), slug=slug))


class PhaseAdvanceView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=PhaseAdvanceInput,
        responses={200: CampaignOutput},
        tags=["campaigns"],
        description="Administrators end the current phase now and open the next, with a reason.",
    )
    def post(self, request: Request, slug: str) -> Response:
        campaign = get_object_or_404(campaign_list(), slug=slug)
        data = PhaseAdvanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = campaign_phase_advance(
            campaign=campaign,
            actor=request.user,
            reason=data.validated_data["reason"],
            now=timezone.now(),
        )
        return Response(CampaignOutput(campaign, context={"request": request}).data)


class PhaseMoveView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=PhaseMoveInput,
        responses={200: CampaignOutput},
        tags=["campaigns"],
        parameters=[OpenApiParameter("phase", str, "path", enum=[p.value for p in PHASES])],
        description="Administrators move (or add) one phase of the schedule, with a reason.",
    )
    def put(self, request: Request, slug: str, phase: str) -> Response:
        campaign = get_object_or_404(campaign_list(), slug=slug)
        data = PhaseMoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = campaign_phase_move(
            campaign=campaign,
            actor=request.user,
            phase=phase,
            now=timezone.now(),
            **data.validated_data,
        )
        return Response(CampaignOutput(campaign, context={"request": request}).data)


@extend_schema(tags=["campaigns"])
class ThemeListView(generics.ListAPIView):
    """The themes of the Paris budget participatif."""

    serializer_class = ThemeOutput
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return theme_list()
