"""A corpus of hostile inputs against every write operation of the API.

The operations are read from the OpenAPI schema served at /api/v1/schema/ (every POST, PUT and
PATCH), so a new endpoint is covered as soon as it is routed. Each is sent, as an anonymous
visitor and as an administrator: deeply nested JSON, markup encoded as entities, invisible and
bidirectional characters, NUL bytes and unstorable strings, bodies over the size limit, wrong
content types, malformed JSON and JSON that is not an object. Whatever the input:

- the answer is never a 5xx (nor an exception escaping the view);
- a 4xx answer is in the API's one error format;
- a refused request stored nothing: the row counts of the project's tables are unchanged;
- an accepted one did not store what it should have refused (live markup, a text that shows
  nothing, bidi controls, NUL bytes) and no body over the size limit is accepted.

Every offence of an operation is listed in its failure, one line per payload.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from core.testing.api import client_for, error_body

try:  # the shared builders of hostile input, when the project has them
    from core.testing import hostile
except ImportError:  # pragma: no cover - the corpus then builds its own
    hostile = None

BACKEND = Path(__file__).resolve().parents[2] / "backend"
WRITE_METHODS = ("post", "put", "patch")
PANTHEON = (2.3464, 48.8462)

# ---- the operations, from the served schema ----------------------------------------------------


def _schema() -> dict:
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


SCHEMA = _schema()
COMPONENTS = SCHEMA.get("components", {}).get("schemas", {})


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = COMPONENTS[node["$ref"].rsplit("/", 1)[-1]]
    return node


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    properties: dict[str, dict]

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def text_fields(self) -> list[str]:
        """Free-text fields: strings without a format or an enum, long enough to hold prose
        (references such as slugs, areas or receipts are left valid)."""
        return [
            name
            for name, prop in self.properties.items()
            if prop.get("type") == "string"
            and "format" not in prop
            and "enum" not in prop
            and prop.get("maxLength", 0) >= 80
        ]

    @property
    def string_fields(self) -> list[str]:
        return [n for n, p in self.properties.items() if p.get("type") == "string"]


def _operations() -> list[Operation]:
    operations = []
    for path, item in SCHEMA["paths"].items():
        for method, operation in item.items():
            if method not in WRITE_METHODS:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            body_schema = next(iter(content.values()), {}).get("schema", {}) if content else {}
            properties = {
                name: _resolve(prop)
                for name, prop in _resolve(body_schema).get("properties", {}).items()
            }
            operations.append(Operation(method, path, properties))
    return operations


OPERATIONS = _operations()

# ---- the world the operations act on -----------------------------------------------------------


@dataclass
class World:
    campaign: Any
    proposal: Any
    other_proposal: Any
    project: Any
    resident: Any
    official: Any
    declaration: Any
    conflict: Any
    comment: Any = None
    notification: Any = None
    petition: Any = None
    petition_process: Any = None
    signature: Any = None
    burst_alert: Any = None


@pytest.fixture
def world(db) -> World:
    from django.contrib.gis.geos import MultiPoint, Point

    from accounts.tests.factories import UserFactory
    from campaigns.tests.factories import campaign_in_phase
    from geo.models import Area
    from projects.models import Project
    from proposals.tests.factories import ProposalFactory

    campaign = campaign_in_phase("submission", slug="corpus")
    resident = UserFactory(email="corpus-resident@example.org")
    project = Project.objects.create(
        campaign=campaign,
        area=Area.objects.get(code="paris-05"),
        title="Un jardin partagé",
        description="Un projet du corpus.",
        cost=10_000,
        locations=MultiPoint(Point(*PANTHEON, srid=4326), srid=4326),
    )
    declaration = conflict = None
    if apps.is_installed("voting"):
        from voting.models import IdentityConflict, VoterRollEntry
        from voting.tests.conftest import declare

        declaration = declare(UserFactory(), campaign)
        # Two claims of one identity, for the officials to decide.
        claims = [
            VoterRollEntry.objects.create(
                campaign=campaign,
                user=UserFactory(),
                full_name="Élodie Dupont",
                name_key="elodie dupont",
                birth_date="1985-03-02",
                standing=standing,
            )
            for standing in ("holder", "claimant")
        ]
        conflict = IdentityConflict.objects.create(
            campaign=campaign,
            first=claims[0],
            second=claims[1],
            channel="online",
            first_area=Area.objects.get(code="paris-05"),
            opened_at=timezone.now(),
        )
    from conversations.models import Comment
    from delivery.models import Delivery
    from notifications.models import Notification

    proposal = ProposalFactory(campaign=campaign, author=resident)
    comment = Comment.objects.create(
        campaign=campaign,
        area=proposal.area,
        proposal=proposal,
        author=resident,
        text="Bien.",
        created_at=timezone.now(),
    )
    notification = Notification.objects.create(
        user=resident, proposal=proposal, event=Notification.Event.ACCEPTED
    )
    Delivery.objects.create(project=project, campaign=campaign, area=project.area)
    petition = petition_process = signature = burst_alert = None
    if apps.is_installed("petitions"):
        from petitions.models import BurstAlert
        from petitions.tests.factories import PetitionFactory, ProcessFactory, SignatureFactory

        petition_process = ProcessFactory(slug="corpus")
        petition = PetitionFactory(process=petition_process, author=resident)
        signature = SignatureFactory(petition=petition, status="held", held_reason="new_account")
        now = timezone.now()
        burst_alert = BurstAlert.objects.create(
            petition=petition,
            network="0" * 64,
            signatures=30,
            first_at=now,
            last_at=now,
            created_at=now,
        )
    return World(
        campaign=campaign,
        proposal=proposal,
        other_proposal=ProposalFactory(campaign=campaign),
        project=project,
        resident=resident,
        official=UserFactory(role="official", areas=["paris-05"]),
        declaration=declaration,
        conflict=conflict,
        comment=comment,
        notification=notification,
        petition=petition,
        petition_process=petition_process,
        signature=signature,
        burst_alert=burst_alert,
    )


# The object each kind of path parameter names. A new parameter needs a line here: an unknown
# one fails the test rather than quietly testing a 404.
COLLECTION_IDS: dict[str, Callable[[World], Any]] = {
    "proposals": lambda w: w.proposal.pk,
    "projects": lambda w: w.project.pk,
    "users": lambda w: w.resident.pk,
    "declarations": lambda w: w.declaration.pk if w.declaration else 0,
    "identity-conflicts": lambda w: w.conflict.pk if w.conflict else 0,
    "comments": lambda w: w.comment.pk,
    "notifications": lambda w: w.notification.pk,
    "deliveries": lambda w: w.project.pk,  # a delivery's id is its project's
    "petitions": lambda w: w.petition.pk if w.petition else 0,
    "processes": lambda w: w.petition_process.pk if w.petition_process else 0,  # petitions'
    "signatures": lambda w: w.signature.pk if w.signature else 0,  # petitions' signatures
    "alerts": lambda w: w.burst_alert.pk if w.burst_alert else 0,  # petitions' burst alerts
}
PARAMETERS: dict[str, Callable[[World], Any]] = {
    "slug": lambda w: w.campaign.slug,
    "code": lambda w: "paris-05",
    "phase": lambda w: "submission",
}


def url_for(operation: Operation, world: World) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "id":
            collection = operation.path.split("/{id}")[0].rsplit("/", 1)[-1]
            assert collection in COLLECTION_IDS, f"{operation}: which {collection} is {{id}}?"
            return str(COLLECTION_IDS[collection](world))
        assert name in PARAMETERS, f"{operation}: add a value for the path parameter {{{name}}}"
        return str(PARAMETERS[name](world))

    return re.sub(r"\{(\w+)\}", value, operation.path)


# Valid references for the operations whose texts are stored, so the hostile texts reach the
# sanitiser and the database instead of stopping at a missing field.
BASE_BODIES: dict[str, Callable[[World], dict]] = {
    "POST /api/v1/proposals/": lambda w: {
        "campaign": w.campaign.slug,
        "theme": "environnement",
        "location": {"type": "Point", "coordinates": list(PANTHEON)},
        "title": "Un jardin partagé",
        "description": "Transformer la petite place en jardin partagé.",
    },
    "POST /api/v1/proposals/{id}/report/": lambda w: {"reason": "other"},
    "POST /api/v1/proposals/{id}/merge/": lambda w: {"into": w.other_proposal.pk},
    "POST /api/v1/proposals/{id}/review/accept/": lambda w: {"cost": 10_000},
    "POST /api/v1/proposals/{id}/review/assign/": lambda w: {"assignee": w.official.email},
    "POST /api/v1/review/bulk/": lambda w: {"action": "reject", "ids": [w.proposal.pk]},
    "POST /api/v1/projects/": lambda w: {"proposals": [w.proposal.pk], "cost": 10_000},
    "PUT /api/v1/projects/{id}/priority/": lambda w: {"priority": True},
    "POST /api/v1/auth/register/": lambda w: {
        "email": "corpus-new@example.org",
        "password": "correct-horse-battery",
    },
    "POST /api/v1/auth/login/": lambda w: {"email": w.resident.email},
    "POST /api/v1/auth/token/": lambda w: {"email": w.resident.email},
    "PUT /api/v1/users/{id}/role/": lambda w: {"role": "official", "areas": ["paris-05"]},
    "PUT /api/v1/campaigns/{slug}/phases/{phase}/": lambda w: {
        "start": (timezone.now() - timedelta(days=2)).isoformat()
    },
    "PUT /api/v1/campaigns/{slug}/envelopes/{code}/": lambda w: {"amount": 100_000},
    "PUT /api/v1/campaigns/{slug}/declaration/": lambda w: {"birth_date": "1990-05-17"},
    "POST /api/v1/campaigns/{slug}/identity-conflicts/{id}/decide/": lambda w: {
        "decision": "different_people"
    },
    "POST /api/v1/petitions/": lambda w: {
        "process": "corpus",
        "theme": "environnement",
        "authority_kind": "area",
        "area_code": "paris-05",
        "title": "Des fontaines dans le square",
        "text": "Installer des fontaines d'eau potable dans le square.",
    },
    "POST /api/v1/petitions/processes/": lambda w: {
        "slug": "corpus-new",
        "threshold": 10,
        "area_threshold": 5,
        "signing_days": 30,
        "answer_days": 30,
        "min_age": 0,
        "filing_open": True,
    },
    "POST /api/v1/petitions/{id}/moderation/": lambda w: {
        "decision": "inadmissible",
        "reason_code": "other",
    },
    "POST /api/v1/petitions/{id}/signature/": lambda w: {
        "resident": True,
        "birth_date": "1980-05-17",
        "area_code": "paris-05",
    },
    "POST /api/v1/petitions/{id}/convert/": lambda w: {"campaign": w.campaign.slug},
}


def base_body(operation: Operation, world: World) -> dict:
    build = BASE_BODIES.get(str(operation))
    return build(world) if build else {}


# ---- payload builders (the shared ones when present) ------------------------------------------

LIVE_MARKUP = '<img src=x onerror="alert(1)">'
BIDI_SPOOF = "Jardin \u202egnp.exe\u202c partagé"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202e\u2066\u2069\u3164"
BIDI_CONTROLS = set("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def nested_json(depth: int, kind: str = "array") -> bytes:
    if hostile:
        return hostile.nested_json(depth, kind=kind)
    if kind == "array":
        return ("[" * depth + "1" + "]" * depth).encode()
    return ('{"a":' * depth + "1" + "}" * depth).encode()


def encoded_markup(times: int, style: str) -> str:
    if hostile:
        return hostile.encoded_markup(times, style=style)
    markup = LIVE_MARKUP
    for _ in range(times):
        markup = markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return markup


def invisible_text(length: int = 20) -> str:
    if hostile:
        return hostile.invisible_text(length)
    return "".join(INVISIBLE[i % len(INVISIBLE)] for i in range(length))


def body_limit() -> int:
    return int(getattr(settings, "API_MAX_BODY_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    if hostile:
        return hostile.multipart(fields)
    boundary = "corpusBoundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    return ("".join(parts) + f"--{boundary}--\r\n").encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


@dataclass(frozen=True)
class Payload:
    """One hostile request body: its bytes and content type, and what an accepted answer must
    not hold (``kind``)."""

    name: str
    kind: str  # "markup", "invisible", "bidi", "nul", "huge" or "refusal"
    build: Callable[[Operation, World], tuple[bytes, str]]


def _json(data: Any) -> tuple[bytes, str]:
    return json.dumps(data).encode(), "application/json"


def _texts(value: str, *, every_string: bool = False) -> Callable[[Operation, World], tuple]:
    """The operation's valid base body with ``value`` in each free-text field (in every string
    field with ``every_string``)."""

    def build(operation: Operation, world: World) -> tuple[bytes, str]:
        fields = operation.string_fields if every_string else operation.text_fields
        return _json({**base_body(operation, world), **dict.fromkeys(fields or ["title"], value)})

    return build


def _raw(body: bytes | str, content_type: str = "application/json") -> Callable:
    data = body.encode() if isinstance(body, str) else body
    return lambda operation, world: (data, content_type)


def _nested_in_field(operation: Operation, world: World) -> tuple[bytes, str]:
    field = (operation.text_fields or operation.string_fields or ["title"])[0]
    head = json.dumps(base_body(operation, world))[:-1]
    return (head + (", " if head != "{" else "") + json.dumps(field) + ": ").encode() + nested_json(
        3000
    ) + b"}", "application/json"


def _unstorable(operation: Operation, world: World) -> tuple[bytes, str]:
    """Lone surrogates and escaped NULs, which only the JSON text can carry."""
    fields = operation.string_fields or ["title"]
    body = json.dumps({**base_body(operation, world), **dict.fromkeys(fields, "SLOT")})
    return body.replace('"SLOT"', '"a\\ud800\\u0000b"').encode(), "application/json"


def _huge_json(operation: Operation, world: World) -> tuple[bytes, str]:
    fields = operation.text_fields or ["padding"]
    base = base_body(operation, world)
    return _json({**base, fields[0]: "x" * (body_limit() + 4096)})


def _huge_form(operation: Operation, world: World) -> tuple[bytes, str]:
    field = (operation.text_fields or ["padding"])[0]
    return urlencode({field: "x" * (body_limit() + 4096)}).encode(), (
        "application/x-www-form-urlencoded"
    )


def _huge_multipart(operation: Operation, world: World) -> tuple[bytes, str]:
    field = (operation.text_fields or ["padding"])[0]
    return multipart({field: "x" * (body_limit() + 4096)})


def _form_with_nul(operation: Operation, world: World) -> tuple[bytes, str]:
    fields = operation.string_fields or ["title"]
    return urlencode(dict.fromkeys(fields, "a\x00b")).encode(), (
        "application/x-www-form-urlencoded"
    )


def _multipart_with_nul(operation: Operation, world: World) -> tuple[bytes, str]:
    return multipart(dict.fromkeys(operation.string_fields or ["title"], "a\x00b"))


PAYLOADS = [
    Payload(
        "nested arrays (5000)", "refusal", lambda o, w: (nested_json(5000), "application/json")
    ),
    Payload(
        "nested objects (5000)",
        "refusal",
        lambda o, w: (nested_json(5000, "object"), "application/json"),
    ),
    Payload("nested value in a field (3000)", "refusal", _nested_in_field),
    Payload("live markup", "markup", _texts(LIVE_MARKUP)),
    # Several layers of entities: a sanitiser that decodes a bounded number of times, or
    # decodes after cleaning, hands back live markup for one of these depths.
    *(
        Payload(f"markup encoded {n}× ({style})", "markup", _texts(encoded_markup(n, style)))
        for n, style in [
            (1, "named"),
            (2, "decimal"),
            (3, "named"),
            (5, "named"),
            (6, "named"),
            (5, "hexadecimal"),
            (5, "legacy"),
            (9, "named"),
        ]
    ),
    Payload("invisible characters only", "invisible", _texts(invisible_text(24))),
    Payload("bidi override", "bidi", _texts(BIDI_SPOOF)),
    Payload("NUL bytes in every string", "nul", _texts("a\x00b", every_string=True)),
    Payload("lone surrogate and escaped NUL", "nul", _unstorable),
    Payload("NUL bytes in a form", "nul", _form_with_nul),
    Payload("NUL bytes in a multipart form", "nul", _multipart_with_nul),
    Payload("JSON over the size limit", "huge", _huge_json),
    Payload("form over the size limit", "huge", _huge_form),
    Payload("multipart over the size limit", "huge", _huge_multipart),
    Payload(
        "JSON sent as text/plain", "refusal", lambda o, w: (_json(base_body(o, w))[0], "text/plain")
    ),
    Payload("XML", "refusal", _raw("<proposal><title>x</title></proposal>", "application/xml")),
    Payload("multipart without a boundary", "refusal", _raw("--x\r\n\r\n", "multipart/form-data")),
    Payload("invalid UTF-8", "refusal", _raw(b'{"title": "\xff\xfe\xc3"}')),
    Payload("truncated JSON", "refusal", _raw('{"title": "x"')),
    Payload("a JSON list", "refusal", _raw('[{"title": "x"}]')),
    Payload("a JSON number", "refusal", _raw("42")),
    Payload("a JSON string", "refusal", _raw('"x"')),
    Payload("JSON null", "refusal", _raw("null")),
]

# ---- checks ------------------------------------------------------------------------------------

# Reference data (the city's districts, areas and address base) is not written through the API.
REFERENCE_APPS = {"geo", "addresses"}


def _tables() -> list[str]:
    """The tables of the project's own applications, with sessions and API tokens."""
    tables = {"django_session", "authtoken_token"}
    for config in apps.get_app_configs():
        if config.label in REFERENCE_APPS or not Path(config.path).is_relative_to(BACKEND):
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    existing = set(connection.introspection.table_names())
    return sorted(tables & existing)


