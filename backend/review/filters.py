"""Filters of the officials' review queue and CSV export (django-filter). Bad values answer 400
naming the parameter."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from campaigns.filters import campaign_filter, theme_filter
from core.filters import FilterSet, StrictBooleanFilter, UTCDateTimeFilter
from geo.filters import area_filter
from proposals.filters import ORDERINGS
from proposals.models import Proposal


class ReviewQueueFilter(FilterSet):
    campaign = campaign_filter()
    area = area_filter()
    status = django_filters.MultipleChoiceFilter(choices=Proposal.Status.choices)
    theme = theme_filter()
    assigned_to_me = StrictBooleanFilter(
        method="filter_assigned_to_me",
        help_text="true: the proposals assigned to me; false: the others",
    )
    unassigned = StrictBooleanFilter(
        field_name="assignee", lookup_expr="isnull", help_text="true: nobody is assigned"
    )
    prepared = StrictBooleanFilter(
        method="filter_prepared", help_text="true: an answer is prepared, not yet published"
    )
    hidden = StrictBooleanFilter(field_name="is_hidden", help_text="Hidden by moderation")
    created_after = UTCDateTimeFilter(
        field_name="created_at", lookup_expr="gte", help_text="Deposited at or after (ISO 8601)"
    )
    created_before = UTCDateTimeFilter(
        field_name="created_at", lookup_expr="lt", help_text="Deposited before (ISO 8601)"
    )
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="Words in the title or description"
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(key, key) for key in ORDERINGS],
        method="filter_ordering",
        help_text="`-supports`: most supported by residents first; `supports`: least; "
        "`-created_at`: newest first; `created_at` (the default): oldest first.",
    )

    class Meta:
        model = Proposal
        fields = ["campaign", "area", "status", "theme"]

    def filter_assigned_to_me(
        self, qs: QuerySet[Proposal], name: str, value: bool
    ) -> QuerySet[Proposal]:
        user = getattr(self.request, "user", None)
        mine = Q(assignee_id=getattr(user, "pk", None))
        return qs.filter(mine) if value else qs.exclude(mine)

    def filter_prepared(self, qs: QuerySet[Proposal], name: str, value: bool) -> QuerySet[Proposal]:
        return qs.exclude(prepared_decision="") if value else qs.filter(prepared_decision="")

    def filter_ordering(self, qs: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        return qs.order_by(*ORDERINGS[value])

    def filter_search(self, qs: QuerySet[Proposal], name: str, value: str) -> QuerySet[Proposal]:
        for word in value.split()[:10]:
            qs = qs.filter(
                Q(title__unaccent__icontains=word) | Q(description__unaccent__icontains=word)
            )
        return qs
