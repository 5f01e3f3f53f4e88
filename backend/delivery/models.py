"""Winning projects followed until delivered: one delivery record per winning project (its
status, the budget spent, the services in charge), its dated milestones and their photos."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class Status(models.TextChoices):
    STUDY = "study", "à l'étude"
    IN_PROGRESS = "in_progress", "en cours"
    DELIVERED = "delivered", "livré"
    ABANDONED = "abandoned", "abandonné"


class MilestoneKind(models.TextChoices):
    """The steps Paris dates in its own data (bp_projets_gagnants), and any other news."""

    STUDY = "study", "début des études"
    PROCEDURES = "procedures", "lancement des procédures"
    WORKS = "works", "lancement des travaux"
    DELIVERY = "delivery", "livraison"
    OPENING = "opening", "ouverture au public"
    NEWS = "news", "étape"


class Delivery(models.Model):
    """A winning project's delivery: made when the results are public (``delivery.services.
    deliveries_sync``), one per project, edited by the officials of the project's area."""

    # The project's id is the delivery's: its public page is the project's.
    project = models.OneToOneField(
        "projects.Project", on_delete=models.PROTECT, related_name="delivery", primary_key=True
    )
    # The project's campaign and area, copied for the filters and the rules.
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="deliveries"
    )
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.STUDY)
    # Public: why a project was abandoned (required then), in French and optionally English.
    abandon_reason = models.TextField(blank=True, default="")
    abandon_reason_en = models.TextField(blank=True, default="")
    budget_spent = models.PositiveBigIntegerField("budget dépensé (€)", default=0)
    # The city's services in charge, the lead ("direction pilote") first.
    services = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    address = models.CharField("adresse", max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "area__code", "project__title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.ABANDONED) | ~Q(abandon_reason=""),
                name="delivery_abandon_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(budget_spent__gte=0), name="delivery_budget_spent_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.status})"


class Milestone(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField()
    kind = models.CharField(
        max_length=16, choices=MilestoneKind.choices, default=MilestoneKind.NEWS
    )
    text = models.TextField(max_length=4000)
    text_en = models.TextField(max_length=4000, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:40]}"


class Photo(models.Model):
    """A milestone's photo: re-encoded without its metadata, kept at two widths (``small`` and
    ``large``, never wider than the original), with its alternative text."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="photos")
    # Names in the photo storage (``delivery.storage.photo_storage``: the file system under
    # MEDIA_ROOT, or an S3-compatible bucket).
    small = models.CharField(max_length=200)
    large = models.CharField(max_length=200)
    small_width = models.PositiveIntegerField()
    small_height = models.PositiveIntegerField()
    large_width = models.PositiveIntegerField()
    large_height = models.PositiveIntegerField()
    alt = models.CharField(max_length=300)
    alt_en = models.CharField(max_length=300, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.large
