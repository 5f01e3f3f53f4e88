"""Gunicorn's settings for the API (``make run``; any deployment can pass the same file).

    gunicorn --config deploy/gunicorn.conf.py --chdir backend --bind 127.0.0.1:8000

Workers: ``WEB_CONCURRENCY`` when set, otherwise (2 × cores) + 1, at most ``GUNICORN_MAX_WORKERS``
(8): each sync worker answers one request at a time and holds a database connection, so more
workers than that on one machine only add memory and connections. Cores are the ones this
process may run on (a container's CPU set, not the host's count).
"""

import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(cores: int, cap: int) -> int:
    return max(1, min(2 * cores + 1, cap))


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(
    os.environ.get("WEB_CONCURRENCY")
    or default_workers(_cores(), int(os.environ.get("GUNICORN_MAX_WORKERS", "8")))
)
# Load Django once in the master and fork: a settings error stops the start at once (instead of
# workers failing one after another), and the workers share the loaded code's memory.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# A request waiting on a database lock gives up well before the worker's timeout: a 503 in the
# API's format rather than a worker killed mid-request (config/settings/base.py). Set before
# the application (and its settings) is loaded.
os.environ.setdefault("DB_LOCK_TIMEOUT_SECONDS", str(max(1, timeout // 3)))
# Gunicorn's largest request line (its own refusal is a plain-text 400): above nginx's 8k buffer,
# so behind nginx a too-long address is nginx's 414 in the API's error format.
limit_request_line = 8190
graceful_timeout = 20
# Recycle workers now and then: memory that a long-lived process slowly gathers is given back.
max_requests = 2000
max_requests_jitter = 200
# The application writes its own access line (JSON, with the request id); gunicorn's plain one
# only when asked (GUNICORN_ACCESS_LOG=- for standard output, or a file), for debugging: it
# would write the time and client of every ballot request, which the application's own line
# leaves out (docs/adr/0007-ballot-secrecy.md). Leave it unset in production.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """Each worker opens its own database connections, never one inherited from the master."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
