"""Thin API views for the feasibility study: parse, call a service or a selector, serialise.

Writes take JSON bodies only: a form-encoded list of ids would be one form field per id
(Django refuses more than 1000 before the view can answer in the API's error format)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import generics, permissions, renderers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import roles
from campaigns.rules import role_allows
from campaigns.schedule import Action
from core import parsers
from core.errors import NotAllowed
from core.fields import SLUG_SCHEMA
from proposals.models import Proposal
from proposals.selectors import proposal_list
from proposals.serializers import ProposalOfficialOutput

from . import serializers as s
from .export import csv_lines
from .filters import ReviewQueueFilter
from .selectors import proposal_duplicates, review_export, review_queue
from .services import (
    proposal_accept,
    proposal_assign,
    proposal_note,
    proposal_prepare_answer,
    proposal_reject,
    proposal_start_review,
    proposals_bulk,
    proposals_publish_prepared,
)

TAGS = ["review"]


class IsOfficial(permissions.BasePermission):
    """Mirrors ``accounts.roles.is_official``; the services check the area and the phase."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not roles.is_official(request.user):
            raise NotAllowed("Only officials and administrators can study proposals.")
        return True


class _ProposalActionView(APIView):
    """One review action on one proposal; answers the officials' view of the proposal."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    def _proposal(self, request: Request, pk: int) -> Proposal:
        return get_object_or_404(proposal_list(user=request.user), pk=pk)

    def _input(self, serializer_class: type, request: Request) -> dict:
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def _out(self, request: Request, proposal: Proposal, now: datetime) -> Response:
        # The service has just checked that the user handles the proposal's area.
        return Response(
            ProposalOfficialOutput(proposal, context={"request": request, "now": now}).data
        )


def _action_schema(request: Any, description: str) -> Any:
    return extend_schema(
        request=request,
        responses={200: ProposalOfficialOutput},
        tags=TAGS,
        description=description,
    )


class ProposalStartReviewView(_ProposalActionView):
    @_action_schema(
        None,
        "`submitted` → `in_review` (officials of the proposal's area, while the "
        "campaign's phase allows reviewing).",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal, now = self._proposal(request, pk), timezone.now()
        proposal = proposal_start_review(proposal=proposal, actor=request.user, now=now)
        return self._out(request, proposal, now)


class ProposalAcceptView(_ProposalActionView):
    @_action_schema(
        s.AcceptInput,
        "`submitted` | `in_review` → `accepted`, with the estimated "
        "cost in euros (required) and an optional public answer; the author is "
        "notified.",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal, now = self._proposal(request, pk), timezone.now()
        data = self._input(s.AcceptInput, request)
        proposal = proposal_accept(proposal=proposal, actor=request.user, now=now, **data)
        return self._out(request, proposal, now)


class ProposalRejectView(_ProposalActionView):
    @_action_schema(
        s.RejectInput,
        "`submitted` | `in_review` → `rejected`, with a public reason "
        "(required); the author is notified.",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal, now = self._proposal(request, pk), timezone.now()
        data = self._input(s.RejectInput, request)
        proposal = proposal_reject(proposal=proposal, actor=request.user, now=now, **data)
        return self._out(request, proposal, now)


class ProposalNotesView(_ProposalActionView):
    @_action_schema(
        s.NotesInput, "Replace the officials' private notes (never shown to the public)."
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal, now = self._proposal(request, pk), timezone.now()
        data = self._input(s.NotesInput, request)
        proposal = proposal_note(proposal=proposal, actor=request.user, now=now, **data)
        return self._out(request, proposal, now)


class ProposalPrepareView(_ProposalActionView):
    @_action_schema(
        s.PrepareInput,
        "Prepare a decision without publishing it (checked as the "
        "real one); `POST /review/publish/` publishes the prepared answers together. "
        "An empty `prepared_decision` clears it.",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal, now = self._proposal(request, pk), timezone.now()
        data = s.PrepareInput(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_prepare_answer(
            proposal=proposal, actor=request.user, now=now, **data.to_service()
        )
        return self._out(request, proposal, now)


class ProposalAssignView(_ProposalActionView):
    @_action_schema(
        s.AssignInput,
        "Give the study to an official who handles the proposal's "
        "area (`assignee: null` unassigns).",
    )
    def post(self, request: Request, pk: int) -> Response:
        proposal, now = self._proposal(request, pk), timezone.now()
        data = self._input(s.AssignInput, request)
        proposal = proposal_assign(proposal=proposal, actor=request.user, now=now, **data)
        return self._out(request, proposal, now)


class ProposalDuplicatesView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsOfficial]

    @extend_schema(
        parameters=[s.DuplicatesQuery],
        responses={200: s.DuplicateOutput(many=True)},
        tags=TAGS,
        description="Possible duplicates of a proposal, best first (at most 10): other proposals "
        "of the campaign within `radius` metres that are similar in text, withdrawn and merged "
        "ones left out. Officials of the proposal's area.",
    )
    def get(self, request: Request, pk: int) -> Response:
        proposal = get_object_or_404(proposal_list(user=request.user), pk=pk)
        if not role_allows(request.user, Action.REVIEW, area_id=proposal.area_id):
            raise NotAllowed("You do not handle this proposal's area.")
        query = s.DuplicatesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = proposal_duplicates(proposal=proposal, radius_m=query.validated_data["radius"])
        return Response(s.DuplicateOutput(found, many=True).data)


class ReviewQueueView(generics.ListAPIView):
    """The officials' review list: the proposals of the areas they handle (administrators: all),
    oldest first, with the officials' fields (notes, prepared answer, assignee)."""

    serializer_class = ProposalOfficialOutput
    filterset_class = ReviewQueueFilter
    permission_classes = [permissions.IsAuthenticated, IsOfficial]

    def get_queryset(self) -> Any:
        return review_queue(user=self.request.user)

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": timezone.now()}

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ReviewBulkView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsOfficial]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="BulkInput",
            serializers=list(s.BULK_VARIANTS.values()),
            resource_type_field_name=None,  # the variants' `action` enums tell them apart
        ),
        responses={200: s.BulkOutput},
        tags=TAGS,
        description="One action on up to 500 proposals, **all or nothing**: every proposal must "
        "pass the same checks as alone, in one transaction. The first refusal cancels all and is "
        "answered with its own status and code (403 area, 409 phase or state, 400 value), its "
        "message naming the proposal, e.g. `Proposal #12: …`, also under `errors.ids`. "
        "`accept` needs `cost` (the same for each), `reject` needs `answer` (the same public "
        "reason), `assign` takes `assignee` (an email; null unassigns).",
    )
    def post(self, request: Request) -> Response:
        data = s.BulkInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = proposals_bulk(actor=request.user, now=timezone.now(), **data.validated_data)
        return Response(s.BulkOutput(result).data)


