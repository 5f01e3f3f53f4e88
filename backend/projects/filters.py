"""Filters of the project list (django-filter). Bad values answer 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from campaigns.filters import campaign_filter, theme_filter
from core.filters import FilterSet
from geo.filters import area_filter

from .models import Project


class ProjectFilter(FilterSet):
    campaign = campaign_filter()
    area = area_filter()
    theme = theme_filter()
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="Words in the title or description"
    )

    class Meta:
        model = Project
        fields = ["campaign", "area", "theme"]

    def filter_search(self, qs: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        for word in value.split()[:10]:
            qs = qs.filter(
                Q(title__unaccent__icontains=word) | Q(description__unaccent__icontains=word)
            )
        return qs
