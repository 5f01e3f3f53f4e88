"""The project's URLs plus two views that fail, for the 500 tests (test_production.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import handler500
from config.urls import urlpatterns as project_urlpatterns


class FailingApiView(APIView):
    permission_classes: list = []

    def get(self, request: Request) -> Response:
        raise RuntimeError("postgis://belvedere:hunter2@db/belvedere is unreachable")


def failing_page(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("postgis://belvedere:hunter2@db/belvedere is unreachable")


urlpatterns = [
    path("api/v1/failing/", FailingApiView.as_view()),
    path("failing/", failing_page),
    *project_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
