import html
import unicodedata

import nh3
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError

from core.errors import OutsideCity, exception_handler, flatten_errors
from core.text import clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<script>alert(1)</script>Bonjour", "Bonjour"),
        ("a < b & c > d", "a < b & c > d"),
        ("&lt;script&gt;x&lt;/script&gt;ok", "ok"),
        ("<a href='javascript:x'>lien</a>", "lien"),
        ("  deux   espaces\tet tab ", "deux espaces et tab"),
        ("e\u0301te\u0301", "été"),  # NFC
        ("nul\x00byte", "nulbyte"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_multiline_keeps_paragraphs():
    assert clean_text("un\r\n\r\n\r\n\r\ndeux\ntrois", multiline=True) == "un\n\ndeux\ntrois"


@given(st.text(max_size=300))
def test_clean_text_never_leaves_a_tag(raw):
    cleaned = clean_text(raw, multiline=True)
    assert clean_text(cleaned, multiline=True) == cleaned  # idempotent
    assert "<script" not in cleaned.lower()
    # Nothing an HTML sanitiser would still remove: no element, no comment survives.
    resanitised = html.unescape(nh3.clean(cleaned, tags=set(), attributes={}))
    assert unicodedata.normalize("NFC", resanitised) == cleaned


def test_flatten_nested_errors():
    detail = {
        "location": {"coordinates": ["bad"]},
        "non_field_errors": ["x"],
        "tags": [{}, {"a": ["y"]}],
    }
    assert flatten_errors(detail) == {
        "location.coordinates": ["bad"],
        "non_field": ["x"],
        "tags.1.a": ["y"],
    }


def test_handler_formats_application_and_validation_errors():
    response = exception_handler(OutsideCity(field="location"), {})
    assert response.status_code == 400
    assert response.data == {
        "status": 400,
        "code": "outside_city",
        "message": "This location is outside Paris.",
        "params": {},
        "errors": {"location": ["This location is outside Paris."]},
        "details": {"location": [{"code": "outside_city", "params": {}}]},
    }
    response = exception_handler(ValidationError({"title": ["Too short."]}), {})
    assert response.data["message"] == "Invalid input: title."
    assert response.data["errors"] == {"title": ["Too short."]}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_unknown_api_url_is_a_json_404(client, method):
    response = getattr(client, method)("/api/v1/proposals/not-a-number/\n/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_too_many_form_fields_is_a_400_in_the_error_format(client):
    body = "&".join(f"f{i}=x" for i in range(1200))
    response = client.post(
        "/api/v1/auth/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


@pytest.mark.django_db
def test_date_filters_are_compared_in_utc(client):
    """PostgreSQL refuses a -17:55 offset that Python accepts: filters convert to UTC first,
    and a date that has no UTC equivalent is a 400 naming the parameter."""
    from accounts.models import User

    client.force_login(User.objects.create_user(email="admin@example.org", role="administrator"))
    response = client.get("/api/v1/audit/", {"since": "2026-01-01T00:00:00-17:55"})
    assert response.status_code == 200
    response = client.get("/api/v1/audit/", {"since": "0001-01-01T00:00:00+01:00"})
    assert response.status_code == 400
    assert "since" in response.json()["errors"]


def test_the_openapi_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    # --fail-on-warn raises on the first generation warning; --validate checks OpenAPI 3.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/proposals/" in out.read_text()
