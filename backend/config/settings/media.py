"""Where uploaded photos (the milestones of winning projects) are kept: the ``photos`` storage
of ``STORAGES``, read through Django's storage API (``delivery.storage``).

- ``PHOTO_STORAGE=filesystem`` (the default: tests, ``make dev``, ``make run``): files under
  ``MEDIA_ROOT/photos`` (``.data/media/photos``), served by the API at ``/api/v1/photos/…``.
- ``PHOTO_STORAGE=s3``: an S3-compatible bucket through django-storages and boto3 (AWS S3,
  Scaleway, OVHcloud, MinIO, Garage…), configured by the ``PHOTO_S3_*`` variables below; the
  photos' URLs point at the bucket (or ``PHOTO_S3_CUSTOM_DOMAIN``), whose origin is added to the
  pages' ``img-src``. Without ``PHOTO_S3_ACCESS_KEY_ID`` boto3 looks for credentials as usual
  (its environment variables, an instance role…).

Imported after production.py: it adds ``photos`` to whichever ``STORAGES`` is in force."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from . import production as _production
from .base import CSP_TILE_ORIGINS as _CSP_IMAGE_ORIGINS
from .env import REPO_DIR, env

MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(REPO_DIR / ".data" / "media"))
PHOTO_FILES_URL = "/api/v1/photos/"  # delivery.views.PhotoFileView
PHOTO_STORAGE = env.str("PHOTO_STORAGE", default="filesystem")

if PHOTO_STORAGE == "filesystem":
    _photos: dict = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": f"{MEDIA_ROOT}/photos", "base_url": PHOTO_FILES_URL},
    }
elif PHOTO_STORAGE == "s3":
    _bucket = env.str("PHOTO_S3_BUCKET", default="")
    if not _bucket:
        raise ImproperlyConfigured("PHOTO_STORAGE=s3 needs PHOTO_S3_BUCKET.")
    _endpoint = env.str("PHOTO_S3_ENDPOINT_URL", default="") or None
    _region = env.str("PHOTO_S3_REGION", default="") or None
    _domain = env.str("PHOTO_S3_CUSTOM_DOMAIN", default="") or None
    _photos = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _endpoint,
            "region_name": _region,
            "access_key": env.str("PHOTO_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("PHOTO_S3_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": _domain,
            "location": env.str("PHOTO_S3_PREFIX", default="photos"),
            # Public photos: plain URLs (the bucket or its prefix is readable by anyone), never
            # overwritten (each name carries a random key), cached for a year.
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": env.str("PHOTO_S3_ACL", default="") or None,
            "addressing_style": env.str("PHOTO_S3_ADDRESSING_STYLE", default="") or None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if _domain:
        _origin = f"https://{_domain.split('/')[0]}"
    elif _endpoint:
        _parts = urlsplit(_endpoint)
        _origin = f"{_parts.scheme}://{_parts.netloc}"
    else:
        _origin = f"https://{_bucket}.s3.{_region or 'us-east-1'}.amazonaws.com"
    CSP_TILE_ORIGINS = [*_CSP_IMAGE_ORIGINS, _origin]
else:
    raise ImproperlyConfigured(f"PHOTO_STORAGE={PHOTO_STORAGE!r}: expected filesystem or s3.")

STORAGES = {
    **getattr(
        _production,
        "STORAGES",
        {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ),
    "photos": _photos,
}

# Photo uploads (a milestone with its photos, each at most 10 MB) may be larger than the API's
# other bodies (API_MAX_BODY_BYTES): core.middleware lets these paths through up to this size.
API_UPLOAD_PATHS = [r"^/api/v1/deliveries/\d+/milestones/$"]
API_UPLOAD_MAX_BODY_BYTES = env.int("API_UPLOAD_MAX_BODY_BYTES", default=64 * 1024 * 1024)
