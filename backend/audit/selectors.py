from typing import Any

from django.db.models import Q, QuerySet

from accounts import roles

from .models import AuditRecord


def audit_list(*, user: Any) -> QuerySet[AuditRecord]:
    """Administrators see every record; officials those of their areas (and campaign-level
    records, which concern every area); nobody else sees any."""
    qs = AuditRecord.objects.select_related("actor", "campaign", "area").order_by("-at", "-id")
    area_ids = roles.area_ids(user)
    if area_ids is None:
        return qs
    if not roles.is_official(user):
        return qs.none()
    return qs.filter(Q(area_id__in=area_ids) | Q(area__isnull=True, object_type="campaign"))
