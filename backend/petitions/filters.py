"""Filters of the petition list (django-filter). Bad values answer 400 naming the parameter."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet

from campaigns.filters import theme_filter
from core.filters import FilterSet, StrictBooleanFilter
from geo.models import Area

from . import rules
from .models import Petition

# The list's orders: parameter value → order_by (always ending on a unique key).
ORDERS = {
    "-created_at": ("-created_at", "-id"),
    "-signature_count": ("-signature_count", "-created_at", "-id"),
    "deadline": (F("signing_ends_at").asc(nulls_last=True), "id"),
}


class _AuthorityField(forms.CharField):
    def validate(self, value: str) -> None:
        super().validate(value)
        if value and value != "city":
            known = Area.objects.filter(kind=Area.Kind.ARRONDISSEMENTS, code=value)
            if not known.exists():
                raise forms.ValidationError(
                    "Unknown value: %(value)s.", code="unknown", params={"value": value}
                )


class AuthorityFilter(django_filters.CharFilter):
    field_class = _AuthorityField


class PetitionFilter(FilterSet):
    """``status`` (repeatable), ``authority`` (``city`` or an arrondissement's area code),
    ``theme``, ``q`` (words in the title or text), ``order``, ``mine`` (the petitions I filed, in
    every status), ``signed`` (the petitions I signed). Without ``status`` or ``mine``, the list
    holds the published petitions (open, threshold reached, awaiting an answer, answered,
    closed)."""

    status = django_filters.MultipleChoiceFilter(choices=Petition.Status.choices)
    authority = AuthorityFilter(
        method="filter_authority",
        max_length=40,
        help_text="`city`, or an arrondissement's area code (e.g. paris-05)",
    )
    theme = theme_filter()
    q = django_filters.CharFilter(
        method="filter_q", max_length=200, help_text="Words in the title or the text"
    )
    order = django_filters.ChoiceFilter(
        choices=[(k, k) for k in ORDERS],
        method="filter_order",
        help_text="`-created_at` (the default: newest first), `-signature_count` (most signed "
        "first), `deadline` (signing ends soonest first)",
    )
    mine = StrictBooleanFilter(
        method="filter_mine", help_text="true: the petitions I filed (any status; none signed out)"
    )
    signed = StrictBooleanFilter(
        method="filter_signed", help_text="true: the petitions I signed (none signed out)"
    )

    class Meta:
        model = Petition
        fields = ["status", "theme"]

    def filter_queryset(self, queryset: QuerySet[Petition]) -> QuerySet[Petition]:
        data = self.form.cleaned_data
        if not data.get("status") and data.get("mine") is not True:
            queryset = queryset.filter(status__in=rules.PUBLISHED)
        return super().filter_queryset(queryset)

    def filter_authority(self, qs: QuerySet[Petition], name: str, value: str) -> QuerySet[Petition]:
        if value == "city":
            return qs.filter(area__isnull=True)
        return qs.filter(area__code=value)

    def filter_q(self, qs: QuerySet[Petition], name: str, value: str) -> QuerySet[Petition]:
        for word in value.split()[:10]:
            qs = qs.filter(Q(title__unaccent__icontains=word) | Q(text__unaccent__icontains=word))
        return qs

    def filter_order(self, qs: QuerySet[Petition], name: str, value: str) -> QuerySet[Petition]:
        return qs.order_by(*ORDERS[value])

    def _user_id(self) -> int | None:
        user = getattr(self.request, "user", None)
        return user.pk if user is not None and user.is_authenticated else None

    def filter_mine(self, qs: QuerySet[Petition], name: str, value: bool) -> QuerySet[Petition]:
        uid = self._user_id()
        if uid is None:
            return qs.none() if value else qs
        return qs.filter(author_id=uid) if value else qs.exclude(author_id=uid)

    def filter_signed(self, qs: QuerySet[Petition], name: str, value: bool) -> QuerySet[Petition]:
        uid = self._user_id()
        if uid is None:
            return qs.none() if value else qs
        signed = Q(signatures__user_id=uid)
        return qs.filter(signed) if value else qs.exclude(signed)
