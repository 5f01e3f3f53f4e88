from django.contrib import admin

from .models import Campaign, Theme


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "submission_start", "submission_end")
    filter_horizontal = ("areas",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "name_en", "position")
