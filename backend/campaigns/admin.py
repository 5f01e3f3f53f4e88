from django.contrib import admin

from .models import Campaign, CampaignPhase, Theme


class CampaignPhaseInline(admin.TabularInline):
    model = CampaignPhase
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "applied_phase", "voting_rule")
    filter_horizontal = ("areas",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CampaignPhaseInline]
    readonly_fields = ("applied_phase", "applied_at")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "name_en", "position")
