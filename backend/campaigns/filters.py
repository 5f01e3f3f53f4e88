"""Filters of the campaign list (django-filter). Bad values answer 400 naming the parameter."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.filters import FilterSet, KnownValueFilter
from geo.models import Area

from .models import Campaign, Theme
from .schedule import PHASE_VALUES, STAGE_VALUES
from .selectors import campaigns_at


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
    """The campaign pickers ask for what their screen needs: ``?phase=submission`` (proposing),
    ``?stage=open`` (voting), ``?stage=published`` (results), ``?origin=city`` (the city's own
    campaigns) or ``?origin=imported`` (the archive of elections imported from pabulib). Phase
    and stage are those of the schedule now, as each campaign's ``current_phase`` and
    ``voting_stage`` say; a parameter may be repeated (``?phase=submission&phase=voting``)."""

    phase = django_filters.MultipleChoiceFilter(
        choices=[(p, p) for p in PHASE_VALUES],
        method="filter_phase",
        help_text="The phase the campaign is in now (its schedule's, as `current_phase`)",
    )
    stage = django_filters.MultipleChoiceFilter(
        choices=[(s, s) for s in STAGE_VALUES],
        method="filter_stage",
        help_text="Where its vote stands now (as `voting_stage`): not_open, open, checking, "
        "published",
    )
    origin = django_filters.ChoiceFilter(
        choices=Campaign.Origin.choices,
        help_text="city: the city's own campaigns; imported: elections imported from pabulib "
        "files (`pb_import`), an archive for research",
    )
    area = KnownValueFilter(
        field_name="areas__code",
        known=Area.objects.all(),
        known_field="code",
        help_text="Area code",
    )

    class Meta:
        model = Campaign
        fields = ["phase", "stage", "origin", "area"]

    def _at_now(self, queryset: QuerySet[Campaign]) -> QuerySet[Campaign]:
        if "phase_now" in queryset.query.annotations:
            return queryset
        return campaigns_at(queryset, timezone.now())

    def filter_phase(
        self, queryset: QuerySet[Campaign], name: str, value: list[str]
    ) -> QuerySet[Campaign]:
        return self._at_now(queryset).filter(Q(phase_now__in=value)) if value else queryset

    def filter_stage(
        self, queryset: QuerySet[Campaign], name: str, value: list[str]
    ) -> QuerySet[Campaign]:
        return self._at_now(queryset).filter(Q(stage_now__in=value)) if value else queryset
