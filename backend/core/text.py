"""Text hygiene for everything residents type: no stored HTML, no control characters, no
invisible or bidirectional-control characters.

``clean_text`` repeats its cleaning until the text no longer changes (a fixed point), so markup
encoded as entities any number of times (``&amp;amp;lt;img …``) cannot come back as a tag; a
value that does not settle within ``MAX_ROUNDS`` rounds is refused rather than stored.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3
from django.core.exceptions import ValidationError

from core.errors import ApplicationError

# Each round decodes one level of entities; legitimate text settles in one or two.
MAX_ROUNDS = 100

# C0 and C1 control characters except tab, newline and carriage return (PostgreSQL cannot store
# NUL; the others are invisible and have no place in a title or a description).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"

# Unicode format characters (general category Cf, as of Unicode 15.1): zero-width spaces and
# joiners, the soft hyphen, bidirectional marks, embeddings, overrides and isolates, the byte
# order mark, invisible operators, tag characters… French text needs none of them (its no-break
# spaces, U+00A0 and U+202F, are spaces, not format characters). The test suite checks that this
# list covers every Cf character the running Python knows.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
# Characters that are not Cf but render as nothing: the combining grapheme joiner and the Hangul
# fillers, often used to make a name look empty.
_FILLERS = "\u034f\u115f\u1160\u3164\uffa0"
_VARIATION = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"

_ZWJ = "\u200d"
_JOINED_AFTER = re.compile(f"[{_EMOJI}{_VARIATION}]")  # an emoji, or its presentation selector
_JOINED_BEFORE = re.compile(f"[{_EMOJI}]")
_INVISIBLE = re.compile(f"[{_CONTROL}{_FORMAT}{_FILLERS}]")
# A variation selector only means something right after the character it varies.
_STRAY_VARIATION = re.compile(f"(^|\\s)[{_VARIATION}]+|(?<=[{_VARIATION}])[{_VARIATION}]+")
_SPACES = re.compile(r"[ \t\u00a0]+")


class UnsafeText(ValidationError):
    """The text keeps producing markup however often it is cleaned (deeply entity-encoded HTML).
    A Django ``ValidationError``: DRF reports it under the field being validated."""

    def __init__(self) -> None:
        super().__init__("Too many levels of HTML encoding: write plain text.", code="markup")


def _keep_emoji_joiner(match: re.Match[str]) -> str:
    """The zero-width joiner is kept only inside an emoji sequence (👩‍🔧, 🏳️‍🌈)."""
    if match.group() != _ZWJ:
        return ""
    text, at = match.string, match.start()
    before, after = text[at - 1 : at], text[at + 1 : at + 2]
    if _JOINED_AFTER.fullmatch(before) and _JOINED_BEFORE.fullmatch(after):
        return _ZWJ
    return ""


def drop_invisible(value: str) -> str:
    """``value`` without control, format (Cf), filler and stray variation-selector characters,
    keeping the zero-width joiners of emoji sequences."""
    text = _INVISIBLE.sub(_keep_emoji_joiner, value)
    if text.isascii():
        return text
    return _STRAY_VARIATION.sub(lambda m: m.group(1) or "", text)


def is_blank(value: str) -> bool:
    """True when ``value`` shows nothing: only spaces and invisible characters."""
    return not drop_invisible(value).strip()


def strip_html(value: str) -> str:
    """One round of tag removal (script and style elements with their content, comments) and
    entity decoding. ``clean_text`` repeats it until nothing changes."""
    return html.unescape(nh3.clean(value, tags=set(), attributes={}, strip_comments=True))


def _clean_round(text: str, *, multiline: bool) -> str:
    # Normalising and dropping invisible characters comes before the sanitiser: either could
    # otherwise turn text it let through into a tag (``<\u200bimg``, ``<\u212aBD>``).
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_html(drop_invisible(text))
    if not multiline:
        text = text.replace("\n", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Plain text from user input: tags removed, entities decoded, control, invisible and
    bidirectional-control characters dropped, spaces collapsed, Unicode normalised (NFC);
    newlines kept only when ``multiline``. Repeated until stable; raises ``UnsafeText`` when
    the value does not settle within ``MAX_ROUNDS`` rounds."""
    text = value
    for _ in range(MAX_ROUNDS):
        cleaned = _clean_round(text, multiline=multiline)
        if cleaned == text:
            return cleaned
        text = cleaned
    raise UnsafeText()


def clean_bounded(
    value: str, *, field: str, low: int = 0, high: int, multiline: bool = True
) -> str:
    """``clean_text`` of ``value`` between ``low`` and ``high`` characters, for the services
    (400 ``min_length``/``max_length`` with their bound, under ``field``)."""
    text = clean_text(value or "", multiline=multiline)
    if len(text) < low:
        raise ApplicationError(
            f"At least {low} characters (without HTML).",
            code="min_length",
            params={"min_length": low},
            field=field,
        )
    if len(text) > high:
        raise ApplicationError(
            f"At most {high} characters.",
            code="max_length",
            params={"max_length": high},
            field=field,
        )
    return text
