"""Milestone photos: accepted by their content (not their name), refused otherwise with a 400
naming the field; re-encoded without EXIF (location included) at two widths, stored through the
photo storage and served from it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.testing.api import assert_error
from delivery.models import Photo
from delivery.photos import MAX_BYTES, MAX_PIXELS, WIDTHS, PhotoRefused, photo_process

from .conftest import image_bytes

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
MAKE = 0x010F


def upload(client, delivery, files, alts=None, **fields):
    body = {"date": "2026-11-20", "text": "Le chantier avance.", **fields}
    body["photos"] = [
        SimpleUploadedFile(name, data, content_type=ctype) for name, data, ctype in files
    ]
    body["alts"] = alts if alts is not None else [f"Photo {i + 1}" for i in range(len(files))]
    return client.post(f"/api/v1/deliveries/{delivery.pk}/milestones/", body, format="multipart")


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (2000, 1500), (90, 90, 200))
    exif = Image.Exif()
    exif[MAKE] = "Appareil de test"
    exif[GPS_IFD] = {1: "N", 2: (48.0, 50.0, 30.0), 3: "E", 4: (2.0, 21.0, 7.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    data = out.getvalue()
    # The test's own photo does carry a location.
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
    return data


def test_a_png_named_jpg_is_taken_by_its_content(winners, official_api, photo_dir):
    png = image_bytes("PNG", (1600, 1000))
    response = upload(official_api, winners["delivery"], [("chantier.jpg", png, "image/jpeg")])
    assert response.status_code == 201, response.content
    [milestone] = response.json()["milestones"]
    [photo] = milestone["photos"]
    assert photo["alt"] == "Photo 1"
    assert (photo["small"]["width"], photo["small"]["height"]) == (480, 300)
    assert (photo["large"]["width"], photo["large"]["height"]) == (1280, 800)
    stored = Photo.objects.get()
    for name, width in ((stored.small, 480), (stored.large, 1280)):
        with Image.open(photo_dir / name) as image:
            assert image.format == "JPEG" and image.width == width  # opaque: JPEG


def test_stored_copies_are_served(winners, official_api, api):
    upload(official_api, winners["delivery"], [("a.png", image_bytes("PNG"), "image/png")])
    photo = api.get(f"/api/v1/deliveries/{winners['delivery'].pk}/").json()["milestones"][0][
        "photos"
    ][0]
    assert photo["large"]["url"].startswith("/api/v1/photos/deliveries/")
    response = api.get(photo["large"]["url"])
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).size == (1280, 800)
    assert api.get("/api/v1/photos/../../etc/passwd").status_code == 404
    assert api.get("/api/v1/photos/deliveries/nothing.jpg").status_code == 404


def test_a_text_file_named_jpg_is_refused(winners, official_api):
    text = b"Ceci n'est pas une photo.\n" * 20
    response = upload(official_api, winners["delivery"], [("photo.jpg", text, "image/jpeg")])
    body = assert_error(response, 400, "invalid_photo", "photos")
    assert "content" in " ".join(body["errors"]["photos"])
    assert not Photo.objects.exists()
    assert winners["delivery"].milestones.count() == 0  # nothing kept of the milestone


def test_the_location_and_other_exif_are_stripped(winners, official_api, photo_dir):
    response = upload(
        official_api, winners["delivery"], [("IMG_0001.JPG", jpeg_with_gps(), "image/jpeg")]
    )
    assert response.status_code == 201, response.content
    stored = Photo.objects.get()
    for name in (stored.small, stored.large):
        with Image.open(photo_dir / name) as image:
            exif = image.getexif()
            assert not exif.get_ifd(GPS_IFD) and GPS_IFD not in exif and MAKE not in exif
            assert "exif" not in image.info and "xmp" not in image.info
        assert b"Exif" not in (photo_dir / name).read_bytes()[:4096]


def test_two_widths_keeping_the_aspect_never_enlarged():
    wide = photo_process(image_bytes("PNG", (3000, 1000)))
    assert [(r.width, r.height) for r in wide] == [(480, 160), (1280, 427)]
    small = photo_process(image_bytes("PNG", (600, 400)))
    assert [(r.width, r.height) for r in small] == [(480, 320), (600, 400)]
    assert WIDTHS == (480, 1280)


def test_transparency_is_kept_as_webp(winners, official_api, photo_dir):
    image = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (100, 100, 300, 300))
    out = io.BytesIO()
    image.save(out, "PNG")
    response = upload(
        official_api, winners["delivery"], [("plan.png", out.getvalue(), "image/png")]
    )
    assert response.status_code == 201
    with Image.open(photo_dir / Photo.objects.get().large) as stored:
        assert stored.format == "WEBP" and stored.mode == "RGBA"


def test_webp_is_accepted(winners, official_api):
    webp = image_bytes("WEBP", (900, 600))
    response = upload(
        official_api, winners["delivery"], [("x.bin", webp, "application/octet-stream")]
    )
    assert response.status_code == 201


def test_more_than_10_mb_is_refused(winners, official_api):
    # A real PNG just over the limit (noise does not compress).
    import os

    big = image_bytes("PNG", (100, 100)) + os.urandom(MAX_BYTES)
    response = upload(official_api, winners["delivery"], [("grand.png", big, "image/png")])
    body = assert_error(response, 400, "invalid_photo", "photos")
    assert "10 MB" in body["errors"]["photos"][0]
    with pytest.raises(PhotoRefused):
        photo_process(b"\x89PNG" + b"\0" * MAX_BYTES)


def test_a_decompression_bomb_is_refused_before_it_is_inflated(winners, official_api):
    side = 12_000  # 144 million pixels in a file of a few kilobytes
    assert side * side > MAX_PIXELS
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG", optimize=True)
    bomb = out.getvalue()
    assert len(bomb) < 200_000
    response = upload(official_api, winners["delivery"], [("bombe.png", bomb, "image/png")])
    body = assert_error(response, 400, "invalid_photo", "photos")
    assert "pixels" in body["errors"]["photos"][0]


def test_other_images_and_damaged_ones_are_refused():
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(PhotoRefused):
        photo_process(gif.getvalue())
    truncated = image_bytes("JPEG", (1200, 900))[:3000]
    with pytest.raises(PhotoRefused) as refused:
        photo_process(truncated)
    assert "photo" in refused.value.errors


def test_each_photo_needs_its_alternative_text(winners, official_api):
    png = image_bytes("PNG", (600, 400))
    response = upload(official_api, winners["delivery"], [("a.png", png, "image/png")], alts=[])
    assert_error(response, 400, "invalid", "alts")


def test_the_second_of_two_photos_is_named_when_refused(winners, official_api):
    png = image_bytes("PNG", (600, 400))
    response = upload(
        official_api,
        winners["delivery"],
        [("a.png", png, "image/png"), ("b.jpg", b"not an image at all", "image/jpeg")],
    )
    assert_error(response, 400, "invalid_photo", "photos.1")
    assert not Photo.objects.exists()


def test_an_official_elsewhere_cannot_upload(winners, other_official_api, monkeypatch):
    png = image_bytes("PNG", (600, 400))
    response = upload(other_official_api, winners["delivery"], [("a.png", png, "image/png")])
    assert_error(response, 403, "permission_denied")
    # Refused before anything is decoded: the rule comes first.
    decoded = []
    monkeypatch.setattr("delivery.services.photo_process", lambda *a, **k: decoded.append(a))
    response = upload(other_official_api, winners["delivery"], [("b.png", png, "image/png")])
    assert_error(response, 403, "permission_denied")
    assert decoded == []


def test_more_pixels_than_the_limit_but_fewer_than_pillows_is_refused_by_ours():
    side = 7_000  # 49 million pixels: below Pillow's own alarm, above ours
    assert MAX_PIXELS < side * side < Image.MAX_IMAGE_PIXELS
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG", optimize=True)
    with pytest.raises(PhotoRefused) as refused:
        photo_process(out.getvalue())
    assert "7000 × 7000" in refused.value.message