def row_counts(tables: list[str]) -> dict[str, int]:
    # Table names from the model registry, quoted: no outside input reaches this text.
    quoted = [connection.ops.quote_name(t) for t in tables]
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in quoted)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


LIVE_TAG = re.compile(r"<\s*/?\s*(img|script|svg|iframe|a|b|i|style)\b", re.IGNORECASE)
SHOWS_NOTHING = re.compile(
    r"^[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u034f\u115f\u1160\u3164\uffa0"
    r"\ufe0f\u061c]*$"
)


def _audit_mark() -> int:
    from audit.models import AuditRecord

    return AuditRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def audit_reasons_since(mark: int) -> list[str]:
    """The reasons of the audit records written since ``mark``: texts an administrator typed
    that the answer does not show back, stored all the same."""
    from audit.models import AuditRecord

    return list(AuditRecord.objects.filter(pk__gt=mark).values_list("reason", flat=True))


def offence(
    payload: Payload,
    operation: Operation,
    response: Any,
    before: dict,
    after: dict,
    stored: list[str] = (),  # type: ignore[assignment]
) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{status}: {response.content[:160]!r}"
    if 400 <= status < 500:
        try:
            error_body(response)
        except AssertionError as exc:
            return f"{status} not in the error format: {str(exc)[:200]}"
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        if changed:
            return f"{status} but stored rows: {changed}"
        return None
    if not 200 <= status < 300:
        return f"unexpected {status}"
    if payload.kind == "huge":
        return f"{status}: accepted a body over the {body_limit()}-byte limit"
    try:
        strings = _strings(response.json()) if response.content else []
    except ValueError:
        return f"{status} with a body that is not JSON: {response.content[:120]!r}"
    if payload.kind == "markup" and any(LIVE_TAG.search(s) for s in strings):
        return f"{status}: live markup in the answer"
    if payload.kind == "markup" and any(LIVE_TAG.search(s) for s in stored):
        return f"{status}: live markup stored in an audit reason"
    if payload.kind == "bidi" and any(set(s) & BIDI_CONTROLS for s in [*strings, *stored]):
        return f"{status}: bidi controls kept"
    if payload.kind == "nul" and any("\x00" in s for s in [*strings, *stored]):
        return f"{status}: NUL kept"
    if payload.kind == "invisible" and any(s and SHOWS_NOTHING.match(s) for s in stored):
        return f"{status}: an audit reason that shows nothing"
    if payload.kind == "invisible":
        body = response.json() if response.content else {}
        blank = [
            f
            for f in operation.text_fields
            if isinstance(body, dict)
            and isinstance(body.get(f), str)
            and body[f]
            and SHOWS_NOTHING.match(body[f])
        ]
        if blank:
            return f"{status}: stored text that shows nothing in {blank}"
    return None


