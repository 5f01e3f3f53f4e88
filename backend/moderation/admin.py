from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports are made and handled through the services (counts, audit, emails)."""

    list_display = ("id", "proposal", "reason", "reporter", "created_at", "handled_at", "outcome")
    list_filter = ("reason", "outcome")
    search_fields = ("text", "proposal__title")
    raw_id_fields = ("proposal", "reporter", "handled_by")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
