from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q

from .schedule import PHASES, Phase, Slot, phase_at


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
    """One edition of the budget participatif, with its schedule of phases."""

    class VotingRule(models.TextChoices):
        MAJORITY_JUDGMENT = "majority_judgment", "jugement majoritaire"
        APPROVAL = "approval", "vote par approbation"
        KNAPSACK = "knapsack", "sac à dos"
        CUMULATIVE = "cumulative", "points cumulés"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    areas = models.ManyToManyField("geo.Area", related_name="campaigns")
    voting_rule = models.CharField(
        max_length=20, choices=VotingRule.choices, default=VotingRule.MAJORITY_JUDGMENT
    )
    # Reports that hide a proposal automatically, pending an official's review.
    auto_hide_reports = models.PositiveSmallIntegerField(default=3)
    # The phase last applied by the schedule task (the schedule itself is the authority).
    applied_phase = models.CharField(
        max_length=16, choices=[(p.value, p.value) for p in PHASES], default=Phase.DRAFT
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(auto_hide_reports__gte=1), name="campaign_auto_hide_min_1"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def schedule(self) -> list[Slot]:
        """The phase slots (read once per instance: services that change the schedule work on
        freshly locked instances)."""
        cached: list[Slot] | None = getattr(self, "_schedule", None)
        if cached is None:
            cached = [
                Slot(phase=Phase(p.phase), start=p.start, end=p.end)
                for p in self.phases.all()  # prefetched by the selectors
            ]
            self._schedule = cached
        return cached

    def phase_at(self, now: datetime) -> Phase:
        return phase_at(self.schedule(), now)

    def slot(self, phase: Phase | str) -> Slot | None:
        return next((s for s in self.schedule() if s.phase == phase), None)


class CampaignPhase(models.Model):
    """One phase of a campaign's schedule: [start, end) in absolute time (entered and shown in
    Europe/Paris); ``end`` empty means open-ended."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(max_length=16, choices=[(p.value, p.value) for p in PHASES])
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "start"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "phase"], name="campaign_phase_unique"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="campaign_phase_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.slug}: {self.phase}"
