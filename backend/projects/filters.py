"""Filters of the project list (django-filter). Bad values answer 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from .models import Project


class ProjectFilter(django_filters.FilterSet):
    campaign = django_filters.CharFilter(field_name="campaign__slug", help_text="Campaign slug")
    area = django_filters.CharFilter(field_name="area__code", help_text="Area code, e.g. paris-05")
    theme = django_filters.CharFilter(field_name="theme__slug", help_text="Theme slug")
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
