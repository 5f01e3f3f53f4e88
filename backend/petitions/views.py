"""Thin API views for petitions: parse, call a service or a selector, serialise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models.functions import Substr
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import generics, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from accounts import roles
from core import parsers
from core.errors import NotAllowed
from core.geojson import NOT_MODIFIED, REVALIDATION_PARAMETERS, feature_collection, revalidated_json
from core.pagination import PageNumberPagination
from core.throttles import ByUser
from notifications.serializers import FollowStateOutput
from notifications.services import follow_add, follow_remove

from . import export, rules, selectors, services
from .filters import PetitionFilter
from .models import BurstAlert, Petition, Process, Signature
from .serializers import (
    AnswerInput,
    BurstAlertOutput,
    ConvertInput,
    ConvertOutput,
    ModerationInput,
    MySignatureOutput,
    PetitionDetail,
    PetitionInput,
    PetitionItem,
    PetitionMapCollection,
    PetitionUpdateInput,
    ProcessSerializer,
    QueueOutput,
    SignatureCheckInput,
    SignatureInput,
    SignatureOutput,
    SignerOutput,
)

TAGS = ["petitions"]


class PetitionCreateThrottle(ByUser):
    """Redis down: open (the service keeps the real limit, ``PETITIONS_PER_USER_PER_DAY``)."""

    scope = "petition_create"
    methods = frozenset({"POST"})
    when_redis_down = "open"


class PetitionSignThrottle(ByUser):
    """Redis down: open (one signature per person is a database constraint)."""

    scope = "petition_sign"
    methods = frozenset({"POST", "DELETE"})
    when_redis_down = "open"


def client_address(request: Request) -> str:
    """The client's address as the throttles read it (``NUM_PROXIES``): only its network's
    keyed hash is kept (``abuse.network_key``)."""
    return BaseThrottle().get_ident(request) or ""


def _is_official(request: Request) -> None:
    if not roles.is_official(request.user):
        raise NotAllowed("Officials only.")


def detail_response(request: Request, petition: Petition, *, code: int = 200) -> Response:
    now = timezone.now()
    context: dict[str, Any] = {"request": request, "now": now}
    context["counts_by_area"] = selectors.counts_by_area(petition_id=petition.pk)
    if rules.handles(request.user, petition):
        context["held_count"] = selectors.held_count(petition_id=petition.pk)
    return Response(PetitionDetail(petition, context=context).data, status=code)


def _petition(request: Request, pk: int) -> Petition:
    return get_object_or_404(selectors.petition_detail_list(user=request.user), pk=pk)


def _valid(
    request: Request, serializer_class: type[serializers.Serializer], **kwargs: Any
) -> dict[str, Any]:
    data = serializer_class(data=request.data, **kwargs)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _acted(
    request: Request,
    pk: int,
    service: Callable[..., object],
    serializer_class: type[serializers.Serializer],
    **kwargs: Any,
) -> Response:
    """``service`` called on petition ``pk`` (404 first: one the user may not see) by the
    signed-in user with the valid body; the petition's detail as it is then."""
    petition = _petition(request, pk)
    values = _valid(request, serializer_class, **kwargs)
    service(petition=petition, actor=request.user, now=timezone.now(), **values)
    return detail_response(request, _petition(request, pk))


# Reads for everyone, writes signed in, with JSON bodies only (a form's missing boolean would
# read as false). No docstring: the schema would give it to every view without one.
class JsonView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    parser_classes = [parsers.JSONParser]


class JsonWriteView(JsonView):
    permission_classes = [permissions.IsAuthenticated]


# --- processes -----------------------------------------------------------------------------------


class ProcessListView(JsonView):
    @extend_schema(responses={200: ProcessSerializer(many=True)}, tags=TAGS)
    def get(self, request: Request) -> Response:
        return Response(ProcessSerializer(Process.objects.order_by("id"), many=True).data)

    @extend_schema(
        request=ProcessSerializer,
        responses={201: ProcessSerializer},
        tags=TAGS,
        description="Administrators: a new petition process; 409 `slug_taken` when its slug "
        "names another.",
    )
    def post(self, request: Request) -> Response:
        if not roles.is_administrator(request.user):
            raise NotAllowed("Only administrators set up petition processes.")
        process = services.process_save(actor=request.user, **_valid(request, ProcessSerializer))
        return Response(ProcessSerializer(process).data, status=status.HTTP_201_CREATED)