class ReviewPublishView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsOfficial]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.PublishInput,
        responses={200: s.PublishOutput},
        tags=TAGS,
        description="Publish together the prepared answers of a campaign in the areas you handle "
        "(or in `area`), each as an acceptance or a rejection, authors notified. All or nothing.",
    )
    def post(self, request: Request) -> Response:
        data = s.PublishInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = proposals_publish_prepared(
            actor=request.user, now=timezone.now(), **data.validated_data
        )
        return Response(s.PublishOutput(result).data)


class CSVRenderer(renderers.BaseRenderer):
    """Lets clients ask for ``text/csv``; the export streams itself, errors are JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        return renderers.JSONRenderer().render(data)


class ReviewExportView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated, IsOfficial]
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]
    filterset_class = ReviewQueueFilter
    pagination_class = None

    def get_queryset(self) -> Any:
        return review_export(user=self.request.user)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(response, Response):  # an error: always in the JSON error format
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        operation_id="review_export_csv",
        parameters=[
            OpenApiParameter(
                "campaign", dict(SLUG_SCHEMA), required=True, description="Campaign slug"
            )
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="UTF-8 with a byte order mark, `;`-separated, one line per proposal: "
                "id, title, status, area, district, theme, author (display name), "
                "estimated_cost, public_answer, prepared_decision, assignee, created_at, "
                "decided_at (Europe/Paris). Cells that a spreadsheet would run as formulas start "
                "with an apostrophe.",
            )
        },
        description="The proposals of the areas you handle (administrators: all) as CSV, with "
        "the same filters as the review queue; `campaign` is required.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        query = s.ExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        campaign = query.validated_data["campaign"]
        proposals = self.filter_queryset(self.get_queryset()).filter(campaign=campaign)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(
            (line for line in csv_lines(proposals.iterator(chunk_size=500))),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="belvedere-{campaign.slug}-{stamp}.csv"'
        )
        return response
