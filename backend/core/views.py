from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .health import health_report

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
    """Database, Redis and Celery worker status: 200 when all answer, 503 otherwise."""

    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []

    @extend_schema(
        responses={200: _health, 503: OpenApiResponse(_health, description="Something is down")},
        tags=["health"],
    )
    def get(self, request: Request) -> Response:
        report = health_report()
        return Response(report, status=200 if report["ok"] else 503)


@csrf_exempt
def api_not_found(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Any unknown URL under /api/: a 404 in the API's error format, not Django's HTML page."""
    from django.http import JsonResponse

    body = {
        "status": 404,
        "code": "not_found",
        "message": "No API endpoint at this URL.",
        "errors": {},
    }
    return JsonResponse(body, status=404)
