from django.db.models import QuerySet

from .models import Campaign, Theme


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.prefetch_related("areas").order_by("-submission_start", "slug")


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.order_by("position", "slug")
