"""Thin API views for results: check the rule, call a selector or a service, serialise."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, renderers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.models import Campaign
from core import parsers
from review.export import BOM, DELIMITER, safe_cell
from voting.selectors import late_refusals

from . import rules
from . import serializers as s
from .models import Result
from .selectors import ballot_file, campaign_area, campaign_by_slug, published_results, results_for
from .services import results_compare

TAGS = ["results"]
AREA = OpenApiParameter(
    "area", OpenApiTypes.STR, required=False, description="One area's code (default: every area)"
)
CSV_HEADER = [
    "area",
    "rank",
    "id",
    "project",
    "title",
    "cost",
    "selected",
    "priority",
    "votes",
    "points",
    "majority_grade",
    *(f"share_{key}" for key in ("adore", "aime_bien", "pourquoi_pas", "pas_convaincu")),
    "rule",
]


class FileRenderer(renderers.BaseRenderer):
    """Lets clients ask for the file's type; errors are always answered as JSON."""

    media_type = "text/plain"
    format = "txt"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        return renderers.JSONRenderer().render(data)


class CSVRenderer(FileRenderer):
    media_type = "text/csv"
    format = "csv"


class GeoJSONRenderer(FileRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class FileView(APIView):
    permission_classes = [permissions.AllowAny]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(response, Response):  # an error: always in the JSON error format
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


def _visible(request: Request, slug: str) -> tuple[Campaign, list[Result]]:
    campaign = campaign_by_slug(slug=slug)
    rules.check_results_view(request.user, campaign, timezone.now())
    code = request.query_params.get("area")
    if code is not None:
        campaign_area(campaign=campaign, code=code)  # 400 for an unknown area
    return campaign, results_for(campaign, published_results(campaign=campaign, area_code=code))


class ResultsView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[AREA],
        responses={200: s.ResultsOutput},
        tags=TAGS,
        description="The published results of each area's ballot: winners in order, every "
        "project's votes, points or grade profile, costs, the envelope and the reserved share "
        "used, turnout (online and paper), the rule in words and the SHA-256 of its inputs. "
        "Public from the results phase on (409 `phase_closed` before, for everyone: nothing about "
        "the ballots is shown while the vote is open or being checked). Declarations refused "
        "after counting started are reported (`late_refusals`), never subtracted.",
    )
    def get(self, request: Request, slug: str) -> Response:
        campaign, results = _visible(request, slug)
        now = timezone.now()
        data = {
            "campaign": campaign.slug,
            "phase": campaign.phase_at(now),
            "public": rules.allowed(rules.check_results_view, None, campaign, now),
            "count_started_at": campaign.count_started_at,
            "late_refusals": late_refusals(campaign=campaign),
            "can": rules.actions(request.user, campaign, now),
            "areas": results,
        }
        return Response(s.ResultsOutput(data, context={"request": request}).data)


class ResultsCSVView(FileView):
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    @extend_schema(
        parameters=[AREA],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="UTF-8 with a byte order mark, `;`-separated, one line per project "
                "and area in ranking order: " + ", ".join(CSV_HEADER) + ".",
            )
        },
        tags=TAGS,
        description="The published results as CSV (same visibility as the JSON).",
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        campaign, results = _visible(request, slug)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for result in results:
            for row in result.projects:
                shares = row.get("grade_shares", {})
                writer.writerow(
                    safe_cell(value)
                    for value in [
                        result.area.code,
                        row["rank"],
                        row["id"],
                        row["project"],
                        row["title"],
                        row["cost"],
                        int(row["selected"]),
                        int(row["priority"]),
                        row["votes"],
                        row.get("points", ""),
                        row.get("majority_grade", ""),
                        *(
                            shares.get(k, "")
                            for k in ("adore", "aime_bien", "pourquoi_pas", "pas_convaincu")
                        ),
                        result.rule,
                    ]
                )
        response = HttpResponse(BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-results.csv"'
        return response


class ResultsGeoJSONView(FileView):
    renderer_classes = [renderers.JSONRenderer, GeoJSONRenderer]

    @extend_schema(
        parameters=[AREA],
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A FeatureCollection of the winning projects that have a location, "
                "as points (WGS 84), with their area, rank, cost and figures.",
            )
        },
        tags=TAGS,
        description="The winners as GeoJSON points (same visibility as the JSON).",
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        _, results = _visible(request, slug)
        features = []
        for result in results:
            for row in result.projects:
                if not row["selected"] or "longitude" not in row:
                    continue
                properties = {k: v for k, v in row.items() if k not in ("longitude", "latitude")}
                features.append(
                    {
                        "type": "Feature",
                        "id": row["project"],
                        "geometry": {
                            "type": "Point",
                            "coordinates": [row["longitude"], row["latitude"]],
                        },
                        "properties": {"area": result.area.code, "rule": result.rule, **properties},
                    }
                )
        body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
        return HttpResponse(body, content_type="application/geo+json; charset=utf-8")


class BallotFileView(FileView):
    renderer_classes = [renderers.JSONRenderer, FileRenderer]

    @extend_schema(
        responses={
            (200, "text/plain"): OpenApiResponse(
                OpenApiTypes.STR,
                description="The area's counted ballots in the pabulib `.pb` format: META "
                "(budget, vote type, rule), PROJECTS, VOTES; voter ids are receipt hashes, "
                "sorted (an order unrelated to casting). Majority-judgment grades are points 0 "
                "(« Je ne suis pas convaincu·e ») to 3 (« J'adore »).",
            )
        },
        tags=TAGS,
        description="The published ballot file of an area, to recompute its result with "
        "pabutools or `manage.py pb_tally` (same visibility as the results).",
    )
    def get(self, request: Request, slug: str, code: str) -> HttpResponse:
        campaign = campaign_by_slug(slug=slug)
        if code not in {area.code for area in campaign.areas.all()}:
            raise Http404
        rules.check_ballot_file(request.user, campaign, timezone.now())
        text, _ = ballot_file(campaign=campaign, area_code=code)
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-{code}.pb"'
        return response


class ResultsCompareView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        request=s.CompareInput,
        responses={200: s.CompareOutput},
        tags=TAGS,
        description="Administrators compute the result of another rule (for every area, or "
        "one) once voting has closed, to compare: returned and kept unpublished; the published "
        "result does not change. Audited.",
    )
    def post(self, request: Request, slug: str) -> Response:
        campaign = campaign_by_slug(slug=slug)
        data = s.CompareInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        rules.check_results_compare(request.user, campaign, timezone.now())
        area = campaign_area(campaign=campaign, code=values["area"]) if "area" in values else None
        results = results_compare(
            campaign=campaign,
            actor=request.user,
            rule=values["rule"],
            area=area,
            now=timezone.now(),
        )
        out = {"campaign": campaign.slug, "rule": values["rule"], "areas": results}
        return Response(s.CompareOutput(out).data)
