import django_filters

from core.filters import FilterSet, KnownValueFilter

from .models import Area, District


def area_filter(field_name: str = "area__code") -> KnownValueFilter:
    """The ``area`` parameter of the lists: an area code that must name an area."""
    return KnownValueFilter(
        field_name=field_name,
        known=Area.objects.all(),
        known_field="code",
        help_text="Area code, e.g. paris-05",
    )


class DistrictFilter(FilterSet):
    level = django_filters.ChoiceFilter(choices=District.Level.choices)
    parent = KnownValueFilter(
        field_name="parent__code",
        known=District.objects.filter(level=District.Level.ARRONDISSEMENT),
        known_field="code",
        help_text="INSEE code of the arrondissement",
    )

    class Meta:
        model = District
        fields = ["level", "parent"]
