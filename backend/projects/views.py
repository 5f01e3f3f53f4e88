"""Thin API views for ballot projects: parse, call a service or a selector, serialise.

Writes take JSON bodies only: a form-encoded list of ids would be one form field per id
(Django refuses more than 1000 before the view can answer in the API's error format)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import parsers
from core.geojson import NOT_MODIFIED, REVALIDATION_PARAMETERS, revalidated_json
from proposals.selectors import proposal_list
from proposals.serializers import ProposalOfficialOutput

from .filters import ProjectFilter
from .models import Project
from .selectors import project_list, project_map_geojson, project_map_list, proposals_by_ids
from .serializers import (
    MergeInput,
    ProjectAddProposalsInput,
    ProjectCreateInput,
    ProjectMapCollection,
    ProjectOutput,
    ProjectUpdateInput,
)
from .services import (
    project_add_proposals,
    project_create_from_proposals,
    project_update,
    proposal_merge_into,
)

TAGS = ["projects"]


def _out(request: Request, project: Project, code: int = status.HTTP_200_OK) -> Response:
    """The project as read by ``request``'s user, fetched again with what the output needs."""
    fresh = get_object_or_404(project_list(user=request.user), pk=project.pk)
    context = {"request": request, "now": timezone.now()}
    return Response(ProjectOutput(fresh, context=context).data, status=code)


class ProjectListView(generics.ListAPIView):
    """Ballot projects (public), with their source proposals and what you may do with each."""

    serializer_class = ProjectOutput
    filterset_class = ProjectFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    parser_classes = [parsers.JSONParser]

    def get_queryset(self) -> Any:
        return project_list(user=self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": timezone.now()}

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ProjectCreateInput,
        responses={201: ProjectOutput},
        tags=TAGS,
        description="Officials make a ballot project from accepted proposals of one campaign and "
        "one area, while the campaign's phase allows merging. Several proposals are merged into "
        "it (status `merged`, authors notified); a single one stays `accepted`, linked to it.",
    )
    def post(self, request: Request) -> Response:
        data = ProjectCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        proposals = proposals_by_ids(user=request.user, ids=values.pop("proposals"))
        project = project_create_from_proposals(
            proposals=proposals, actor=request.user, now=timezone.now(), **values
        )
        return _out(request, project, status.HTTP_201_CREATED)


class ProjectDetailView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    parser_classes = [parsers.JSONParser]

    @extend_schema(responses={200: ProjectOutput}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        project = get_object_or_404(project_list(user=request.user), pk=pk)
        context = {"request": request, "now": timezone.now()}
        return Response(ProjectOutput(project, context=context).data)

    @extend_schema(
        request=ProjectUpdateInput,
        responses={200: ProjectOutput},
        tags=TAGS,
        description="Officials of the project's area change its title, description, cost, theme "
        "or locations; refused with 409 `ballot_frozen` once voting has opened.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        project = get_object_or_404(Project.objects.all(), pk=pk)
        data = ProjectUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        project = project_update(
            project=project, actor=request.user, now=timezone.now(), **data.validated_data
        )
        return _out(request, project)


class ProjectAddProposalsView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=ProjectAddProposalsInput,
        responses={200: ProjectOutput},
        tags=TAGS,
        description="Merge more accepted proposals of the project's campaign and area into it "
        "(status `merged`, authors notified, their points added to the project's locations).",
    )
    def post(self, request: Request, pk: int) -> Response:
        project = get_object_or_404(Project.objects.all(), pk=pk)
        data = ProjectAddProposalsInput(data=request.data)
        data.is_valid(raise_exception=True)
        proposals = proposals_by_ids(user=request.user, ids=data.validated_data["proposals"])
        project = project_add_proposals(
            project=project, proposals=proposals, actor=request.user, now=timezone.now()
        )
        return _out(request, project)


class ProposalMergeView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=MergeInput,
        responses={200: ProposalOfficialOutput},
        tags=TAGS,
        description="Merge an accepted proposal into another accepted proposal of the same "
        "campaign and area (a duplicate): status `merged`, `merged_into` set, author notified.",
    )
    def post(self, request: Request, pk: int) -> Response:
        visible = proposal_list(user=request.user)
        proposal = get_object_or_404(visible, pk=pk)
        data = MergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        (target,) = proposals_by_ids(
            user=request.user, ids=[data.validated_data["into"]], field="into"
        )
        now = timezone.now()
        proposal = proposal_merge_into(
            proposal=proposal, target=target, actor=request.user, now=now
        )
        context = {"request": request, "now": now}  # the service checked the user's area
        return Response(ProposalOfficialOutput(proposal, context=context).data)


# Compressed: a city-wide map is megabytes of GeoJSON (about a tenth once gzipped).
@method_decorator(gzip_page, name="get")
class ProjectMapView(generics.GenericAPIView):
    """Every project with locations in one GeoJSON FeatureCollection, written by PostgreSQL."""

    filterset_class = ProjectFilter
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self) -> Any:
        return project_map_list()

    @extend_schema(
        operation_id="map_projects_list",
        responses={200: ProjectMapCollection, 304: NOT_MODIFIED},
        parameters=REVALIDATION_PARAMETERS,
        filters=True,
        tags=TAGS,
        description="Every ballot project that has locations, one point each (one of its "
        "locations), in one FeatureCollection ordered by id, without pagination: the map's "
        "lean path. Coordinates are rounded to 6 decimals. The answer carries an `ETag` and "
        "`Cache-Control: no-cache`: send it back in `If-None-Match` to get a 304 while nothing "
        "changed.",
    )
    def get(self, request: Request) -> HttpResponse:
        queryset = self.filter_queryset(self.get_queryset())
        return revalidated_json(request, project_map_geojson(queryset=queryset))
