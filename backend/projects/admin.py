from django.contrib.gis import admin

from proposals.models import Proposal

from .models import Project


class SourceProposalInline(admin.TabularInline):
    model = Proposal
    fk_name = "project"
    fields = ("id", "title", "status", "author", "estimated_cost")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Project)
class ProjectAdmin(admin.GISModelAdmin):
    """Read-only: projects change through the API's services only, which check the phase,
    freeze the ballot once voting opens and write the audit log."""

    list_display = ("id", "title", "campaign", "area", "cost", "theme", "updated_at")
    list_filter = ("campaign", "area", "theme")
    search_fields = ("title", "description")
    inlines = [SourceProposalInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
