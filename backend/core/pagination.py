"""Page-number pagination with strict parameters: `page_size=null`, `page_size=0`, a size above
the maximum or `page=abc` are 400s naming the parameter (DRF's own pagination silently falls back
to the default size, and answers 404 for a malformed page number)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

_DIGITS = re.compile(r"[0-9]{1,9}")
# The highest page number read (beyond it, no list has pages: stated in the schema too).
PAGE_MAX = 999_999_999


def _positive(request: Request, name: str, maximum: int | None) -> int | None:
    """The parameter as an integer in [1, maximum], None when it is absent."""
    if name not in request.query_params:
        return None
    raw = request.query_params.get(name, "")
    value = int(raw) if _DIGITS.fullmatch(raw) else 0
    if value < 1 or (maximum is not None and value > maximum):
        bound = f"from 1 to {maximum}" if maximum is not None else "of at least 1"
        raise ValidationError({name: [f"Expected an integer {bound}."]})
    return value


class StrictPageNumberMixin:
    """For any subclass of DRF's PageNumberPagination (rest_framework_gis's GeoJSON one too)."""

    page_query_param: str
    page_size_query_param: str | None
    max_page_size: int | None
    page_size: int | None
    last_page_strings: Sequence[str]

    def get_page_size(self, request: Request) -> int | None:
        if self.page_size_query_param:
            size = _positive(request, self.page_size_query_param, self.max_page_size)
            if size is not None:
                return size
        return self.page_size

    def get_page_number(self, request: Request, paginator: Any) -> int:
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return int(paginator.num_pages)
        return _positive(request, self.page_query_param, PAGE_MAX) or 1

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)  # type: ignore[misc]
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": PAGE_MAX}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
        return parameters


class PageNumberPagination(StrictPageNumberMixin, pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000
