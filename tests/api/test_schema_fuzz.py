"""Schemathesis against the OpenAPI schema served at /api/v1/schema/: generated requests (valid
and invalid) to every operation, as an anonymous visitor, a resident, an official and an
administrator, checked by every check Schemathesis offers. Nothing may fail but the documented
false positives below, each with the reason it is not a defect."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import Failure, FailureGroup

from config.wsgi import application

BACKEND = Path(__file__).resolve().parents[2] / "backend"


def application_modules() -> list[str]:
    """Every module of the application (its tests left out), in a fixed order."""
    names = []
    for package in sorted(p.parent.name for p in BACKEND.glob("*/__init__.py")):
        names.append(package)
        path = importlib.import_module(package).__path__
        for info in pkgutil.walk_packages(path, prefix=f"{package}."):
            parts = info.name.split(".")
            if "tests" not in parts and not parts[-1].startswith("test_"):
                names.append(info.name)
    return names


# Hypothesis also draws values from the literals of the project's modules loaded so far (its
# "local constants", read from their source files), so the cases below would depend on which
# modules earlier tests happened to import: on the test order (pytest-randomly's seed) and on which
# suites run with this one. With every module loaded first, the cases depend on the code alone:
# CI generates what runs here. The two conftest files share the module name "conftest" (the one
# loaded last shadows the other, and which that is depends on the suites collected): both are
# registered under names of their own, by source file only (nothing is run twice).
LOADED = application_modules()
for _name in LOADED:
    importlib.import_module(_name)
for _where, _path in (("root", BACKEND.parent), ("backend", BACKEND)):
    _module = types.ModuleType(f"{__name__}.conftest_{_where}")
    _module.__file__ = str(_path / "conftest.py")
    sys.modules[_module.__name__] = _module

# Loaded through the WSGI application itself (no server, no database access needed for this).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application).exclude(
    path="/api/v1/health/"  # pings the Celery workers: tested on its own in tests/celery
)

load_all_checks()
ALL_CHECKS = {name: CHECKS.get_one(name) for name in CHECKS.get_all_names()}
ROLES = ["anonymous", "resident", "official", "administrator"]


@dataclass(frozen=True)
class FalsePositive:
    """A failure of ``check`` that is not a defect: the answer had ``status`` and ``code`` in
    the error format, and a reason it gives matches ``reasons`` (a regular expression)."""

    check: str
    status: int
    codes: frozenset[str]
    reasons: str
    why: str

    def explains(self, check: str, status: int, code: object, reason: str) -> bool:
        return (
            check == self.check
            and status == self.status
            and code in self.codes
            and re.search(self.reasons, reason) is not None
        )


FALSE_POSITIVES = [
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"invalid"}),
        r"^Unknown value: |^Object with \w+=.* does not exist\.$|^No such proposal: "
        r"|^No account has this email address\.$",
        "A generated slug, code or id that names nothing: the schema states the type of a "
        "reference (a campaign slug, an area code, a proposal id), not which objects exist, and "
        "an unknown one is refused by name rather than silently ignored.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"invalid_credentials", "invalid_token", "wrong_password"}),
        r".",
        "Generated credentials, current passwords (asked again to change the password or the "
        "address, or to delete the account) and link tokens are wrong: refusing them is the point.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"outside_city", "address_not_found"}),
        r".",
        "A generated point or address outside Paris: the city's outline is data, not something "
        "an OpenAPI schema can state.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"invalid", "parse_error"}),
        r"^Null characters (and unpaired surrogates )?are not allowed",
        "NUL characters and unpaired surrogates are refused on purpose, in bodies and query "
        "parameters alike (PostgreSQL cannot store them); JSON Schema has no way to exclude "
        "them from a string short of a pattern on every field.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"invalid"}),
        r"^Expected minLon < maxLon and minLat < maxLat\.$",
        "A `bbox` whose corners are in the wrong order or equal (`180,90,180,90`): its pattern "
        "states four coordinates in range, but a pattern cannot compare two numbers of one "
        "value; the parameter's description states the order.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"invalid"}),
        r"^Latitude out of range: it must be in \[-90, 90\]\.$",
        "A generated latitude beyond 90 degrees: OpenAPI 3.0 gives every item of an array one "
        "schema (per-position schemas came with 3.1), so both numbers of a GeoJSON [longitude, "
        "latitude] pair are bounded by the longitude's [-180, 180]; the geometry's description "
        "states the latitude's [-90, 90]. A longitude out of range is not forgiven.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"invalid"}),
        r"^The phase \w+ appears twice\.$",
        "A campaign's phases listed with one phase twice: JSON Schema's uniqueItems compares "
        "whole items, and two slots of the same phase with different dates are different items; "
        "the field's description states that each phase comes once.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"campaign_inconsistent"}),
        r".",
        "A generated campaign whose values do not hold together: phases out of order or "
        "overlapping, an area code that names no area or comes twice, a reserved share above its "
        "envelope. These relate values to each other or to data; the schema states each value's "
        "type and range, and the operation's description states the relations.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"invalid"}),
        r"^At least \d+ characters \(without HTML\)\.$",
        "Text is cleaned before its length is counted: markup, control, invisible and bidi "
        "characters and surrounding whitespace are removed (the hostile-input rules), so a "
        "value of the schema's minLength "
        "made partly of them is too short once cleaned. minLength states the raw minimum; JSON "
        "Schema cannot state what cleaning removes.",
    ),
    FalsePositive(
        "positive_data_acceptance",
        400,
        frozenset({"invalid"}),
        r"^Expected [xy] from 0 to \d+ at zoom \d+\.$",
        "A tile's column or row beyond its zoom's range (x and y run from 0 to 2^z - 1): the "
        "schema bounds each coordinate by the deepest zoom's range, and cannot relate one path "
        "parameter's maximum to another's value; the parameters' descriptions state it.",
    ),
]


def false_positive(check: str, response) -> str | None:
    """The reasons a failure is not a defect, or None when it is one: every reason the answer
    gives must be explained by a documented false positive (one or several)."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    reasons = [str(r) for rs in (body.get("errors") or {}).values() for r in rs] or [
        str(body.get("message", ""))
    ]
    whys: list[str] = []
    for reason in reasons:
        known = next(
            (
                k
                for k in FALSE_POSITIVES
                if k.explains(check, response.status_code, body.get("code"), reason)
            ),
            None,
        )
        if known is None:
            return None
        if known.why not in whys:
            whys.append(known.why)
    return " ".join(whys)


