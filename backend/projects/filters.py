"""Filters of the project list (django-filter). Bad values answer 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from campaigns.models import Campaign, Theme
from core.filters import FilterSet, KnownValueFilter
from geo.models import Area

from .models import Project


class ProjectFilter(FilterSet):
    campaign = KnownValueFilter(
        field_name="campaign__slug",
        known=Campaign.objects.all(),
        known_field="slug",
        help_text="Campaign slug",
    )
    area = KnownValueFilter(
        field_name="area__code",
        known=Area.objects.all(),
        known_field="code",
        help_text="Area code, e.g. paris-05",
    )
    theme = KnownValueFilter(
        field_name="theme__slug",
        known=Theme.objects.all(),
        known_field="slug",
        help_text="Theme slug",
    )
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
