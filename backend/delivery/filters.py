"""Filters of the tracked projects (list, map, export). Bad values answer 400 naming the
parameter."""

from __future__ import annotations

import django_filters

from campaigns.filters import campaign_filter
from core.filters import FilterSet
from geo.filters import area_filter

from .models import Delivery, Status


class DeliveryFilter(FilterSet):
    campaign = campaign_filter()
    area = area_filter()
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, help_text="One or more statuses (repeat the parameter)"
    )

    class Meta:
        model = Delivery
        fields = ["campaign", "area", "status"]
