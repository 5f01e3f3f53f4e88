import django_filters

from core.filters import FilterSet, KnownValueFilter

from .models import District


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
