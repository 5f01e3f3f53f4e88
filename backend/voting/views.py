"""Thin API views for voting: parse, call a service or a selector, serialise. No view returns a
ballot together with anything that names a person."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_gis.fields import GeometryField

from accounts import roles
from campaigns.schedule import is_frozen
from core import parsers
from core.errors import ApplicationError, NotAllowed
from core.throttles import ReceiptCheckThrottle
from projects.models import Project

from . import paper
from . import serializers as s
from .frozen import frozen_snapshot_by_slug
from .models import VoterDeclaration
from .selectors import (
    ballot_by_receipt,
    ballot_projects,
    campaign_area,
    declaration_list,
    envelope_list,
    priority_zone_list,
    project_titles,
    voter_state,
    voting_campaign,
    voting_status,
)
from .services import (
    CastResult,
    ballot_cast,
    ballot_replace,
    campaign_voting_settings_update,
    declaration_review,
    declaration_submit,
    envelope_set,
    paper_ballot_enter,
    paper_ballots_import,
    priority_zones_replace,
    project_priority_set,
)

TAGS = ["voting"]


class GeoJSONParser(parsers.JSONParser):
    media_type = "application/geo+json"


def _cast_response(result: CastResult, code: int) -> Response:
    titles = project_titles(ballot=result.ballot, now=timezone.now())
    data = s.ballot_cast_output(result.receipt, s.ballot_data(result.ballot, titles))
    return Response(data, status=code)


def _campaign_for_ballots(slug: str) -> Any:
    """The campaign a ballot is cast in: once voting has opened, the process's frozen copy (its
    areas; the service reads its schedule again in its transaction), else the database's."""
    snapshot = frozen_snapshot_by_slug(slug=slug, now=timezone.now())
    return snapshot.campaign if snapshot is not None else voting_campaign(slug=slug)


class VotingStatusView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={200: s.VotingStatusOutput},
        tags=TAGS,
        description="Whether you may vote now in each of the campaign's ballots (the city-wide one "
        "and your arrondissement de cœur's), and when not, why; your declaration; the envelopes.",
    )
    def get(self, request: Request, slug: str) -> Response:
        campaign = voting_campaign(slug=slug)
        data = voting_status(user=request.user, campaign=campaign, now=timezone.now())
        return Response(s.VotingStatusOutput(data).data)


class VotingSettingsView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    parser_classes = [parsers.JSONParser]

    def _out(self, campaign: Any) -> Response:
        campaign.frozen = is_frozen(campaign.phase_at(timezone.now()))
        return Response(s.VotingSettingsOutput(campaign).data)

    @extend_schema(responses={200: s.VotingSettingsOutput}, tags=TAGS)
    def get(self, request: Request, slug: str) -> Response:
        return self._out(voting_campaign(slug=slug))

    @extend_schema(
        request=s.VotingSettingsInput,
        responses={200: s.VotingSettingsOutput},
        tags=TAGS,
        description="Administrators set the minimum age and the voting method's parameters; "
        "409 `ballot_frozen` once voting has opened.",
    )
    def patch(self, request: Request, slug: str) -> Response:
        campaign = voting_campaign(slug=slug)
        data = s.VotingSettingsInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason", "")
        campaign = campaign_voting_settings_update(
            campaign=campaign, actor=request.user, now=timezone.now(), reason=reason, **changes
        )
        return self._out(campaign)


class EnvelopeListView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: s.EnvelopeOutput(many=True)}, tags=TAGS)
    def get(self, request: Request, slug: str) -> Response:
        campaign = voting_campaign(slug=slug)
        return Response(s.EnvelopeOutput(envelope_list(campaign=campaign), many=True).data)


class EnvelopeDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.EnvelopeInput,
        responses={200: s.EnvelopeOutput},
        tags=TAGS,
        description="Administrators set an area's envelope and its reserved share (euros); 409 "
        "`ballot_frozen` once voting has opened.",
    )
    def put(self, request: Request, slug: str, code: str) -> Response:
        campaign = voting_campaign(slug=slug)
        area = campaign_area(campaign=campaign, code=code)
        data = s.EnvelopeInput(data=request.data)
        data.is_valid(raise_exception=True)
        envelope = envelope_set(
            campaign=campaign,
            area=area,
            actor=request.user,
            now=timezone.now(),
            **data.validated_data,
        )
        return Response(s.EnvelopeOutput(envelope).data)


class AreaBallotView(APIView):
    permission_classes = [permissions.AllowAny]
    # The ballot is the same for everyone and public: nobody is signed in to read it, so a
    # voter's token costs no query here (once voting has opened, the answer comes from the
    # process's frozen copy without touching the database: vote day's every voter reads it).
    authentication_classes: list[Any] = []

    @extend_schema(
        responses={200: s.BallotProjectOutput(many=True)},
        tags=TAGS,
        description="The projects on an area's ballot, with their cost and whether they are in a "
        "priority neighbourhood.",
    )
    def get(self, request: Request, slug: str, code: str) -> Response:
        snapshot = frozen_snapshot_by_slug(slug=slug, now=timezone.now())
        if snapshot is None:  # before voting opens: the ballot may still change
            campaign = voting_campaign(slug=slug)
            area = campaign_area(campaign=campaign, code=code)
            projects = ballot_projects(campaign=campaign, area=area)
            return Response(s.BallotProjectOutput(projects, many=True).data)
        area = snapshot.area(code)
        if area is None:
            raise Http404
        data = snapshot.remember(
            ("ballot", area.pk),
            lambda: (
                s.BallotProjectOutput(
                    ballot_projects(campaign=snapshot.campaign, area=area), many=True
                ).data
            ),
        )
        return Response(data)


class PriorityZonesView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    parser_classes = [parsers.JSONParser, GeoJSONParser]

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
        tags=TAGS,
        description="The campaign's priority zones as a GeoJSON FeatureCollection.",
    )
    def get(self, request: Request, slug: str) -> Response:
        campaign = voting_campaign(slug=slug)
        geometry = GeometryField()
        features = [
            {
                "type": "Feature",
                "id": zone.pk,
                "geometry": geometry.to_representation(zone.geometry),
                "properties": {"name": zone.name},
            }
            for zone in priority_zone_list(campaign=campaign)
        ]
        return Response({"type": "FeatureCollection", "features": features})

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: s.PriorityZonesResult},
        tags=TAGS,
        description="Administrators replace the priority zones with a GeoJSON FeatureCollection "
        "(or one Feature, or one geometry) of Polygons and MultiPolygons in Paris (WGS 84); a "
        "feature's `name` (or `nom`) property names it. All or nothing; 409 `ballot_frozen` once "
        "voting has opened.",
    )
    def put(self, request: Request, slug: str) -> Response:
        campaign = voting_campaign(slug=slug)
        zones = priority_zones_replace(
            campaign=campaign, actor=request.user, geojson=request.data, now=timezone.now()
        )
        return Response({"zones": len(zones)})


class ProjectPriorityView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.PriorityInput,
        responses={200: s.BallotProjectOutput},
        tags=TAGS,
        description="Officials of the project's area flag it as in a priority neighbourhood (it "
        "then counts towards the reserved share), until voting opens.",
    )
    def put(self, request: Request, pk: int) -> Response:
        project = get_object_or_404(Project.objects.all(), pk=pk)
        data = s.PriorityInput(data=request.data)
        data.is_valid(raise_exception=True)
        project = project_priority_set(
            project=project, actor=request.user, now=timezone.now(), **data.validated_data
        )
        fresh = ballot_projects(campaign=project.campaign).get(pk=project.pk)
        return Response(s.BallotProjectOutput(fresh).data)


