"""Photos of milestones, checked by what they contain and re-encoded.

Pure: bytes in, renditions out (no ORM, no storage, no settings). A photo is accepted when
Pillow decodes it as JPEG, PNG or WebP, whatever its name or declared type says; it is at most
``MAX_BYTES`` long and ``MAX_PIXELS`` pixels (its header is read before anything is decoded, so a
decompression bomb is refused without being inflated). It is turned upright (EXIF orientation),
then re-encoded from its pixels alone: JPEG when opaque, WebP when it has transparency, with no
EXIF (location included), XMP, ICC profile or comment, at two widths (``WIDTHS``, never wider
than the original, the aspect kept)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import ApplicationError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 8,000 × 5,000: larger than any camera's photo of a work site
ACCEPTED = ("JPEG", "PNG", "WEBP")
WIDTHS = (480, 1280)
JPEG_QUALITY = 85
WEBP_QUALITY = 82


class PhotoRefused(ApplicationError):
    code = "invalid_photo"
    default_message = "This file is not a photo we can take (JPEG, PNG or WebP, at most 10 MB)."


@dataclass(frozen=True)
class Rendition:
    data: bytes
    width: int
    height: int
    extension: str  # "jpg" or "webp"
    content_type: str


def _read(source: bytes | IO[bytes], field: str) -> bytes:
    data = bytes(source) if isinstance(source, bytes | bytearray) else source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoRefused(
            f"The photo is larger than {MAX_BYTES // (1024 * 1024)} MB.", field=field
        )
    if not data:
        raise PhotoRefused("The photo is empty.", field=field)
    return data


def _open(data: bytes, field: str) -> Image.Image:
    """The decoded image, refused unless it is a JPEG, PNG or WebP of at most MAX_PIXELS."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoRefused(
                    f"The photo has too many pixels ({width} × {height}; at most "
                    f"{MAX_PIXELS // 1_000_000} million).",
                    field=field,
                )
            if getattr(image, "n_frames", 1) > 1:
                raise PhotoRefused("Animated images are not accepted.", field=field)
            if image.format == "JPEG":
                # Decode at a reduced scale when the photo is much larger than the widest copy.
                image.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))
            image.load()
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(
            f"The photo has too many pixels (at most {MAX_PIXELS // 1_000_000} million).",
            field=field,
        ) from None
    except UnidentifiedImageError:
        raise PhotoRefused(
            "The file is not a JPEG, PNG or WebP image (its content was checked, not its name).",
            field=field,
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise PhotoRefused("The image is damaged or truncated.", field=field) from None
    return image


def _pixels(image: Image.Image) -> Image.Image:
    """A fresh image holding the upright pixels alone (no metadata carried over)."""
    upright = ImageOps.exif_transpose(image) or image
    alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    converted = upright.convert("RGBA" if alpha else "RGB")
    if alpha and converted.getchannel("A").getextrema() == (255, 255):
        converted = converted.convert("RGB")  # an alpha channel with nothing transparent
    clean = Image.new(converted.mode, converted.size)
    clean.paste(converted)
    return clean


def _encode(image: Image.Image) -> tuple[bytes, str, str]:
    out = io.BytesIO()
    if image.mode == "RGBA":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
        return out.getvalue(), "webp", "image/webp"
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), "jpg", "image/jpeg"


def photo_process(source: bytes | IO[bytes], *, field: str = "photo") -> list[Rendition]:
    """The photo at each of ``WIDTHS`` (``PhotoRefused``, 400 naming ``field``, otherwise)."""
    data = _read(source, field)
    image = _pixels(_open(data, field))
    width, height = image.size
    renditions = []
    for wanted in WIDTHS:
        target = min(wanted, width)
        size = (target, max(1, round(height * target / width)))
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        payload, extension, content_type = _encode(resized)
        renditions.append(Rendition(payload, size[0], size[1], extension, content_type))
    return renditions
