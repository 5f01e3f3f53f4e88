"""The API's request parsers (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``).

DRF's parsers with three guards against hostile bodies:

- the body is read up to ``API_MAX_BODY_BYTES`` and no further (413, ``request_too_large``), as
  a second line behind ``core.middleware.RequestBodyLimitMiddleware``;
- JSON nested deeper than ``MAX_JSON_DEPTH`` is refused before it is decoded (400,
  ``parse_error``): Python's decoder would otherwise recurse until ``RecursionError``;
- strings PostgreSQL cannot store (NUL characters, lone UTF-16 surrogates), in values or keys,
  are refused with a field error naming where they are (400, ``invalid``).

Views that restrict their parsers must pick them from this module.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.utils.json import strict_constant

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

MAX_JSON_DEPTH = 32
_CHUNK = 64 * 1024
_TOO_DEEP = f"JSON parse error - arrays and objects nested deeper than {MAX_JSON_DEPTH} levels."

# Characters no PostgreSQL text column (nor jsonb) can hold.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_MESSAGE = "Null characters and unpaired surrogates are not allowed."

# A JSON string, or an unterminated one up to the end: possessive, so each character is read
# once whatever the input (a plain pattern goes quadratic on ``"\\"\\"\\"…``).
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"?', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def read_capped(stream: IO[Any] | None) -> bytes:
    """The whole body, refusing (``RequestDataTooBig``) past ``API_MAX_BODY_BYTES``."""
    if stream is None:
        return b""
    limit = settings.API_MAX_BODY_BYTES
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(min(_CHUNK, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise RequestDataTooBig("The request body is too large.")
    return b"".join(chunks)


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the arrays and objects of a JSON text nest deeper than ``limit``, found without
    decoding it (brackets inside strings do not count)."""
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    if len(brackets) <= 2 * limit:
        return False
    depth = 0
    for bracket in brackets:
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def _strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string of parsed data (keys included) with its dotted path (``areas.0``)."""
    stack: list[tuple[str, Any]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            for key, item in value.items():
                name = str(key)
                yield f"{where}.{name}" if where else name, name
                stack.append((f"{where}.{name}" if where else name, item))
        elif isinstance(value, list):
            stack.extend(
                (f"{where}.{i}" if where else str(i), item) for i, item in enumerate(value)
            )


def refuse_unstorable(data: Any) -> None:
    """A field error naming the first place holding a string PostgreSQL cannot store."""
    for where, text in _strings(data):
        if UNSTORABLE.search(text):
            name = UNSTORABLE.sub("\ufffd", where) or "non_field_errors"
            raise ValidationError({name: [UNSTORABLE_MESSAGE]})


def _form_items(data: QueryDict) -> dict[str, str]:
    """A form's fields as one string each, so that an error names the field, not ``field.0``."""
    return {key: "".join(data.getlist(key)) for key in data}


class JSONParser(parsers.JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Any = None
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(read_capped(stream), encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - the body is not valid {encoding}.") from exc
        if json_depth_exceeds(text):
            raise ParseError(_TOO_DEEP)
        try:
            data = json.loads(text, parse_constant=strict_constant if self.strict else None)
        except RecursionError as exc:  # not reached after the depth check; never a 500 anyway
            raise ParseError(_TOO_DEEP) from exc
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        refuse_unstorable(data)
        return data


class FormParser(parsers.FormParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Any = None
    ) -> _ImmutableQueryDict:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        data = QueryDict(read_capped(stream), encoding=encoding)
        refuse_unstorable(_form_items(data))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Any = None
    ) -> parsers.DataAndFiles[_ImmutableQueryDict, MultiValueDict]:
        result = super().parse(stream, media_type, parser_context)
        refuse_unstorable(_form_items(result.data))
        return result