class MyDeclarationView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        responses={200: s.DeclarationOutput},
        tags=TAGS,
        description="Your declaration for the campaign, as recorded (404 when you have none).",
    )
    def get(self, request: Request, slug: str) -> Response:
        campaign = voting_campaign(slug=slug)
        declaration = voter_state(user=request.user, campaign=campaign).declaration
        if declaration is None:
            raise Http404
        return Response(s.DeclarationOutput(declaration).data)

    @extend_schema(
        request=s.DeclarationInput,
        responses={200: s.DeclarationOutput},
        tags=TAGS,
        description="Declare your birth date and home address (placed by the geocoder in Paris) "
        "and your arrondissement de cœur (default: your home's). It can be corrected until you "
        "vote; a corrected declaration is checked again.",
    )
    def put(self, request: Request, slug: str) -> Response:
        campaign = voting_campaign(slug=slug)
        data = s.DeclarationInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        declaration = declaration_submit(
            user=request.user,
            campaign=campaign,
            birth_date=values["birth_date"],
            address=values["address"],
            heart_area_code=values["heart_area"],
            full_name=values["full_name"],
            now=timezone.now(),
        )
        return Response(s.DeclarationOutput(declaration).data)


class DeclarationListView(generics.ListAPIView):
    """Officials: the declarations of the voters whose arrondissement de cœur they handle."""

    serializer_class = s.DeclarationOfficialOutput
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return VoterDeclaration.objects.none()
        if not roles.is_official(self.request.user):
            raise NotAllowed("Only officials review voters' declarations.")
        campaign = voting_campaign(slug=self.kwargs["slug"])
        qs = declaration_list(user=self.request.user, campaign=campaign)
        wanted = self.request.query_params.get("status")
        if wanted is not None:
            if wanted not in VoterDeclaration.Status.values:
                raise ApplicationError(
                    "Unknown status: use pending, checked or refused.",
                    code="invalid_choice",
                    field="status",
                )
            qs = qs.filter(status=wanted)
        return qs

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "status", str, enum=list(VoterDeclaration.Status.values), required=False
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class DeclarationReviewView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.DeclarationReviewInput,
        responses={200: s.DeclarationOfficialOutput},
        tags=TAGS,
        description="Officials mark a declaration checked or refused (with the reason the voter "
        "is told); a refused person's ballots stop counting. Audited.",
    )
    def post(self, request: Request, pk: int) -> Response:
        declaration = get_object_or_404(VoterDeclaration.objects.all(), pk=pk)
        data = s.DeclarationReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        declaration = declaration_review(
            declaration=declaration, actor=request.user, now=timezone.now(), **data.validated_data
        )
        return Response(s.DeclarationOfficialOutput(declaration).data)


class BallotCastView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.BallotInput,
        responses={201: s.BallotCastOutput},
        tags=TAGS,
        description="Cast your ballot in one of the campaign's ballots. Refused with a 400 saying "
        "why (too many projects, over the envelope, a project of another area, an unknown grade, "
        "voting closed, too young…), a 403 ``email_not_verified`` until your email address is "
        "confirmed, or a 409 when you have already voted. The receipt code is shown once: keep "
        "it to check or replace your ballot.",
    )
    def post(self, request: Request, slug: str) -> Response:
        campaign = _campaign_for_ballots(slug)
        values = s.ballot_input(request.data)
        if values is None:
            data = s.BallotInput(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        area = campaign_area(campaign=campaign, code=values.pop("area"))
        result = ballot_cast(
            voter=request.user, campaign=campaign, area=area, now=timezone.now(), **values
        )
        return _cast_response(result, status.HTTP_201_CREATED)


class PaperBallotView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.PaperBallotInput,
        responses={201: s.BallotCastOutput},
        tags=TAGS,
        description="Officials of the area (administrators: any) enter one ballot collected at a "
        "polling station while voting is open, with its voter: their account's email, or their "
        "full name, birth date and address (kept in the voter roll). The online rules apply "
        "(age, area, eligibility, the method); a person who voted online cannot vote on paper "
        "in the same area, nor the reverse (409). The receipt code is returned once, for the "
        "official to hand to the voter. 403 for an official of another area, 409 out of the "
        "voting phase.",
    )
    def post(self, request: Request, slug: str, code: str) -> Response:
        campaign = voting_campaign(slug=slug)
        area = campaign_area(campaign=campaign, code=code)
        data = s.PaperBallotInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = paper_ballot_enter(
            campaign=campaign,
            area=area,
            actor=request.user,
            now=timezone.now(),
            **data.validated_data,
        )
        return _cast_response(result, status.HTTP_201_CREATED)


