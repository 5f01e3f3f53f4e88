"""Every refusal carries a stable code and its parameters (ADR 0001): the codes the back end can
send are all listed in ``core.error_codes.CODES`` (which the schema's ``ErrorCode`` publishes and
the front end words in French and English), and a field's reasons say their own code and
parameters in ``details``."""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, fields, serializers
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from core.error_codes import CODES
from core.errors import (
    ApplicationError,
    LimitReached,
    django_details,
    exception_handler,
    invalid,
)
from core.schema import ERROR_CODE_SCHEMA

BACKEND = Path(__file__).resolve().parents[2]


def _our_modules() -> list[str]:
    names = []
    for app in apps.get_app_configs():
        if not os.path.abspath(app.path).startswith(str(BACKEND)):
            continue
        for module in pkgutil.walk_packages([app.path], f"{app.name}."):
            if any(part in module.name for part in (".tests", ".migrations", ".management")):
                continue
            names.append(module.name)
    return names


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


@pytest.fixture(scope="module")
def imported() -> None:
    for name in _our_modules():
        importlib.import_module(name)


def test_every_application_errors_code_is_listed(imported):
    missing = {
        f"{cls.__module__}.{cls.__name__}": cls.code
        for cls in _subclasses(ApplicationError)
        if cls.code not in CODES
    }
    assert missing == {}, "add these codes to core/error_codes.py, then word them in the front end"


def test_every_code_written_in_the_source_is_listed():
    """``code="…"`` given to an error or a validation error, and ``invalid(message, "code")``."""
    missing = {}
    for path in BACKEND.rglob("*.py"):
        if {"tests", "migrations", "testing"} & set(path.relative_to(BACKEND).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            literals = [k.value for k in node.keywords if k.arg == "code"]
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "invalid" and len(node.args) >= 2:
                literals.append(node.args[1])
            for literal in literals:
                value = literal.value if isinstance(literal, ast.Constant) else None
                if isinstance(value, str) and value and value not in CODES:
                    missing[f"{path.relative_to(BACKEND)}:{node.lineno}"] = value
    assert missing == {}


def test_every_field_and_exception_code_of_drf_is_listed(imported):
    field_codes = {
        code
        for cls in [fields.Field, *_subclasses(fields.Field)]
        for code in getattr(cls, "default_error_messages", {})
    }
    assert field_codes - set(CODES) == set()
    exception_codes = {
        cls.default_code
        for cls in _subclasses(exceptions.APIException)
        if isinstance(cls.default_code, str)
    }
    assert exception_codes - set(CODES) == set()


@pytest.mark.django_db
def test_a_weak_password_says_each_validators_code(client):
    response = client.post(
        "/api/v1/auth/register/",
        {"email": "lea@example.org", "password": "123456789012", "display_name": "Léa"},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "weak_password"
    codes = [reason["code"] for reason in body["details"]["password"]]
    assert len(codes) == len(body["errors"]["password"])
    assert "password_entirely_numeric" in codes
    # A validator's parameters are kept when the code lists them.
    try:
        validate_password("short")
    except DjangoValidationError as exc:
        reasons = django_details(exc)
    assert {"code": "password_too_short", "params": {"min_length": 8}} in reasons


@pytest.mark.django_db
def test_the_password_validators_codes_are_listed():
    user = UserFactory.build(email="camille.dupont@example.org", display_name="Camille Dupont")
    codes = set()
    for password in ("court", "password", "12345678901", "camille.dupont", "   "):
        try:
            validate_password(password, user=user)
        except DjangoValidationError as exc:
            codes |= {e.code for e in exc.error_list}
    assert {"password_too_short", "password_too_common", "password_entirely_numeric"} <= codes
    assert codes - set(CODES) == set()


def test_the_schema_publishes_every_code_with_its_parameters():
    assert ERROR_CODE_SCHEMA["enum"] == list(CODES)
    assert "`throttled` (wait)." in ERROR_CODE_SCHEMA["description"]


class _Proposal(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    cost = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=1)
    points = serializers.ListField(child=serializers.IntegerField(max_value=10), max_length=3)

    def validate_title(self, value: str) -> str:
        if value.startswith("x"):
            raise invalid("At least 5 characters (without HTML).", "min_length", min_length=5)
        return value


def _refused(data: dict) -> dict:
    serializer = _Proposal(data=data)
    try:
        serializer.is_valid(raise_exception=True)
    except exceptions.ValidationError as exc:
        response = exception_handler(exc, {})
        assert response is not None
        return response.data
    raise AssertionError("accepted")


def test_a_fields_reasons_carry_their_code_and_the_fields_own_parameters():
    body = _refused({"title": "t" * 151, "cost": "0.5", "points": [1, 2, 3, 4]})
    assert body["code"] == "invalid" and body["params"] == {}
    assert body["details"]["title"] == [{"code": "max_length", "params": {"max_length": 150}}]
    assert body["details"]["cost"] == [{"code": "min_value", "params": {"min_value": 1}}]
    assert body["details"]["points"] == [{"code": "max_length", "params": {"max_length": 3}}]
    for name, reasons in body["errors"].items():
        assert len(body["details"][name]) == len(reasons)
    body = _refused({"cost": "123456.789", "points": [11]})
    assert body["details"]["title"] == [{"code": "required", "params": {}}]
    assert body["details"]["cost"][0]["code"] in {"max_digits", "max_decimal_places"}
    assert body["details"]["points.0"] == [{"code": "max_value", "params": {"max_value": 10}}]


def test_a_serializers_own_refusal_keeps_its_parameters():
    body = _refused({"title": "xylophone", "cost": "2", "points": []})
    assert body["errors"] == {"title": ["At least 5 characters (without HTML)."]}
    assert body["details"] == {"title": [{"code": "min_length", "params": {"min_length": 5}}]}
    # Said once: the next answer does not find it again.
    plain = exceptions.ValidationError({"title": ["At least 5 characters (without HTML)."]})
    again = exception_handler(plain, {})
    assert again.data["details"] == {"title": [{"code": "invalid", "params": {}}]}


def test_a_services_refusal_carries_its_code_and_parameters():
    exc = ApplicationError("At most 5 proposals a day.", code="limit_reached", params={"max": 5})
    body = exception_handler(exc, {}).data
    assert (body["code"], body["params"]) == ("limit_reached", {"max": 5})
    body = exception_handler(
        LimitReached("At most 150 characters.", field="title", params={"max_length": 150}), {}
    ).data
    assert body["status"] == 429
    assert body["details"] == {"title": [{"code": "limit_reached", "params": {"max_length": 150}}]}


@pytest.mark.django_db
def test_the_api_sends_codes_and_parameters_for_a_proposal_refused(resident_api, open_campaign):
    response = resident_api.post(
        "/api/v1/proposals/",
        {
            "campaign": open_campaign.slug,
            "title": "T" * 151,
            "description": "",
            "theme": "environnement",
            "location": {"type": "Point", "coordinates": [2.35, 48.85]},
        },
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["details"]["title"] == [{"code": "max_length", "params": {"max_length": 150}}]
    assert body["details"]["description"][0]["code"] in {"blank", "min_length"}
    for reasons in body["details"].values():
        for reason in reasons:
            assert reason["code"] in CODES
            assert set(reason["params"]) <= set(CODES[reason["code"]][0])


@pytest.mark.django_db
def test_an_anonymous_refusal_has_its_code():
    response = APIClient().post("/api/v1/proposals/", {}, format="json")
    body = response.json()
    assert response.status_code in (401, 403)
    assert body["code"] in CODES and body["params"] == {} and body["details"] == {}
