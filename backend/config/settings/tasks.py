from celery.schedules import crontab
from kombu import Queue

from .env import env

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=env.str("REDIS_URL"))
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=env.str("REDIS_URL"))
# Nobody waits for a task's return value (the work is in the database; outcomes are counted by
# core.task_signals): results are not stored. Queueing a task that stores one subscribes to its
# result in Redis first, which with Redis down retries for some twenty seconds and then raises,
# holding the request that queues it (make test-faults found a proposal answered 504 so).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {
        "max_retries": 2,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis down: queueing gives up within about two seconds (core/queueing.py logs it; the sweeps
# below queue the work again), instead of holding the request that queues it.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    # A task taken by a worker that dies without a word (kill -9 of the whole worker, a machine
    # lost) goes back to the queue after this many seconds (a worker's child killed is handed
    # back at once: CELERY_TASK_REJECT_ON_WORKER_LOST). Longer than the longest task (the count
    # of a campaign), or a slow task would be run twice at once (harmless, as every task is
    # idempotent, but wasted).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # How often a worker looks for such tasks: every interval × throttle seconds (kombu's
    # defaults, 10 × 10: 100 s); make test-faults looks every 2 s.
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_TIMEZONE = "Europe/Paris"
# Two queues. Mail and the notifications that make it go to ``mail``: the vote's opening or a
# count fans out one task per declared voter or follower (12,610 in make test-faults), which in a
# single queue stood ahead of the geocoding and the count for minutes. Everything else stays in
# ``celery``. A worker started without ``-Q`` consumes both, taking from each in turn (kombu's
# Redis transport rotates the queues it waits on after every message), so a geocoding task waits
# behind at most one mail; production may also give mail workers of its own (``-Q mail``) and
# keep the others to ``-Q celery`` (docs/scaling.md, "More workers").
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery"), Queue("mail"))
CELERY_TASK_ROUTES = {
    "notifications.*": {"queue": "mail"},
    "accounts.send_*": {"queue": "mail"},
    "privacy.send_*": {"queue": "mail"},
}
# Every periodic task, in one place.
CELERY_BEAT_SCHEDULE: dict = {
    "apply-campaign-phases": {
        "task": "campaigns.apply_phases",
        "schedule": env.float("PHASE_APPLY_SECONDS", default=30.0),
    },
    # Work whose queueing failed (Redis down, core/queueing.py) or whose task was lost is found
    # again from the database and queued once more; every task is idempotent.
    "count-campaigns-due": {
        "task": "results.count_due",
        "schedule": env.float("SWEEP_SECONDS", default=60.0),
    },
    "locate-pending-proposals": {
        "task": "proposals.locate_pending",
        "schedule": env.float("SWEEP_SECONDS", default=60.0),
    },
    "send-pending-notifications": {
        "task": "notifications.send_pending",
        "schedule": env.float("SWEEP_SECONDS", default=60.0),
    },
    # The daily digest of notifications, at 7:00 Paris time, for those who chose it.
    "send-notification-digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Petitions whose signing period is over: awaiting their answer or closed (a signature after
    # the end is refused whether or not this has run yet).
    "close-petitions-due": {
        "task": "petitions.close_due",
        "schedule": env.float("PETITION_CLOSE_SECONDS", default=60.0),
    },
    # Personal data past its campaign's retention (PERSONAL_DATA_RETENTION_MONTHS).
    "apply-retention": {
        "task": "privacy.apply_retention",
        "schedule": env.float("RETENTION_SECONDS", default=24 * 3600.0),
    },
}
# A proposal pending geocoding, or a notification unsent, for longer than this (seconds) was
# missed by its task: the sweeps above queue it again.
SWEEP_AFTER_SECONDS = env.int("SWEEP_AFTER_SECONDS", default=120)
