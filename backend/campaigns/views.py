from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import parsers
from core.pagination import PageNumberPagination

from . import rules
from .errors import NoCurrentCampaign
from .filters import CampaignFilter
from .schedule import PHASES
from .selectors import Screen, campaign_current, campaign_list, theme_list
from .serializers import (
    CampaignCreatedOutput,
    CampaignCreateInput,
    CampaignOutput,
    CampaignUpdateInput,
    CurrentCampaignQuery,
    PhaseAdvanceInput,
    PhaseMoveInput,
    ThemeOutput,
)
from .services import (
    AreaEnvelope,
    campaign_create,
    campaign_phase_advance,
    campaign_phase_move,
    campaign_update,
)


class CampaignPage(PageNumberPagination):
    """A page of campaigns, with what the reader may do at the list level: ``can.create``."""

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        user = getattr(self.request, "user", None)
        response.data["can"] = {"create": rules.can_campaign_create(user, timezone.now())}
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["can"] = {
            "type": "object",
            "properties": {"create": {"type": "boolean"}},
            "required": ["create"],
        }
        out.setdefault("required", []).append("can")
        return out


class CreateIfAllowed(permissions.BasePermission):
    """Writes only for those the rule lets create a campaign (403 before the body is read; the
    service checks again)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in permissions.SAFE_METHODS:
            rules.check_campaign_create(request.user, timezone.now())
        return True


@extend_schema(tags=["campaigns"])
class CampaignListView(generics.ListAPIView):
    serializer_class = CampaignOutput
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CreateIfAllowed]
    parser_classes = [parsers.JSONParser]
    filterset_class = CampaignFilter
    pagination_class = CampaignPage

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return campaign_list()

    @extend_schema(
        request=CampaignCreateInput,
        responses={201: CampaignCreatedOutput},
        description="Administrators create a campaign: schedule, areas with their envelopes and "
        "reserved share, voting method and its parameters, minimum age. 400 naming each "
        "inconsistent field; 409 `slug_taken` when the slug names an existing campaign.",
    )
    def post(self, request: Request) -> Response:
        data = CampaignCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        campaign = campaign_create(
            actor=request.user,
            now=timezone.now(),
            schedule={p["phase"]: (p["start"], p["end"]) for p in values.pop("phases")},
            areas=[AreaEnvelope(**a) for a in values.pop("areas")],
            **values,
        )
        campaign = campaign_list().prefetch_related("envelopes__area").get(pk=campaign.pk)
        out = CampaignCreatedOutput(campaign, context={"request": request})
        return Response(out.data, status=status.HTTP_201_CREATED)


class CampaignCurrentView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[CurrentCampaignQuery],
        responses={200: CampaignOutput},
        tags=["campaigns"],
        description="The city's campaign a screen opens on now: `propose`, the one open for "
        "proposals; `vote`, the one whose voting is open; `results`, the latest with published "
        "results; `map`, the one open for proposals, else voting, else in review, else with "
        "results (the latest created first). Imported elections are never chosen. 404 "
        "`no_current_campaign` when none fits.",
    )
    def get(self, request: Request) -> Response:
        query = CurrentCampaignQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        screen = Screen(query.validated_data["screen"])
        now = timezone.now()
        campaign = campaign_current(screen=screen, now=now)
        if campaign is None:
            raise NoCurrentCampaign(f"No campaign fits the screen « {screen.value} » now.")
        return Response(CampaignOutput(campaign, context={"request": request, "now": now}).data)


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
        description="Administrators change settings; the voting and tally rules are frozen once "
        "voting opens (409 `ballot_frozen`).",
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
