import django_filters

from campaigns.models import Campaign
from core.filters import FilterSet, KnownValueFilter, UTCDateTimeFilter
from geo.models import Area

from .models import AuditRecord


class AuditRecordFilter(FilterSet):
    object_type = django_filters.CharFilter(help_text="e.g. proposal, campaign, project, user")
    object_id = django_filters.CharFilter()
    action = django_filters.CharFilter(help_text="e.g. proposal.accept")
    actor = django_filters.NumberFilter(field_name="actor_id", help_text="id of the user who acted")
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
    since = UTCDateTimeFilter(field_name="at", lookup_expr="gte")
    until = UTCDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = AuditRecord
        fields = ["object_type", "object_id", "action", "actor", "campaign", "area"]
