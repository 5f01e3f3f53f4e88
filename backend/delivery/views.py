"""Thin API views for winning projects' delivery: parse, call a service or a selector,
serialise. The public reads first make the delivery records of newly published winners
(``services.deliveries_sync``: idempotent), so they exist from the first read."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import parsers
from core.geojson import NOT_MODIFIED, REVALIDATION_PARAMETERS, revalidated_json

from . import export
from .filters import DeliveryFilter
from .models import Delivery
from .selectors import delivery_detail, delivery_list, delivery_map_geojson, export_rows
from .serializers import (
    DeliveryListItem,
    DeliveryMapCollection,
    DeliveryOutput,
    DeliveryUpdateInput,
    MilestoneInput,
)
from .services import PhotoInput, deliveries_sync, delivery_update, milestone_add
from .storage import photo_storage

TAGS = ["delivery"]


def _detail(request: Request, pk: int, status: int = 200) -> Response:
    delivery = get_object_or_404(delivery_detail(), pk=pk)
    context = {"request": request, "now": timezone.now()}
    return Response(DeliveryOutput(delivery, context=context).data, status=status)


class DeliveryListView(generics.ListAPIView):
    """Winning projects followed until delivered (public), with their status and budget spent."""

    serializer_class = DeliveryListItem
    filterset_class = DeliveryFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> Any:
        return delivery_list()

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        deliveries_sync(now=timezone.now())
        return super().get(request, *args, **kwargs)


@method_decorator(gzip_page, name="get")
class DeliveryMapView(generics.GenericAPIView):
    """The tracked projects with a location, one point each, for the « projets réalisés » map."""

    filterset_class = DeliveryFilter
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self) -> Any:
        return Delivery.objects.all()

    @extend_schema(
        operation_id="map_deliveries_list",
        responses={200: DeliveryMapCollection, 304: NOT_MODIFIED},
        parameters=REVALIDATION_PARAMETERS,
        filters=True,
        tags=TAGS,
        description="Every tracked winning project that has a location (one point each), in one "
        "FeatureCollection ordered by id (the project's), without pagination; `ETag` and "
        "`Cache-Control: no-cache` as the other maps.",
    )
    def get(self, request: Request) -> HttpResponse:
        deliveries_sync(now=timezone.now())
        queryset = self.filter_queryset(self.get_queryset())
        return revalidated_json(request, delivery_map_geojson(queryset))


class DeliveryDetailView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    parser_classes = [parsers.JSONParser]

    @extend_schema(
        responses={200: DeliveryOutput},
        tags=TAGS,
        description="A winning project's delivery, by the project's id: its status, "
        "budget spent, services, milestones (newest first) with their photos.",
    )
    def get(self, request: Request, pk: int) -> Response:
        deliveries_sync(now=timezone.now())
        return _detail(request, pk)

    @extend_schema(
        request=DeliveryUpdateInput,
        responses={200: DeliveryOutput},
        tags=TAGS,
        description="Officials of the project's area (administrators everywhere), from the "
        "results phase on: the status (`abandoned` needs a public `abandon_reason`), the budget "
        "spent in euros, the services in charge (the lead first), the address. Audited.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        delivery = get_object_or_404(Delivery.objects.all(), pk=pk)
        data = DeliveryUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        delivery_update(
            delivery=delivery, actor=request.user, now=timezone.now(), **data.validated_data
        )
        return _detail(request, pk)


class MilestoneCreateView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.MultiPartParser, parsers.JSONParser]

    @extend_schema(
        request={"multipart/form-data": MilestoneInput, "application/json": MilestoneInput},
        responses={201: DeliveryOutput},
        tags=TAGS,
        description="Officials of the project's area add a dated milestone (French text, English "
        "optional) with up to 6 photos: JPEG, PNG or WebP checked by their content, at most "
        "10 MB each, re-encoded without their metadata (EXIF, location) at two widths (480 and "
        "1280 px). Each photo needs an alternative text (`alts`, in the photos' order). Audited.",
    )
    def post(self, request: Request, pk: int) -> Response:
        delivery = get_object_or_404(Delivery.objects.all(), pk=pk)
        data = MilestoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        files = values.pop("photos", [])
        alts = values.pop("alts", [])
        alts_en = values.pop("alts_en", []) or [""] * len(files)
        photos = [
            PhotoInput(file=f, alt=alt, alt_en=alt_en)
            for f, alt, alt_en in zip(files, alts, alts_en, strict=True)
        ]
        milestone_add(
            delivery=delivery, actor=request.user, now=timezone.now(), photos=photos, **values
        )
        return _detail(request, pk, status=201)


class _Export(generics.GenericAPIView):
    filterset_class = DeliveryFilter
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self) -> Any:
        return Delivery.objects.all()

    def rows(self, request: Request) -> list[dict[str, Any]]:
        deliveries_sync(now=timezone.now())
        return export_rows(self.filter_queryset(self.get_queryset()))


EXPORT_DOC = (
    "The delivered projects (status `delivered`) in the shape Paris publishes its winning "
    "projects (opendata.paris.fr, `bp_projets_gagnants`): the city's columns in its order and "
    "spelling, then « Budget dépensé du projet lauréat » and « Services en charge du projet "
    "lauréat ». Column layout: Ville de Paris – opendata.paris.fr (ODbL)."
)


class DeliveredCsvView(_Export):
    @extend_schema(
        operation_id="deliveries_delivered_csv",
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
        filters=True,
        tags=TAGS,
        description=EXPORT_DOC + " `;`-separated UTF-8 with a byte order mark, CRLF.",
    )
    def get(self, request: Request) -> HttpResponse:
        body = export.to_csv(self.rows(request), settings.PUBLIC_URL)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="projets-realises.csv"'
        return response


class DeliveredGeoJsonView(_Export):
    @extend_schema(
        operation_id="deliveries_delivered_geojson",
        responses={(200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT)},
        filters=True,
        tags=TAGS,
        description=EXPORT_DOC + " A FeatureCollection (RFC 7946) with the same properties.",
    )
    def get(self, request: Request) -> HttpResponse:
        body = export.to_geojson(self.rows(request), settings.PUBLIC_URL)
        response = HttpResponse(body, content_type="application/geo+json")
        response["Content-Disposition"] = 'attachment; filename="projets-realises.geojson"'
        return response


@extend_schema(exclude=True)
class PhotoFileView(APIView):
    """A photo from the file-system storage (development and ``make run``); with an
    S3-compatible storage the photos' URLs point at the bucket and this answers 404."""

    permission_classes = [permissions.AllowAny]

    def get(self, request: Request, name: str) -> HttpResponse:
        storage = photo_storage()
        if not isinstance(storage, FileSystemStorage):
            raise Http404
        content_type, _ = mimetypes.guess_type(name)
        if content_type not in ("image/jpeg", "image/webp"):
            raise Http404
        try:
            if not storage.exists(name):
                raise Http404
            handle = storage.open(name, "rb")
        except (SuspiciousFileOperation, ValueError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
        # Each name is new (a random key): the file under it never changes.
        response["Cache-Control"] = "public, max-age=31536000, immutable"
        response["X-Content-Type-Options"] = "nosniff"
        return response
