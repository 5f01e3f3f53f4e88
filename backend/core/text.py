"""Text hygiene for everything residents type: no stored HTML, no control characters."""

import html
import re
import unicodedata

import nh3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def strip_html(value: str) -> str:
    """Remove every HTML tag (script and style elements with their content) and decode entities,
    repeating until nothing changes, so entity-encoded markup cannot come back as tags."""
    text = value
    for _ in range(5):
        cleaned = html.unescape(nh3.clean(text, tags=set(), attributes={}, strip_comments=True))
        if cleaned == text:
            break
        text = cleaned
    return text


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Plain text from user input: tags removed, entities decoded, control characters dropped,
    spaces collapsed, Unicode normalised (NFC); newlines kept only when ``multiline``."""
    text = strip_html(_CONTROL.sub("", value))
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = text.replace("\n", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
