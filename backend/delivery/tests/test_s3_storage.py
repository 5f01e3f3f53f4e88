"""Photos in an S3-compatible bucket: the same service, with the ``photos`` storage set as
production sets it (django-storages' S3Storage, config/settings/media.py), talking over HTTP to
a real S3-compatible server on loopback (moto's server, started here as a process thread)."""

from __future__ import annotations

import io
import json
import socket
import urllib.request

import pytest
from django.utils import timezone
from PIL import Image

from delivery.models import Photo
from delivery.services import PhotoInput, milestone_add
from delivery.storage import photo_storage

from .test_photos import GPS_IFD, jpeg_with_gps

pytestmark = pytest.mark.django_db

BUCKET = "belvedere-photos"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def s3_server(monkeypatch):
    server_module = pytest.importorskip("moto.server")
    boto3 = pytest.importorskip("boto3")
    port = free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="eu-west-3",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    # As in production (README): the photos' prefix is readable by anyone, nothing else is.
    client.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/photos/*",
                    }
                ],
            }
        ),
    )
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3_photos(settings, s3_server):
    endpoint, client = s3_server
    settings.STORAGES = {
        **settings.STORAGES,
        "photos": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "eu-west-3",
                "access_key": "test",
                "secret_key": "test",
                "location": "photos",
                "querystring_auth": False,
                "file_overwrite": False,
                "addressing_style": "path",
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        },
    }
    return endpoint, client


def test_a_photo_goes_to_the_bucket_and_back(winners, official, s3_photos, api):
    endpoint, client = s3_photos
    from storages.backends.s3 import S3Storage

    assert isinstance(photo_storage(), S3Storage)
    milestone_add(
        delivery=winners["delivery"],
        actor=official,
        now=timezone.now(),
        date=timezone.localdate(),
        text="Plantations.",
        photos=[PhotoInput(file=jpeg_with_gps(), alt="Les premières plantations")],
    )
    stored = Photo.objects.get()
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {f"photos/{stored.small}", f"photos/{stored.large}"}
    head = client.head_object(Bucket=BUCKET, Key=f"photos/{stored.large}")
    assert head["ContentType"] == "image/jpeg"
    assert head["CacheControl"] == "public, max-age=31536000, immutable"

    # The API gives the bucket's URLs; fetched over HTTP, they are the re-encoded copies.
    body = api.get(f"/api/v1/deliveries/{winners['delivery'].pk}/").json()
    photo = body["milestones"][0]["photos"][0]
    assert photo["large"]["url"].startswith(f"{endpoint}/{BUCKET}/photos/deliveries/")
    with urllib.request.urlopen(photo["large"]["url"], timeout=10) as answer:  # noqa: S310
        data = answer.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.width == 1280
        assert not image.getexif().get_ifd(GPS_IFD)
    # The storage reads them back through its own API too.
    with photo_storage().open(stored.small, "rb") as handle:
        assert Image.open(handle).width == 480
    # The file view serves the file system only: nothing of the bucket through the API.
    assert api.get(f"/api/v1/photos/{stored.large}").status_code == 404


def test_production_settings_build_the_s3_storage(monkeypatch):
    """config/settings/media.py with PHOTO_STORAGE=s3 (read in a fresh interpreter)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    backend = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PHOTO_STORAGE": "s3",
        "PHOTO_S3_BUCKET": "photos-paris",
        "PHOTO_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
        "PHOTO_S3_REGION": "fr-par",
    }
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps({'photos': settings.STORAGES['photos'], "
        "'img': settings.CSP_TILE_ORIGINS}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=backend,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    read = json.loads(out.strip().splitlines()[-1])
    assert read["photos"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert read["photos"]["OPTIONS"]["bucket_name"] == "photos-paris"
    assert read["photos"]["OPTIONS"]["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert read["photos"]["OPTIONS"]["querystring_auth"] is False
    assert "https://s3.fr-par.scw.cloud" in read["img"]
