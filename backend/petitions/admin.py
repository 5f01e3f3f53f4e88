from django.contrib.gis import admin

from .models import BurstAlert, Petition, Process, Signature


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "threshold", "area_threshold", "signing_days", "filing_open"]


@admin.register(Petition)
class PetitionAdmin(admin.GISModelAdmin):
    list_display = ["title", "status", "area", "signature_count", "threshold", "signing_ends_at"]
    list_filter = ["status", "process", "area"]
    search_fields = ["title"]
    raw_id_fields = ["author", "moderated_by", "answered_by", "proposal"]
    # Counts and statuses change only through the services (locks, audit): read-only here.
    readonly_fields = [
        "status",
        "signature_count",
        "threshold",
        "published_at",
        "signing_ends_at",
        "threshold_reached_at",
        "answer_due_at",
        "closed_at",
    ]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["petition", "status", "held_reason", "area", "created_at"]
    list_filter = ["status", "held_reason"]
    raw_id_fields = ["petition", "user", "checked_by"]
    readonly_fields = ["status", "network"]


@admin.register(BurstAlert)
class BurstAlertAdmin(admin.ModelAdmin):
    list_display = ["petition", "signatures", "first_at", "last_at", "handled_at"]
    raw_id_fields = ["petition", "handled_by"]
