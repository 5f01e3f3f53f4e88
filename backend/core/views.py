import redis
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from prometheus_client import CONTENT_TYPE_LATEST
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .errors import error_response
from .health import PROBES, health_report
from .metrics import metrics_access_allowed, metrics_render

_check = inline_serializer(
    "HealthCheck",
    {
        "ok": serializers.BooleanField(),
        "detail": serializers.CharField(),
        "ms": serializers.FloatField(),
    },
)
_health = inline_serializer(
    "Health",
    {"ok": serializers.BooleanField(), "checks": serializers.DictField(child=_check)},
)


class HealthView(APIView):
    """Database, Redis and Celery worker status: 200 when all answer, 503 otherwise.
    ``?probe=live`` checks nothing outside the process, ``?probe=ready`` the database only
    (core/health.py: what Kubernetes' liveness and readiness probes ask)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "probe",
                str,
                enum=list(PROBES),
                description="live: the process answers (no dependency checked); ready: the "
                "database answers (not Redis nor the Celery workers, whose outage the API "
                "survives); absent: everything.",
            )
        ],
        responses={200: _health, 503: OpenApiResponse(_health, description="Something is down")},
        tags=["health"],
    )
    def get(self, request: Request) -> Response:
        probe = request.query_params.get("probe")
        if probe is not None and probe not in PROBES:
            raise serializers.ValidationError({"probe": [f"Expected one of: {', '.join(PROBES)}."]})
        report = health_report(probe)
        return Response(report, status=200 if report["ok"] else 503)


@csrf_exempt
def api_not_found(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Any unknown URL under /api/: a 404 in the API's error format, not Django's HTML page."""
    from .errors import error_response

    return error_response(404, "not_found", "No API endpoint at this URL.")


@csrf_exempt  # decided below: a refused request must not learn that the URL exists
def metrics(request):  # type: ignore[no-untyped-def]
    """Prometheus metrics (text format), for the monitoring only: a 404 in the API's error format
    to anyone else (``core.metrics.metrics_access_allowed``; README, "Operations")."""
    if not metrics_access_allowed(request):
        return api_not_found(request)
    if request.method not in ("GET", "HEAD"):
        refusal = error_response(
            405, "method_not_allowed", f'Method "{request.method}" not allowed.'
        )
        refusal["Allow"] = "GET, HEAD"
        return refusal
    try:
        body = metrics_render()
    except redis.RedisError as exc:
        return error_response(503, "unavailable", f"The metrics store cannot be read: {exc}")
    response = HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
