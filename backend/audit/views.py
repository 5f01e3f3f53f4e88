from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions

from core.errors import NotAllowed

from .filters import AuditRecordFilter
from .selectors import audit_list
from .serializers import AuditRecordOutput


class IsOfficial(permissions.BasePermission):
    """Mirrors accounts.roles.is_official (the selector scopes what each official sees)."""

    def has_permission(self, request, view):  # type: ignore[no-untyped-def]
        from accounts import roles

        if not roles.is_official(request.user):
            raise NotAllowed("Only officials and administrators can read the audit log.")
        return True


@extend_schema(tags=["audit"])
class AuditRecordListView(generics.ListAPIView):
    """The audit log (read-only): who changed what, when, before and after, and why."""

    serializer_class = AuditRecordOutput
    filterset_class = AuditRecordFilter
    permission_classes = [permissions.IsAuthenticated, IsOfficial]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return audit_list(user=self.request.user)
