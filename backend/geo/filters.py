import django_filters

from .models import District


class DistrictFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=District.Level.choices)
    parent = django_filters.CharFilter(
        field_name="parent__code", help_text="INSEE code of the arrondissement"
    )

    class Meta:
        model = District
        fields = ["level", "parent"]