class PaperBallotImportView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": s.PaperImportInput},
        responses={201: s.PaperImportOutput},
        tags=TAGS,
        description="Officials of the area (administrators: any) enter the ballots of a CSV file "
        "at once, all or nothing. A file with errors enters nothing: 400 with code "
        "``paper_file_invalid`` and ``errors`` keyed ``line N.column`` (the file's line numbers, "
        "the header being line 1; ``line N`` for the whole line, ``file`` for the file), e.g. "
        '``{"line 12.birth_date": ["…"], "line 14.email": ["…"], "line 15.2041": ["…"]}``. '
        "No receipt codes: the voters have left the polling station.",
    )
    def post(self, request: Request, slug: str, code: str) -> Response:
        campaign = voting_campaign(slug=slug)
        area = campaign_area(campaign=campaign, code=code)
        data = s.PaperImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > paper.MAX_FILE_BYTES:
            raise ApplicationError(
                f"The file is larger than {paper.MAX_FILE_BYTES // 1_000_000} MB.", field="file"
            )
        entered = paper_ballots_import(
            campaign=campaign, area=area, actor=request.user, data=upload.read(), now=timezone.now()
        )
        return Response(s.PaperImportOutput({"entered": entered}).data, status.HTTP_201_CREATED)


class BallotReplaceView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.BallotReplaceInput,
        responses={200: s.BallotCastOutput},
        tags=TAGS,
        description="Replace your ballot until voting closes, with its receipt code: the old "
        "ballot is removed and the new one gets a new receipt code (shown once).",
    )
    def post(self, request: Request, slug: str) -> Response:
        campaign = _campaign_for_ballots(slug)
        data = s.BallotReplaceInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        area = campaign_area(campaign=campaign, code=values.pop("area"))
        result = ballot_replace(
            voter=request.user, campaign=campaign, area=area, now=timezone.now(), **values
        )
        return _cast_response(result, status.HTTP_200_OK)


class ReceiptCheckView(APIView):
    """Anyone holding a receipt code sees the ballot it belongs to: counted or not, and what it
    contains; never who cast it."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []  # the answer is the same for everyone
    parser_classes = [parsers.JSONParser]
    throttle_classes = [ReceiptCheckThrottle]

    def _answer(self, code: str | None) -> Response:
        data = s.ReceiptInput(data={"receipt": code})
        data.is_valid(raise_exception=True)
        ballot = ballot_by_receipt(code=data.validated_data["receipt"])
        if ballot is None:
            raise Http404
        return Response(s.BallotOutput(s.ballot_data(ballot, project_titles(ballot=ballot))).data)

    @extend_schema(
        parameters=[s.ReceiptInput],  # the query is read by that serializer
        responses={200: s.BallotOutput},
        tags=TAGS,
        description="Check a ballot with its receipt code (prefer POST: a code in an address "
        "ends up in logs). 404 when no ballot has this code (never cast, or replaced). Limited "
        "per client address (``RECEIPT_CHECK_THROTTLE``, 60 an hour): then 429 ``throttled`` "
        "with ``Retry-After``.",
    )
    def get(self, request: Request) -> Response:
        return self._answer(request.query_params.get("receipt"))

    @extend_schema(request=s.ReceiptInput, responses={200: s.BallotOutput}, tags=TAGS)
    def post(self, request: Request) -> Response:
        return self._answer(request.data.get("receipt") if isinstance(request.data, dict) else None)