@pytest.fixture(params=ROLES)
def headers(request, db):
    """Every operation is fuzzed as each role: refusals for the anonymous visitor and the
    resident, the officials' paths and representations for an official of the 5th
    arrondissement and for an administrator. Each has a campaign and a proposal to act on."""
    from accounts.tests.factories import UserFactory
    from campaigns.tests.factories import CampaignFactory
    from proposals.tests.factories import ProposalFactory

    role = request.param
    user = {
        "anonymous": None,
        "resident": lambda: UserFactory(),
        "official": lambda: UserFactory(role="official", areas=["paris-05"]),
        "administrator": lambda: UserFactory(role="administrator", is_staff=True),
    }[role]
    user = user() if user else None
    campaign = CampaignFactory(slug="fuzz")
    ProposalFactory(campaign=campaign, author=user or UserFactory())
    # As Django's test client does: keep the test's connection (and transaction) open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # Messages in English, so the false positives below can be recognised by their reasons.
    auth = {"Authorization": f"Token {Token.objects.create(user=user).key}"} if user else {}
    # Answers uncompressed: the map's GeoJSON is gzipped for clients that ask, and the WSGI
    # client Schemathesis uses here does not decompress.
    yield {"Accept-Language": "en", "Accept-Encoding": "identity", **auth}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _throttles_cleared() -> None:
    try:
        from core.throttles import throttle_history_clear
    except ImportError:
        return
    throttle_history_clear()


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_api_passes_every_check(case, headers):
    _throttles_cleared()
    response = case.call(headers=headers)
    real: list[Failure] = []
    for name, check in ALL_CHECKS.items():
        try:
            case.validate_response(response, checks=[check], headers=headers)
        except FailureGroup as group:
            real.extend(f for f in group.exceptions if false_positive(name, response) is None)
        except Failure as failure:
            if false_positive(name, response) is None:
                real.append(failure)
    if real:
        body = response.content[:300] if response.content else b""
        details = "\n".join(f"- {f.title}: {f.message.strip()[:300]}" for f in real)
        raise FailureGroup(
            real,
            f"{case.as_curl_command(headers=headers)}\n-> {response.status_code} {body!r}\n"
            f"{details}",
        )


def test_cases_do_not_depend_on_the_test_order():
    """Every application module is loaded before any case is generated (see above)."""
    assert {"proposals.views", "projects.serializers", "core.fields"} <= set(LOADED)
    assert not [name for name in LOADED if ".tests" in name or ".test_" in name]
    assert [name for name in LOADED if name not in sys.modules] == []
    conftests = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
    assert {str(BACKEND.parent / "conftest.py"), str(BACKEND / "conftest.py")} <= conftests


def test_every_check_is_run():
    """The fuzzing above runs every check this Schemathesis version offers."""
    assert {"not_a_server_error", "response_schema_conformance", "ignored_auth"} <= set(ALL_CHECKS)
    assert len(ALL_CHECKS) >= 10
    for known in FALSE_POSITIVES:
        assert known.check in ALL_CHECKS and known.why


class _Answer:
    def __init__(self, status: int, body: dict):
        self.status_code, self._body = status, body

    def json(self) -> dict:
        return self._body


def test_false_positives_are_narrow():
    """Only the documented refusals are forgiven: an empty value the schema allows, a length
    rule it does not state, a longitude out of the schema's range or a server error still
    fail."""
    unknown = {"code": "invalid", "errors": {"area": ["Unknown value: 0."]}}
    blank = {"code": "invalid", "errors": {"token": ["This field may not be blank."]}}
    mixed = {"code": "invalid", "errors": {"theme": ["Unknown value: x."], "title": ["Short."]}}
    both = {
        "code": "invalid",
        "errors": {
            "theme": ["Unknown value: x."],
            "title": ["At least 5 characters (without HTML)."],
        },
    }
    latitude = {
        "code": "invalid",
        "errors": {"locations": ["Latitude out of range: it must be in [-90, 90]."]},
    }
    longitude = {
        "code": "invalid",
        "errors": {"location": ["Longitude out of range: it must be in [-180, 180]."]},
    }
    assert false_positive("positive_data_acceptance", _Answer(400, unknown))
    assert false_positive("positive_data_acceptance", _Answer(400, latitude))
    assert false_positive("positive_data_acceptance", _Answer(400, longitude)) is None
    assert false_positive("positive_data_acceptance", _Answer(400, blank)) is None
    assert false_positive("positive_data_acceptance", _Answer(400, mixed)) is None
    assert false_positive("positive_data_acceptance", _Answer(400, both))
    assert false_positive("positive_data_acceptance", _Answer(200, both)) is None
    assert false_positive("not_a_server_error", _Answer(400, unknown)) is None
    assert false_positive("positive_data_acceptance", _Answer(500, unknown)) is None
