"""Role management through the API (administrators): who is an official, of which areas."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import audit_record
from core.errors import ApplicationError, NotAllowed
from core.fields import CleanTextField, SlugRef
from geo.models import Area

from . import roles
from .models import User


@transaction.atomic
def user_set_role(*, user: User, actor: Any, role: str, area_codes: list[str], reason: str) -> User:
    """Make someone a resident, an official of some areas, or an administrator (audited)."""
    if not roles.is_administrator(actor):
        raise NotAllowed("Only administrators can change roles.")
    if role == User.Role.OFFICIAL and not area_codes:
        raise ApplicationError(
            "An official handles at least one area.", code="required", field="areas"
        )
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk and role != User.Role.ADMINISTRATOR:
        raise ApplicationError("You cannot remove your own administrator role.", field="role")
    before = {"role": user.role, "areas": sorted(user.areas.values_list("code", flat=True))}
    areas = list(Area.objects.filter(code__in=area_codes)) if role == User.Role.OFFICIAL else []
    user.role = role
    user.is_staff = role == User.Role.ADMINISTRATOR or user.is_superuser
    user.save(update_fields=["role", "is_staff"])
    user.areas.set(areas)
    after = {"role": role, "areas": sorted(a.code for a in areas)}
    audit_record(
        actor=actor, action="user.role", obj=user, before=before, after=after, reason=reason
    )
    return user


class UserRoleOutput(serializers.ModelSerializer):
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "role", "areas"]
        read_only_fields = fields


class UserRoleInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=User.Role.choices)
    areas = serializers.ListField(
        child=SlugRef(slug_field="code", queryset=Area.objects.all()),
        required=False,
        default=list,
        max_length=30,
    )
    reason = CleanTextField(
        max_length=500, multiline=True, required=False, allow_blank=True, default=""
    )


class AdminOnly(permissions.BasePermission):
    def has_permission(self, request, view):  # type: ignore[no-untyped-def]
        if not roles.is_administrator(request.user):
            raise NotAllowed("Only administrators can manage roles.")
        return True


@extend_schema(tags=["accounts"])
class UserRoleListView(generics.ListAPIView):
    """People with a role other than resident, or any person with `?email=`."""

    serializer_class = UserRoleOutput
    permission_classes = [permissions.IsAuthenticated, AdminOnly]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        qs = User.objects.prefetch_related("areas").order_by("email")
        email = self.request.query_params.get("email")
        if email:
            return qs.filter(email__iexact=email[:254])
        return qs.exclude(role=User.Role.RESIDENT)


class UserRoleView(APIView):
    permission_classes = [permissions.IsAuthenticated, AdminOnly]

    @extend_schema(request=UserRoleInput, responses={200: UserRoleOutput}, tags=["accounts"])
    def put(self, request: Request, pk: int) -> Response:
        user = get_object_or_404(User, pk=pk)
        data = UserRoleInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_set_role(
            user=user,
            actor=request.user,
            role=data.validated_data["role"],
            area_codes=[a.code for a in data.validated_data["areas"]],
            reason=data.validated_data["reason"],
        )
        return Response(UserRoleOutput(user).data)
