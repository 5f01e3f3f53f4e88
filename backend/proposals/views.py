"""Thin API views for proposals: parse, call a service or a selector, serialise."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.pagination import GeoJsonPagination

from accounts import roles
from core import parsers
from core.geojson import NOT_MODIFIED, REVALIDATION_PARAMETERS, revalidated_json
from core.pagination import StrictPageNumberMixin
from core.throttles import ProposalCreateThrottle
from core.tiles import MAX_ZOOM, tile_coordinates

from .filters import ProposalFilter, ProposalMapFilter, ProposalTileFilter
from .map_cache import TILE_SECONDS
from .map_warm import map_tile_answer
from .selectors import proposal_list, proposal_map_geojson, proposal_map_list
from .serializers import (
    ProposalFeature,
    ProposalInput,
    ProposalMapCollection,
    ProposalOfficialOutput,
    ProposalOutput,
    ProposalTileCollection,
    ProposalUpdateInput,
)
from .services import proposal_submit, proposal_update, proposal_withdraw


def output_for(request: Request, proposal, now=None):  # type: ignore[no-untyped-def]
    """The public representation, or the officials' one for officials of the proposal's area."""
    context = {"request": request, "now": now or timezone.now()}
    user = request.user
    if roles.is_official(user) and roles.handles_area(user, proposal.area_id):
        return ProposalOfficialOutput(proposal, context=context)
    return ProposalOutput(proposal, context=context)


class ProposalPagination(StrictPageNumberMixin, GeoJsonPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_paginated_response_schema(self, schema: dict) -> dict:
        # The schema of what get_paginated_response really answers (rest_framework_gis's own
        # declares a `results` key it never sends).
        return {
            "type": "object",
            "required": ["type", "count", "features"],
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "count": {"type": "integer", "example": 123},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "features": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/ProposalFeature"},
                },
            },
        }


class ProposalListView(generics.ListAPIView):
    """Proposals as a paginated GeoJSON FeatureCollection. The public sees placed proposals;
    authors also see their own pending ones; officials see all."""

    serializer_class = ProposalFeature
    filterset_class = ProposalFilter
    pagination_class = ProposalPagination
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    throttle_classes = [ProposalCreateThrottle]  # deposits only; reading is not throttled
    parser_classes = [parsers.JSONParser]  # a GeoJSON `location` has no form encoding

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return proposal_list(user=self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": timezone.now()}

    @extend_schema(tags=["proposals"])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ProposalInput,
        responses={201: ProposalOutput},
        tags=["proposals"],
        description="Deposit a proposal (signed in, while the campaign is open for submissions).",
    )
    def post(self, request: Request) -> Response:
        data = ProposalInput(data=request.data)
        data.is_valid(raise_exception=True)
        now = timezone.now()
        proposal = proposal_submit(author=request.user, now=now, **data.validated_data)
        out = ProposalOutput(proposal, context={"request": request, "now": now})
        return Response(out.data, status=status.HTTP_201_CREATED)


class ProposalDetailView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    parser_classes = [parsers.JSONParser]  # a GeoJSON `location` has no form encoding

    def _get(self, request: Request, pk: int):  # type: ignore[no-untyped-def]
        return get_object_or_404(proposal_list(user=request.user), pk=pk)

    @extend_schema(
        responses={200: ProposalOutput},
        tags=["proposals"],
        description="Officials of the proposal's area also get `report_count`, `assignee`, "
        "`private_notes` and the prepared answer (`prepared_decision`, `prepared_cost`, "
        "`prepared_answer`).",
    )
    def get(self, request: Request, pk: int) -> Response:
        proposal = self._get(request, pk)
        return Response(output_for(request, proposal).data)

    @extend_schema(
        request=ProposalUpdateInput,
        responses={200: ProposalOutput},
        tags=["proposals"],
        description="The author edits their proposal while submissions are open.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        proposal = self._get(request, pk)
        data = ProposalUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        now = timezone.now()
        proposal = proposal_update(
            proposal=proposal, user=request.user, now=now, **data.validated_data
        )
        return Response(ProposalOutput(proposal, context={"request": request, "now": now}).data)


class ProposalWithdrawView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: ProposalOutput},
        tags=["proposals"],
        description="The author withdraws their proposal while submissions are open.",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal = get_object_or_404(proposal_list(user=request.user), pk=pk)
        now = timezone.now()
        proposal = proposal_withdraw(proposal=proposal, user=request.user, now=now)
        return Response(ProposalOutput(proposal, context={"request": request, "now": now}).data)


# Compressed: a city-wide map is megabytes of GeoJSON (about a tenth once gzipped).
@method_decorator(gzip_page, name="get")
class ProposalMapView(generics.GenericAPIView):
    """Every proposal of the public map in one GeoJSON FeatureCollection, written by PostgreSQL."""

    filterset_class = ProposalMapFilter
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return proposal_map_list()

    @extend_schema(
        operation_id="map_proposals_list",
        responses={200: ProposalMapCollection, 304: NOT_MODIFIED},
        parameters=REVALIDATION_PARAMETERS,
        filters=True,
        tags=["proposals"],
        description="Every proposal the public sees (never hidden or withdrawn ones, whoever "
        "asks) that has a point, in one FeatureCollection ordered by id, without pagination: "
        "the map's lean path. Coordinates are rounded to 6 decimals. The answer carries an "
        "`ETag` and `Cache-Control: no-cache`: send it back in `If-None-Match` to get a 304 "
        "while nothing changed.",
    )
    def get(self, request: Request) -> HttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        return revalidated_json(request, proposal_map_geojson(queryset=queryset))


def _tile_parameter(name: str, description: str, maximum: int) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 0, "maximum": maximum},
        OpenApiParameter.PATH,
        description=description,
    )


class ProposalTileView(generics.GenericAPIView):
    """One tile of the public map: its proposals counted in clusters (ADR 0008)."""

    filterset_class = ProposalTileFilter
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return proposal_map_list()

    @extend_schema(
        operation_id="map_proposals_tile",
        responses={200: ProposalTileCollection, 304: NOT_MODIFIED},
        parameters=[
            _tile_parameter("z", f"Zoom, 0 to {MAX_ZOOM}", MAX_ZOOM),
            _tile_parameter("x", "Column, 0 to 2^z - 1 (west to east)", 2**MAX_ZOOM - 1),
            _tile_parameter("y", "Row, 0 to 2^z - 1 (north to south)", 2**MAX_ZOOM - 1),
            *REVALIDATION_PARAMETERS,
        ],
        filters=True,
        tags=["proposals"],
        description="The proposals of one Web Mercator tile (the numbering of OpenStreetMap's "
        "tiles) with the filters of the lean path, counted per cell of a 4 × 4 grid: the map "
        "of a large campaign at the city's zooms, in at most a few kilobytes. A coordinate "
        "out of range is a 400. Tiles are cached and forgotten when a proposal of the campaign "
        "changes (at the latest after "
        f"{TILE_SECONDS // 60} minutes); the answer carries an `ETag` and "
        "`Cache-Control: no-cache`: send it back in `If-None-Match` to get a 304 while nothing "
        "changed.",
    )
    def get(self, request: Request, z: str, x: str, y: str) -> HttpResponse:
        tile = tile_coordinates(z, x, y)
        filterset = DjangoFilterBackend().get_filterset(request, self.get_queryset(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return revalidated_json(request, map_tile_answer(filterset, tile))
