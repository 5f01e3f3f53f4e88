"""Filters of the moderation queue and of the report list (django-filter)."""

from __future__ import annotations

from datetime import datetime

import django_filters
from django.db.models import Exists, OuterRef, QuerySet

from campaigns.filters import campaign_filter
from core.filters import FilterSet, IdFilter, StrictBooleanFilter, UTCDateTimeFilter
from geo.filters import area_filter
from proposals.models import Proposal

from .models import Report


def _open_reports(**lookups: object) -> Exists:
    return Exists(
        Report.objects.filter(proposal=OuterRef("pk"), handled_at__isnull=True, **lookups)
    )


class QueueFilter(FilterSet):
    """The reason and date filters look at open reports (those no official has handled yet)."""

    campaign = campaign_filter()
    area = area_filter()
    hidden = StrictBooleanFilter(field_name="is_hidden", help_text="Hidden or not")
    reason = django_filters.MultipleChoiceFilter(
        choices=Report.Reason.choices,
        method="filter_reason",
        help_text="Has an open report with this reason (several: any of them)",
    )
    reported_since = UTCDateTimeFilter(
        method="filter_reported_since", help_text="Has an open report made at or after this time"
    )
    reported_until = UTCDateTimeFilter(
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


class ReportFilter(FilterSet):
    proposal = IdFilter(field_name="proposal_id", help_text="Proposal id")
    campaign = campaign_filter("proposal__campaign__slug")
    area = area_filter("proposal__area__code")
    reason = django_filters.MultipleChoiceFilter(choices=Report.Reason.choices)
    handled = StrictBooleanFilter(
        field_name="handled_at", lookup_expr="isnull", exclude=True, help_text="Handled or open"
    )
    since = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = UTCDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Report
        fields = ["proposal", "campaign", "area", "reason", "handled", "since", "until"]