class ProcessDetailView(JsonView):
    @extend_schema(responses={200: ProcessSerializer}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ProcessSerializer(get_object_or_404(Process, pk=pk)).data)

    @extend_schema(
        request=ProcessSerializer(partial=True),
        responses={200: ProcessSerializer},
        tags=TAGS,
        description="Administrators change a process; open petitions keep their goal and period.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        if not roles.is_administrator(request.user):
            raise NotAllowed("Only administrators set up petition processes.")
        process = get_object_or_404(Process, pk=pk)
        data = ProcessSerializer(process, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        process = services.process_save(actor=request.user, process=process, **data.validated_data)
        return Response(ProcessSerializer(process).data)


# --- petitions -----------------------------------------------------------------------------------


@extend_schema_view(get=extend_schema(tags=TAGS))
class PetitionListView(generics.ListAPIView):
    """Published petitions (``status``/``mine`` for the others one may see), paginated."""

    serializer_class = PetitionItem
    filterset_class = PetitionFilter
    pagination_class = PageNumberPagination
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    throttle_classes = [PetitionCreateThrottle]
    parser_classes = [parsers.JSONParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.petition_list(user=self.request.user).annotate(
            text_start=Substr("text", 1, 400)
        )

    @extend_schema(
        request=PetitionInput,
        responses={201: PetitionDetail},
        tags=TAGS,
        description="File a petition (a confirmed email address; at most "
        "`PETITIONS_PER_USER_PER_DAY` in 24 hours): status `pending` until officials moderate "
        "it. Its author follows it.",
    )
    def post(self, request: Request) -> Response:
        data = PetitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        petition = services.petition_file(
            author=request.user, now=timezone.now(), **data.validated_data
        )
        return detail_response(request, _petition(request, petition.pk), code=201)


class PetitionDetailView(JsonView):
    @extend_schema(
        responses={200: PetitionDetail},
        tags=TAGS,
        description="`held_count` is given to the officials of the authority addressed (null "
        "for everyone else).",
    )
    def get(self, request: Request, pk: int) -> Response:
        return detail_response(request, _petition(request, pk))

    @extend_schema(
        request=PetitionUpdateInput,
        responses={200: PetitionDetail},
        tags=TAGS,
        description="Its author edits it while it is pending.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        return _acted(request, pk, services.petition_update, PetitionUpdateInput, partial=True)


class PetitionModerationView(JsonWriteView):
    @extend_schema(
        request=ModerationInput,
        responses={200: PetitionDetail},
        tags=TAGS,
        description="Officials of the authority addressed: `admissible` publishes it (open for "
        "`signing_days`); `inadmissible` needs `reason_code` (and `reason_text` for `other`), "
        "shown in public. Audited.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _acted(request, pk, services.petition_moderate, ModerationInput)


class SignatureView(JsonWriteView):
    throttle_classes = [PetitionSignThrottle]

    @extend_schema(
        request=SignatureInput,
        responses={201: SignatureOutput},
        tags=TAGS,
        description="Sign (once: 409 `already_signed`), while it is open (409 "
        "`petition_not_open`), declaring residence and birth date (400 `not_resident`, "
        "`under_min_age` with `min_age`). A signature from an account younger than a day or "
        "whose declaration no checked voter declaration confirms is held: `counted` false.",
    )
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        values = _valid(request, SignatureInput)
        signature = services.signature_add(
            petition=petition,
            user=request.user,
            show_name=values["show_name"],
            resident=values["resident"],
            birth_date=values["birth_date"],
            area=values["area_code"],
            now=timezone.now(),
            client_address=client_address(request),
        )
        out = {
            "counted": signature.status == Signature.Status.COUNTED,
            "held_reason": signature.held_reason or None,
        }
        return Response(SignatureOutput(out).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={204: None},
        tags=TAGS,
        description="Withdraw one's signature while the petition is open (after: 409 "
        "`petition_not_open`).",
    )
    def delete(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        services.signature_withdraw(petition=petition, user=request.user, now=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignerPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    total_counted = 0

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["total_counted"] = self.total_counted
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["total_counted"] = {
            "type": "integer",
            "minimum": 0,
            "description": "Counted signatures, named or not",
        }
        out["required"] = [*out.get("required", []), "total_counted"]
        return out


@extend_schema_view(get=extend_schema(tags=TAGS))
class SignerListView(generics.ListAPIView):
    """The signers who chose to show their name (newest first), and the total counted."""

    serializer_class = SignerOutput
    pagination_class = SignerPagination
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        petition = _petition(self.request, self.kwargs["pk"])
        self.paginator.total_counted = petition.signature_count  # type: ignore[union-attr]
        return selectors.public_signers(petition_id=petition.pk)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = [
            {
                "name": s.user.display_name,
                "area": {"code": s.area.code, "name": s.area.name},
                "signed_at": s.created_at,
            }
            for s in page or []
        ]
        return self.get_paginated_response(SignerOutput(rows, many=True).data)


class AnswerView(JsonWriteView):
    @extend_schema(
        request=AnswerInput,
        responses={200: PetitionDetail},
        tags=TAGS,
        description="The council's public answer, by the officials of the authority, to a "
        "petition whose threshold is reached (status `answered`; signing ends). Audited; its "
        "followers are told.",
    )
    def post(self, request: Request, pk: int) -> Response:
        return _acted(request, pk, services.petition_answer, AnswerInput)


class ConvertView(JsonWriteView):
    @extend_schema(
        request=ConvertInput,
        responses={201: ConvertOutput},
        tags=TAGS,
        description="Its author or the officials turn a published petition into a budget "
        "proposal of a campaign open for submissions (409 `submissions_closed` otherwise), "
        "once. Its signers and followers are told.",
    )
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        values = _valid(request, ConvertInput)
        proposal = services.petition_convert(
            petition=petition, actor=request.user, now=timezone.now(), **values
        )
        return Response({"proposal": proposal.pk}, status=status.HTTP_201_CREATED)


class FollowView(JsonView):
    def _state(self, request: Request, petition: Petition) -> Response:
        rows = petition.follows.all()
        user = request.user
        following = roles.is_authenticated(user) and rows.filter(user_id=user.pk).exists()
        return Response(FollowStateOutput({"following": following, "followers": rows.count()}).data)

    @extend_schema(responses={200: FollowStateOutput}, tags=TAGS)
    def get(self, request: Request, pk: int) -> Response:
        return self._state(request, _petition(request, pk))

    @extend_schema(request=None, responses={200: FollowStateOutput}, tags=TAGS)
    def post(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        follow_add(user=request.user, petition=petition)
        return self._state(request, petition)

    @extend_schema(request=None, responses={200: FollowStateOutput}, tags=TAGS)
    def delete(self, request: Request, pk: int) -> Response:
        petition = _petition(request, pk)
        follow_remove(user=request.user, petition=petition)
        return self._state(request, petition)


@extend_schema_view(
    get=extend_schema(tags=TAGS, description="My signatures, newest first (held ones too).")
)
class MySignaturesView(generics.ListAPIView):
    serializer_class = MySignatureOutput
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.signatures_of(user=self.request.user)


class PetitionMapView(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        operation_id="petitions_map",
        responses={200: PetitionMapCollection, 304: NOT_MODIFIED},
        parameters=REVALIDATION_PARAMETERS,
        tags=TAGS,
        description="Every published petition with a place, in one FeatureCollection ordered "
        "by id (lean properties), for the map beside the list.",
    )
    def get(self, request: Request) -> HttpResponse:
        body = feature_collection(
            selectors.petition_map_list(),
            geometry="location",
            properties={
                "title": "title",
                "status": "status",
                "signature_count": "signature_count",
            },
        )
        return revalidated_json(request, body)


# --- the officials' queue ----------------------------------------------------------------------


class QueueView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses={200: QueueOutput},
        tags=TAGS,
        description="Officials, for the authorities they handle: petitions to moderate, "
        "petitions on the agenda (overdue first), held signatures to check, burst alerts.",
    )
    def get(self, request: Request) -> Response:
        _is_official(request)
        user = request.user
        limit = 200
        data = {
            "pending": list(selectors.queue_pending(user=user)[:limit]),
            "agenda": list(selectors.queue_agenda(user=user)[:limit]),
            "held_signatures": list(selectors.queue_held(user=user)[:limit]),
            "alerts": list(selectors.queue_alerts(user=user)[:limit]),
        }
        return Response(QueueOutput(data, context={"request": request}).data)


class SignatureCheckView(JsonWriteView):
    @extend_schema(
        request=SignatureCheckInput,
        responses={
            200: inline_serializer(
                "SignatureChecked",
                {
                    "id": serializers.IntegerField(),
                    "status": serializers.ChoiceField(choices=Signature.Status.choices),
                },
            )
        },
        tags=TAGS,
        description="Officials of the authority count or reject a held signature (audited).",
    )
    def post(self, request: Request, pk: int) -> Response:
        _is_official(request)
        signature = get_object_or_404(Signature.objects.select_related("petition"), pk=pk)
        values = _valid(request, SignatureCheckInput)
        signature = services.signature_check(
            signature=signature, actor=request.user, now=timezone.now(), **values
        )
        return Response({"id": signature.pk, "status": signature.status})


class AlertHandleView(JsonWriteView):
    @extend_schema(
        request=None,
        responses={200: BurstAlertOutput},
        tags=TAGS,
        description="Officials mark a burst alert looked at: it leaves the queue (audited).",
    )
    def post(self, request: Request, pk: int) -> Response:
        _is_official(request)
        alert = get_object_or_404(BurstAlert.objects.select_related("petition"), pk=pk)
        alert = services.burst_alert_handle(alert=alert, actor=request.user, now=timezone.now())
        return Response(BurstAlertOutput(alert).data)


# --- open data -------------------------------------------------------------------------------


EXPORT_DOC = (
    "The published petitions with their counted signatures, in total and by the signers' "
    "arrondissement; never a signer's identity."
)


class ExportCsvView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="petitions_export_csv",
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
        tags=TAGS,
        description=EXPORT_DOC + " `;`-separated UTF-8 with a byte order mark, CRLF; one "
        "`signatures_<area code>` column per arrondissement.",
    )
    def get(self, request: Request) -> HttpResponse:
        codes, rows = export.export_rows()
        response = HttpResponse(export.to_csv(codes, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="petitions.csv"'
        return response


class ExportGeoJsonView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="petitions_export_geojson",
        responses={(200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT)},
        tags=TAGS,
        description=EXPORT_DOC + " A FeatureCollection (RFC 7946); `geometry` null for a "
        "petition without a place; `counts_by_area` by area code.",
    )
    def get(self, request: Request) -> HttpResponse:
        codes, rows = export.export_rows()
        response = HttpResponse(
            export.to_geojson(codes, rows), content_type="application/geo+json; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="petitions.geojson"'
        return response
