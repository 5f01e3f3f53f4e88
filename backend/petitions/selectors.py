"""Reads for petitions: what a reader may see, with what the ``can`` maps read annotated (no
query per row), the counts by arrondissement, the public signers, the officials' queue and the
open data."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts import roles
from geo.models import Area
from notifications.models import Follow

from . import rules
from .models import BurstAlert, Petition, Signature

S = Petition.Status


def visible_to(user: Any) -> Q:
    """Published and inadmissible petitions (with their public reason) to everyone; pending
    ones to their author and to the officials of the authority addressed."""
    q = Q(status__in=rules.PUBLIC)
    if not roles.is_authenticated(user):
        return q
    q |= Q(author_id=user.pk)
    if roles.is_official(user):
        ids = roles.area_ids(user)
        if ids is None:
            return Q()  # administrators: everything
        q |= Q(area_id__in=ids)
        if rules.handles_area_id(user, None):
            q |= Q(area__isnull=True)
    return q


def with_reader_facts(qs: QuerySet[Petition], *, user: Any) -> QuerySet[Petition]:
    """``signed_by_me`` (a signature in any state: a rejected one is not made again) and
    ``following`` for a signed-in reader; both false otherwise (no annotation needed)."""
    if not roles.is_authenticated(user):
        return qs
    return qs.annotate(
        signed_by_me=Exists(Signature.objects.filter(petition=OuterRef("pk"), user_id=user.pk)),
        following=Exists(Follow.objects.filter(petition=OuterRef("pk"), user_id=user.pk)),
    )


def petition_list(*, user: Any) -> QuerySet[Petition]:
    """Every petition ``user`` may see, with its references joined and the reader's facts."""
    qs = (
        Petition.objects.filter(visible_to(user))
        .select_related("process", "area", "theme", "author")
        .defer("text", "answer_text", "reason_text", "address")
    )
    return with_reader_facts(qs, user=user)


def petition_detail_list(*, user: Any) -> QuerySet[Petition]:
    return with_reader_facts(
        Petition.objects.filter(visible_to(user)).select_related(
            "process", "area", "theme", "author", "answered_by"
        ),
        user=user,
    )


def petition_map_list() -> QuerySet[Petition]:
    """The published petitions with a point, for the map beside the list."""
    return Petition.objects.filter(status__in=rules.PUBLISHED, location__isnull=False).order_by(
        "id"
    )


def counts_by_area(*, petition_id: int) -> list[dict[str, Any]]:
    """Counted signatures by the signers' declared arrondissement (areas without any left out),
    in the areas' order."""
    rows = (
        Signature.objects.filter(petition_id=petition_id, status=Signature.Status.COUNTED)
        .values("area__code", "area__name")
        .annotate(count=Count("*"))
        .order_by("area__code")
    )
    return [{"code": r["area__code"], "name": r["area__name"], "count": r["count"]} for r in rows]


def held_count(*, petition_id: int) -> int:
    return Signature.objects.filter(petition_id=petition_id, status=Signature.Status.HELD).count()


def public_signers(*, petition_id: int) -> QuerySet[Signature]:
    """Counted signatures whose signer chose to show their name (accounts since deleted are
    left out: nobody is named), newest first."""
    return (
        Signature.objects.filter(
            petition_id=petition_id,
            status=Signature.Status.COUNTED,
            show_name=True,
            user__deleted_at__isnull=True,
        )
        .exclude(user__display_name="")
        .select_related("user", "area")
        .only("id", "created_at", "user__display_name", "area__code", "area__name")
        .order_by("-created_at", "-id")
    )


def signatures_of(*, user: Any) -> QuerySet[Signature]:
    """A person's own signatures (my signatures)."""
    return (
        Signature.objects.filter(user_id=user.pk)
        .select_related("petition", "area")
        .order_by("-created_at", "-id")
    )


# --- the officials' queue ----------------------------------------------------------------------


def _handled(user: Any, field: str = "") -> Q:
    """The petitions (through ``field``) of the authorities ``user`` handles."""
    ids = roles.area_ids(user)
    if ids is None:
        return Q()
    q = Q(**{f"{field}area_id__in": ids})
    if rules.handles_area_id(user, None):
        q |= Q(**{f"{field}area__isnull": True})
    return q


def queue_pending(*, user: Any) -> QuerySet[Petition]:
    return (
        Petition.objects.filter(_handled(user), status=S.PENDING)
        .select_related("area", "theme", "author", "process")
        .order_by("created_at", "id")
    )


def queue_agenda(*, user: Any) -> QuerySet[Petition]:
    """Thresholds reached, awaiting the council's answer: the overdue (earliest due) first."""
    return (
        Petition.objects.filter(_handled(user), status__in=rules.AGENDA)
        .select_related("area", "theme", "author", "process")
        .order_by("answer_due_at", "id")
    )


def queue_held(*, user: Any) -> QuerySet[Signature]:
    return (
        Signature.objects.filter(_handled(user, "petition__"), status=Signature.Status.HELD)
        .select_related("petition", "area", "user")
        .order_by("created_at", "id")
    )


def queue_alerts(*, user: Any) -> QuerySet[BurstAlert]:
    return (
        BurstAlert.objects.filter(_handled(user, "petition__"), handled_at__isnull=True)
        .select_related("petition")
        .order_by("-last_at", "-id")
    )


# --- open data ---------------------------------------------------------------------------------


def export_list() -> QuerySet[Petition]:
    """The published petitions, oldest first, with what the open data says of them."""
    return (
        Petition.objects.filter(status__in=rules.PUBLISHED)
        .select_related("area", "theme")
        .order_by("id")
    )


def export_counts_by_area(*, petition_ids: list[int]) -> dict[int, dict[str, int]]:
    """petition id → {area code: counted signatures}."""
    out: dict[int, dict[str, int]] = {}
    rows = (
        Signature.objects.filter(petition_id__in=petition_ids, status=Signature.Status.COUNTED)
        .values("petition_id", "area__code")
        .annotate(count=Count("*"))
        .order_by("petition_id", "area__code")
    )
    for row in rows:
        out.setdefault(row["petition_id"], {})[row["area__code"]] = row["count"]
    return out


def arrondissement_codes() -> list[str]:
    return list(
        Area.objects.filter(kind=Area.Kind.ARRONDISSEMENTS)
        .order_by("code")
        .values_list("code", flat=True)
    )
