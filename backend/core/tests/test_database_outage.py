"""The database out of reach (core/errors.py, core/db_routing.py): the API answers 503 in its
error format, never a 500 or an HTML page, recovers by itself once the database is back, and a
replica out of reach sends the reads to the primary.

No server is killed here: a connection is pointed at a closed port (``make test-faults`` kills
a real PostgreSQL under load)."""

import json
import socket
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import OperationalError, connection, connections
from django.test import Client, RequestFactory

import core.db_routing
from accounts.models import User
from core.db_routing import PRIMARY, REPLICA, PrimaryReplicaRouter
from core.errors import DatabaseUnavailableMiddleware, server_error
from core.testing.api import client_for

UNAVAILABLE = {
    "status": 503,
    "code": "service_unavailable",
    "message": "The service is unavailable: try again in a moment.",
    "params": {},
    "errors": {},
    "details": {},
}


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_at(port: int):
    """The default connection pointed at ``port`` for the block, then put back."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=port)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def database_down(django_db_blocker):
    with django_db_blocker.unblock(), database_at(closed_port()):
        yield


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == UNAVAILABLE
    assert response["Retry-After"] == "5"


def test_a_read_while_the_database_is_down_is_a_503_in_the_error_format(database_down):
    assert_unavailable(client_for(None).get("/api/v1/campaigns/"))


def test_a_cast_while_the_database_is_down_is_a_503_never_a_500(database_down):
    # The token is looked up in the database: the failure happens while authenticating.
    api = client_for(None)
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = api.post(
        "/api/v1/campaigns/demo/ballots/", {"area": "paris-05", "projects": [1]}, format="json"
    )
    assert_unavailable(response)


def test_outside_the_api_a_view_that_finds_the_database_down_answers_a_plain_503(database_down):
    # The session (with its cookie) is read from the database when the admin asks who this is.
    browser = Client(raise_request_exception=False)
    browser.cookies["sessionid"] = "x" * 32
    response = browser.get("/admin/")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == UNAVAILABLE["message"]


def test_raised_by_a_middleware_the_server_error_handler_answers_503():
    request = RequestFactory().get("/api/v1/me/")
    try:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    except OperationalError:
        response = server_error(request)  # as Django calls it, while handling the exception
    assert_unavailable(response)
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500
    assert (
        DatabaseUnavailableMiddleware(lambda r: None).process_exception(
            request, ValueError("a bug")
        )
        is None
    )


@pytest.mark.django_db(transaction=True)
def test_the_api_recovers_by_itself_when_the_database_is_back():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    api = client_for(None)
    assert api.get("/api/v1/campaigns/").status_code == 200
    with database_at(closed_port()):
        assert_unavailable(api.get("/api/v1/campaigns/"))
    # Same process, no restart: the next request connects again.
    assert api.get("/api/v1/campaigns/").status_code == 200


# ---- the replica --------------------------------------------------------------------------------


@contextmanager
def replica_at(port: int | None):
    """A ``replica`` alias for the block: the test database itself (``port`` None) or a closed
    port, as DATABASE_REPLICA_URL would add it."""
    replica = {**connection.settings_dict, "OPTIONS": {"connect_timeout": 1}}
    if port is not None:
        replica.update(HOST="127.0.0.1", PORT=port)
    connections.settings[REPLICA] = replica
    core.db_routing._replica_down_until = 0.0
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
        core.db_routing._replica_down_until = 0.0


@pytest.fixture
def databases_open(django_db_setup, django_db_blocker):
    """The test database, without a test's transaction (the replica alias is not one of the
    test's databases: it connects outside it, as a replica does)."""
    with django_db_blocker.unblock():
        yield


def test_reads_go_to_a_replica_that_answers(databases_open):
    router = PrimaryReplicaRouter()
    with replica_at(None):
        assert router.db_for_read(User) == REPLICA
        assert User.objects.using(REPLICA).count() == User.objects.count()


def test_a_replica_out_of_reach_sends_the_reads_to_the_primary(databases_open, caplog, settings):
    settings.DATABASE_REPLICA_RETRY_SECONDS = 30
    router = PrimaryReplicaRouter()
    with replica_at(closed_port()):
        assert router.db_for_read(User) == PRIMARY
        assert "Database replica unreachable" in caplog.text
        # Left aside for a while, without trying each read again.
        caplog.clear()
        assert router.db_for_read(User) == PRIMARY
        assert "unreachable" not in caplog.text
        # Back after the delay (here: at once), reads go to it again.
        core.db_routing._replica_down_until = 0.0
        connections[REPLICA].settings_dict.update(
            HOST=connection.settings_dict["HOST"], PORT=connection.settings_dict["PORT"]
        )
        assert router.db_for_read(User) == REPLICA
