"""Where photos are kept: the ``photos`` storage of ``STORAGES`` (config/settings/media.py), the
file system under ``MEDIA_ROOT`` in development and ``make run``, an S3-compatible bucket in
production. Read at each call, so a test's ``override_settings(STORAGES=…)`` is seen."""

from __future__ import annotations

from django.core.files.storage import Storage, storages

PHOTOS = "photos"


def photo_storage() -> Storage:
    return storages[PHOTOS]


def photo_url(name: str) -> str:
    return photo_storage().url(name)
