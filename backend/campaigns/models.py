from django.db import models
from django.db.models import Q


class Theme(models.Model):
    """A theme of the Paris budget participatif (cadre de vie, sport, …)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """One edition of the budget participatif. Here: open for submissions between two dates."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    areas = models.ManyToManyField("geo.Area", related_name="campaigns")
    submission_start = models.DateTimeField()
    submission_end = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submission_start", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_end__gt=models.F("submission_start")),
                name="campaign_submission_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name
