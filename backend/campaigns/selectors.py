from django.db.models import QuerySet

from .models import Campaign, Theme


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.prefetch_related("areas", "phases").order_by("-created_at", "slug")


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("position", "slug")
