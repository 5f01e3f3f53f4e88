import django_filters

from campaigns.filters import campaign_filter
from core.filters import FilterSet, IdFilter, UTCDateTimeFilter
from geo.filters import area_filter

from .models import AuditRecord


class AuditRecordFilter(FilterSet):
    object_type = django_filters.CharFilter(help_text="e.g. proposal, campaign, project, user")
    object_id = django_filters.CharFilter()
    action = django_filters.CharFilter(help_text="e.g. proposal.accept")
    actor = IdFilter(field_name="actor_id", help_text="id of the user who acted")
    campaign = campaign_filter()
    area = area_filter()
    since = UTCDateTimeFilter(field_name="at", lookup_expr="gte")
    until = UTCDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = AuditRecord
        fields = ["object_type", "object_id", "action", "actor", "campaign", "area"]
