"""Writing audit records: one call from every service that changes state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone

from .models import AuditRecord


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "wkt"):  # a GEOS geometry
        return value.wkt
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    campaign: Any = None,
    area: Any = None,
    at: datetime | None = None,
) -> AuditRecord:
    return AuditRecord.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at or timezone.now(),
        action=action,
        object_type=obj._meta.model_name or type(obj).__name__.lower(),
        object_id=str(obj.pk),
        campaign=campaign,
        area=area,
        before=_plain(before or {}),
        after=_plain(after or {}),
        reason=reason,
    )


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` (foreign keys as ids), for before/after."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)  # the id column for a foreign key
        out[name] = getattr(obj, attname)
    return _plain(out)


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Of two ``snapshot`` of the same fields, the values that changed, before and after (both
    empty when nothing did): what an edit's audit record keeps."""
    changed = [name for name in after if after[name] != before.get(name)]
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}
