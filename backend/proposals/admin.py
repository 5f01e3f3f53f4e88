from django.contrib.gis import admin

from .models import Proposal


@admin.register(Proposal)
class ProposalAdmin(admin.GISModelAdmin):
    list_display = (
        "id",
        "title",
        "campaign",
        "status",
        "location_status",
        "district",
        "created_at",
    )
    list_filter = ("campaign", "status", "location_status", "theme")
    search_fields = ("title", "description", "address")
    raw_id_fields = ("author",)
    readonly_fields = ("district", "quartier", "area", "created_at", "updated_at")
