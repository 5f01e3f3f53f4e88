"""Filters of the moderation queue and of the report list (django-filter)."""

from __future__ import annotations

from datetime import UTC, datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django_filters.fields import IsoDateTimeField

from proposals.models import Proposal

from .models import Report


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


class _UtcIsoDateTimeField(IsoDateTimeField):
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


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = _UtcIsoDateTimeField


def _open_reports(**lookups: object) -> Exists:
    return Exists(
        Report.objects.filter(proposal=OuterRef("pk"), handled_at__isnull=True, **lookups)
    )


class QueueFilter(django_filters.FilterSet):
    """The reason and date filters look at open reports (those no official has handled yet)."""

    campaign = django_filters.CharFilter(field_name="campaign__slug", help_text="Campaign slug")
    area = django_filters.CharFilter(field_name="area__code", help_text="Area code, e.g. paris-05")
    hidden = StrictBooleanFilter(field_name="is_hidden", help_text="Hidden or not")
    reason = django_filters.MultipleChoiceFilter(
        choices=Report.Reason.choices,
        method="filter_reason",
        help_text="Has an open report with this reason (several: any of them)",
    )
    reported_since = DateTimeFilter(
        method="filter_reported_since", help_text="Has an open report made at or after this time"
    )
    reported_until = DateTimeFilter(
        method="filter_reported_until", help_text="Has an open report made before this time"
    )

    class Meta:
        model = Proposal
        fields = ["campaign", "area", "hidden", "reason", "reported_since", "reported_until"]

    def filter_reason(
        self, qs: QuerySet[Proposal], name: str, value: list[str]
    ) -> QuerySet[Proposal]:
        return qs.filter(_open_reports(reason__in=value)) if value else qs

    def filter_reported_since(
        self, qs: QuerySet[Proposal], name: str, value: datetime
    ) -> QuerySet[Proposal]:
        return qs.filter(_open_reports(created_at__gte=value))

    def filter_reported_until(
        self, qs: QuerySet[Proposal], name: str, value: datetime
    ) -> QuerySet[Proposal]:
        return qs.filter(_open_reports(created_at__lt=value))


class ReportFilter(django_filters.FilterSet):
    proposal = django_filters.NumberFilter(field_name="proposal_id", help_text="Proposal id")
    campaign = django_filters.CharFilter(
        field_name="proposal__campaign__slug", help_text="Campaign slug"
    )
    area = django_filters.CharFilter(field_name="proposal__area__code", help_text="Area code")
    reason = django_filters.MultipleChoiceFilter(choices=Report.Reason.choices)
    handled = StrictBooleanFilter(
        field_name="handled_at", lookup_expr="isnull", exclude=True, help_text="Handled or open"
    )
    since = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = DateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Report
        fields = ["proposal", "campaign", "area", "reason", "handled", "since", "until"]
