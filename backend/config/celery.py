"""Celery application. Schedules live in settings (CELERY_BEAT_SCHEDULE), tasks beside their app."""

import os

from celery import Celery
from celery.signals import setup_logging

from core.logs import celery_logging_configure

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The worker and beat log as the web processes do (settings.LOGGING: JSON lines with the
# request id), not with Celery's own handlers; LOG_LEVEL sets the level, not `-l`.
setup_logging.connect(celery_logging_configure, weak=False)

# Every task's ``delay`` logs a broker outage instead of raising it (core/queueing.py).
app = Celery("belvedere", task_cls="core.queueing:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
