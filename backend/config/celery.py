"""Celery application. Schedules live in settings (CELERY_BEAT_SCHEDULE), tasks beside their app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("belvedere")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
