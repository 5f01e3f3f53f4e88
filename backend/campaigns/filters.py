"""Filters of the campaign list (django-filter). Bad values answer 400 naming the parameter."""

import django_filters

from core.filters import FilterSet, KnownValueFilter
from geo.models import Area

from .models import Campaign, Theme
from .schedule import PHASES


def campaign_filter(field_name: str = "campaign__slug") -> KnownValueFilter:
    """The ``campaign`` parameter of the lists: a slug that must name a campaign."""
    return KnownValueFilter(
        field_name=field_name,
        known=Campaign.objects.all(),
        known_field="slug",
        help_text="Campaign slug",
    )


def theme_filter(field_name: str = "theme__slug") -> KnownValueFilter:
    """The ``theme`` parameter of the lists: a slug that must name a theme."""
    return KnownValueFilter(
        field_name=field_name, known=Theme.objects.all(), known_field="slug", help_text="Theme slug"
    )


class CampaignFilter(FilterSet):
    phase = django_filters.ChoiceFilter(
        field_name="applied_phase",
        choices=[(p.value, p.value) for p in PHASES],
        help_text="The phase the campaign is in (as last applied by the schedule task)",
    )
    area = KnownValueFilter(
        field_name="areas__code",
        known=Area.objects.all(),
        known_field="code",
        help_text="Area code",
    )

    class Meta:
        model = Campaign
        fields = ["phase", "area"]
