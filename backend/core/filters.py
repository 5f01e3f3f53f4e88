"""django-filter pieces shared by every list: bad values are 400s naming the parameter.

Every list's FilterSet derives from ``FilterSet`` below, so a parameter given with an empty value
(``?status=``, ``?theme=``) is refused rather than read as "no filter", and references to other
objects (campaign, area, theme, district) use ``KnownValueFilter``, so a value that names nothing
(``?theme=nope``) is refused rather than answered with an empty list.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Model, QuerySet
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

EMPTY_MESSAGE = "This parameter cannot be empty: leave it out to not filter."


class _StrictForm(forms.Form):
    """The form behind every FilterSet: a parameter present with an empty (or blank) value is an
    error naming it, whatever the filter's own field would have made of it."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        getlist = getattr(self.data, "getlist", None)
        for name in self.fields:
            if name not in self.data:
                continue
            raw = getlist(name) if getlist else self.data[name]
            values = raw if isinstance(raw, list | tuple) else [raw]
            if any(isinstance(v, str) and not v.strip() for v in values):
                self.errors.pop(name, None)
                self.add_error(name, forms.ValidationError(EMPTY_MESSAGE, code="empty"))
        return cleaned


class FilterSet(django_filters.FilterSet):
    """The base of every list's filters (see the module's docstring)."""

    def get_form_class(self) -> type[forms.Form]:
        fields = {name: filter_.field for name, filter_ in self.filters.items()}
        return type(f"{type(self).__name__}Form", (_StrictForm,), fields)


class _KnownValueField(forms.CharField):
    def __init__(self, *, known: QuerySet[Model], known_field: str, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)
        self.known = known
        self.known_field = known_field

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and not self.known.all().filter(**{self.known_field: value}).exists():
            raise forms.ValidationError(
                "Unknown value: %(value)s.", code="unknown", params={"value": value}
            )


class KnownValueFilter(django_filters.CharFilter):
    """A code or slug that must name an existing object (``known`` filtered on ``known_field``):
    a typo is a 400 naming the parameter, not "nothing matches"."""

    field_class = _KnownValueField

    def __init__(self, *args: Any, known: QuerySet[Model], known_field: str, **kwargs: Any):
        super().__init__(*args, known=known, known_field=known_field, **kwargs)


class _PatternField(forms.CharField):
    def __init__(self, *, pattern: str, message: str, **kwargs: Any) -> None:
        kwargs.setdefault("strip", False)  # the value as sent is what the pattern describes
        super().__init__(**kwargs)
        self.pattern = re.compile(pattern)
        self.message = message

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and not self.pattern.fullmatch(value):
            raise forms.ValidationError(self.message, code="invalid")


class PatternFilter(django_filters.CharFilter):
    """Text in a given shape: ``pattern`` (a regular expression the whole value must match, in
    the common subset of Python's and ECMAScript's syntax) is checked here and stated in the
    OpenAPI schema (core/schema.py), so both say the same; ``message`` names what is expected."""

    field_class = _PatternField

    def __init__(self, *args: Any, pattern: str, message: str, **kwargs: Any) -> None:
        super().__init__(*args, pattern=pattern, message=message, **kwargs)


class _UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, in UTC: PostgreSQL refuses offsets it cannot represent (e.g.
    -17:55), and a date near year 1 may not survive the conversion; both are field errors."""

    def to_python(self, value: object) -> datetime | None:  # type: ignore[override]
        parsed = super().to_python(value)
        if parsed is None:
            return None
        try:
            return parsed.astimezone(UTC)
        except (OverflowError, ValueError) as exc:
            raise forms.ValidationError("Date out of range.", code="invalid") from exc


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = _UTCDateTimeField


class _StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error rather than "no filter"."""

    widget = forms.TextInput  # NullBooleanSelect would turn any unknown value into None

    def to_python(self, value: object) -> bool | None:  # type: ignore[override]
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError("Expected true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = _StrictBooleanField


ID_MAX = 2**63 - 1  # PostgreSQL's bigint, the type of every id


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": ID_MAX})
class IdFilter(django_filters.NumberFilter):
    """The id of an object (a user, a proposal): a whole number from 1 to bigint's maximum,
    stated in the schema as such (a plain NumberFilter says "any number")."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)
