"""The request id (core.request_id, core.observability): taken from the proxy when well-formed,
made otherwise, sent back, and carried by every log record written while the request runs; the
access line and the JSON log format (core.logs)."""

import json
import logging
import re

import pytest
from django.test import Client

from core.logs import JsonFormatter, RequestContextFilter, TextFormatter
from core.request_id import request_id_bound, request_id_get

HEX_ID = re.compile(r"[0-9a-f]{32}")
THEMES = "/api/v1/themes/"


@pytest.fixture
def access_records(caplog):
    """The access lines written meanwhile, after the request-context filter (as the console
    handler applies it)."""
    caplog.set_level(logging.INFO, logger="belvedere.access")
    caplog.handler.addFilter(RequestContextFilter())

    def records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "belvedere.access"]

    return records


@pytest.mark.django_db
class TestTheId:
    @pytest.mark.parametrize(
        "given",
        [
            "5f0c1e2d3b4a59687766554433221100",  # nginx's $request_id
            "0b6d6e3e-8c2a-4a5e-9a53-1b2c3d4e5f60",  # a UUID
            "lb-01:req.42_x",
        ],
    )
    def test_a_well_formed_id_from_the_proxy_is_kept_and_sent_back(self, given, access_records):
        response = Client().get(THEMES, HTTP_X_REQUEST_ID=given)
        assert response.status_code == 200
        assert response["X-Request-ID"] == given
        [line] = access_records()
        assert line.request_id == given

    @pytest.mark.parametrize(
        "given",
        [
            "short",  # fewer than 8 characters
            "x" * 129,  # more than 128
            "has spaces in it",
            'inject"\n{"level": "ERROR"}',
            "",
        ],
    )
    def test_a_malformed_id_is_replaced(self, given, access_records):
        response = Client().get(THEMES, HTTP_X_REQUEST_ID=given)
        assert response.status_code == 200
        assert HEX_ID.fullmatch(response["X-Request-ID"]), response["X-Request-ID"]
        assert access_records()[0].request_id == response["X-Request-ID"]

    def test_without_one_each_request_gets_its_own(self):
        client = Client()
        ids = {client.get(THEMES)["X-Request-ID"] for _ in range(3)}
        assert len(ids) == 3 and all(HEX_ID.fullmatch(i) for i in ids)
        assert request_id_get() is None  # nothing leaks out of the request

    def test_an_answer_given_before_the_view_has_one_too(self, access_records):
        response = Client().post(
            "/api/v1/auth/register/",
            data=b"{}",
            content_type="application/json",
            CONTENT_LENGTH=str(50 * 1024 * 1024),
            HTTP_X_REQUEST_ID="early-refusal-1",
        )
        assert response.status_code == 413
        assert response["X-Request-ID"] == "early-refusal-1"
        [line] = access_records()
        assert line.status == 413 and line.route == "unresolved"

    def test_records_written_during_the_request_carry_it(self, caplog):
        """Django's own line for a 404 is written after the middleware returns: its request
        carries the id."""
        caplog.handler.addFilter(RequestContextFilter())
        response = Client().get(
            "/api/v1/campaigns/no-such-campaign/", HTTP_X_REQUEST_ID="req-404-abc"
        )
        assert response.status_code == 404
        lines = [r for r in caplog.records if r.name == "django.request"]
        assert lines and all(r.request_id == "req-404-abc" for r in lines)


@pytest.mark.django_db
class TestTheAccessLine:
    def test_it_says_method_path_route_status_duration_and_the_user(
        self, access_records, resident, resident_api
    ):
        response = resident_api.get(THEMES + "?secret=token-in-query")
        assert response.status_code == 200
        [line] = access_records()
        assert line.levelno == logging.INFO
        assert (line.method, line.path, line.route, line.status) == (
            "GET",
            THEMES,
            "theme-list",
            200,
        )
        assert "token-in-query" not in line.getMessage() and "?" not in line.path
        assert isinstance(line.duration_ms, float) and line.duration_ms > 0
        assert line.user_id == resident.pk
        assert line.request_id == response["X-Request-ID"]

    def test_anonymous_requests_have_no_user(self, access_records):
        Client().get(THEMES)
        assert access_records()[0].user_id is None

    def test_the_session_user_is_not_loaded_for_the_line(
        self, access_records, resident, django_assert_num_queries
    ):
        """A view that needs no user (here the API's 404) reads neither the session nor the
        user: writing the line does not either."""
        client = Client()
        client.force_login(resident)
        with django_assert_num_queries(0):
            response = client.get("/api/v1/no-such-endpoint/")
        assert response.status_code == 404
        assert access_records()[-1].user_id is None


class TestTheJsonFormat:
    def _record(self, message: str, **extra) -> logging.LogRecord:
        record = logging.getLogger("belvedere.test").makeRecord(
            "belvedere.test", logging.WARNING, __file__, 1, message, (), None, extra=extra
        )
        RequestContextFilter().filter(record)
        return record

    def test_one_object_per_line_with_the_request_id(self):
        with request_id_bound("req-json-0001"):
            record = self._record("two\nlines", proposal_id=12, request=object())
        line = JsonFormatter().format(record)
        assert "\n" not in line
        entry = json.loads(line)
        assert entry["message"] == "two\nlines"
        assert entry["level"] == "WARNING" and entry["logger"] == "belvedere.test"
        assert entry["request_id"] == "req-json-0001"
        assert entry["proposal_id"] == 12
        assert "request" not in entry  # objects are left out, scalars kept
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])

    def test_outside_a_request_the_id_is_null(self):
        entry = json.loads(JsonFormatter().format(self._record("idle")))
        assert entry["request_id"] is None

    def test_an_exception_is_kept_in_the_line(self):
        try:
            raise ValueError("boom")
        except ValueError:
            record = logging.getLogger("x").makeRecord(
                "x", logging.ERROR, __file__, 1, "failed", (), __import__("sys").exc_info()
            )
        line = JsonFormatter().format(record)
        assert "\n" not in line
        assert "ValueError: boom" in json.loads(line)["exception"]

    def test_the_text_format_shows_the_id(self):
        with request_id_bound("req-text-0001"):
            record = self._record("hello")
        assert "[req-text-0001] hello" in TextFormatter().format(record)
        assert "[-] idle" in TextFormatter().format(self._record("idle"))

    def test_the_settings_use_them(self, settings):
        handler = settings.LOGGING["handlers"]["console"]
        assert handler["filters"] == ["request_context"]
        assert settings.LOGGING["formatters"][handler["formatter"]]["()"].startswith("core.logs.")