def send(client: Any, operation: Operation, url: str, body: bytes, content_type: str) -> Any:
    """The request in a savepoint: a database error in the view cannot poison the next one."""
    with transaction.atomic():
        return client.generic(operation.method.upper(), url, body, content_type=content_type)


def _throttles_cleared() -> None:
    """Throttles answer 429 before a body is read: start each payload with none counted."""
    try:
        from core.throttles import throttle_history_clear
    except ImportError:
        return
    throttle_history_clear()


ROLES = ["anonymous", "administrator"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_hostile_input_is_refused_cleanly(operation, role, world):
    from accounts.tests.factories import UserFactory

    user = None if role == "anonymous" else UserFactory(role="administrator", is_staff=True)
    client = client_for(user)
    url = url_for(operation, world)
    tables = _tables()
    offences = []
    for payload in PAYLOADS:
        body, content_type = payload.build(operation, world)
        _throttles_cleared()
        before = row_counts(tables)
        mark = _audit_mark()
        try:
            response = send(client, operation, url, body, content_type)
        except Exception as exc:  # an exception escaping the view is a 500
            offences.append(f"{payload.name}: raised {type(exc).__name__}: {str(exc)[:160]}")
            continue
        stored = audit_reasons_since(mark)
        problem = offence(payload, operation, response, before, row_counts(tables), stored)
        if problem:
            offences.append(f"{payload.name}: {problem}")
    assert offences == [], f"{operation} as {role}:\n" + "\n".join(offences)


def test_the_corpus_covers_the_write_operations():
    """The schema was read and its write operations found (the corpus cannot pass empty)."""
    paths = {str(o) for o in OPERATIONS}
    assert {
        "POST /api/v1/proposals/",
        "PATCH /api/v1/proposals/{id}/",
        "POST /api/v1/auth/login/",
        "POST /api/v1/auth/register/",
    } <= paths
    assert len(OPERATIONS) >= 25
    assert all(o.method in WRITE_METHODS for o in OPERATIONS)
    assert len(PAYLOADS) >= 20
