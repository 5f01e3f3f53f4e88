from django.contrib import admin

from .models import Campaign, CampaignPhase, Theme


class CampaignPhaseInline(admin.TabularInline):
    """The schedule, read only: it changes through the API's phase actions, which keep the vote
    from going back (campaigns.schedule.stage_change_problem) and audit every change."""

    model = CampaignPhase
    extra = 0
    can_delete = False
    readonly_fields = ("phase", "start", "end")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "applied_phase", "voting_rule")
    filter_horizontal = ("areas",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CampaignPhaseInline]
    readonly_fields = ("applied_phase", "applied_at", "count_started_at")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "name_en", "position")
