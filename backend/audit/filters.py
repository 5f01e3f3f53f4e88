import django_filters

from core.filters import UTCDateTimeFilter

from .models import AuditRecord


class AuditRecordFilter(django_filters.FilterSet):
    object_type = django_filters.CharFilter(help_text="e.g. proposal, campaign, project, user")
    object_id = django_filters.CharFilter()
    action = django_filters.CharFilter(help_text="e.g. proposal.accept")
    actor = django_filters.NumberFilter(field_name="actor_id", help_text="id of the user who acted")
    campaign = django_filters.CharFilter(field_name="campaign__slug")
    area = django_filters.CharFilter(field_name="area__code")
    since = UTCDateTimeFilter(field_name="at", lookup_expr="gte")
    until = UTCDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = AuditRecord
        fields = ["object_type", "object_id", "action", "actor", "campaign", "area"]
