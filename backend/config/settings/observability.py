"""Logs, request ids and metrics (core.logs, core.observability, core.metrics; README,
"Operations")."""

from .env import env

# "json": one JSON object per line (production, log collectors); "text": readable lines.
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"()": "core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# /api/v1/metrics/: with a token, only requests bearing it ("Authorization: Bearer …");
# without, only requests made directly from a loopback or private address.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Where the counters live, shared by every API and worker process.
METRICS_REDIS_URL = env.str("METRICS_REDIS_URL", default=env.str("REDIS_URL"))

# Ballot requests (casting, replacing, paper entry, receipt checks): their log lines carry no
# user id, session, request id or time finer than the day (core.logs.discreet_path; ADR 0007).
DISCREET_PATHS = (
    r"^/api/v1/campaigns/[^/]+/ballots/",
    r"^/api/v1/campaigns/[^/]+/areas/[^/]+/paper-ballots/",
    r"^/api/v1/receipts/check/",
)
