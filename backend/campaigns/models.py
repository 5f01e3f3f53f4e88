from __future__ import annotations

from datetime import datetime

from django.contrib.gis.db import models as gis_models
from django.db import models
from django.db.models import Q

from .schedule import PHASES, Phase, Slot, VotingStage, phase_at, voting_stage


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

    class TallyRule(models.TextChoices):
        """How approval and knapsack ballots are counted (see the ``tally`` library)."""

        GREEDY = "greedy", "glouton (par nombre de voix)"
        MES = "mes", "méthode des parts égales"
        MES_INCREASE = "mes-increase", "parts égales, budget augmenté puis glouton"
        MES_ADD1 = "mes-add1", "parts égales, parts augmentées d'un euro puis glouton"
        PHRAGMEN = "phragmen", "Phragmén séquentiel"

    class Origin(models.TextChoices):
        """Where a campaign comes from: the city's own editions, or an election imported from a
        pabulib file (``pb_import``: an archive for research, never proposed to or voted in)."""

        CITY = "city", "campagne de la ville"
        IMPORTED = "imported", "élection importée (pabulib)"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.CITY)
    # A demonstration campaign whose ballots were simulated (``load_demo_results``): the results
    # page says so beside the figures.
    simulated_ballots = models.BooleanField(default=False)
    areas = models.ManyToManyField("geo.Area", related_name="campaigns")
    voting_rule = models.CharField(
        max_length=20, choices=VotingRule.choices, default=VotingRule.MAJORITY_JUDGMENT
    )
    # Reports that hide a proposal automatically, pending an official's review.
    auto_hide_reports = models.PositiveSmallIntegerField(default=3)
    # Months the campaign's personal voting data (declarations, who voted) is kept after it
    # closes; empty: the site's PERSONAL_DATA_RETENTION_MONTHS (privacy.services.retention_end).
    retention_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # The phase last applied by the schedule task (the schedule itself is the authority).
    applied_phase = models.CharField(
        max_length=16, choices=[(p.value, p.value) for p in PHASES], default=Phase.DRAFT
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Voting settings (frozen once voting opens, like the voting rule). Eligibility: the
    # minimum age on the day of the vote (0: none; Paris's rules: 7).
    minimum_age = models.PositiveSmallIntegerField(default=0)
    # Approval: at most this many projects per ballot (empty: no limit; Paris 2015-2019: 4).
    approval_max = models.PositiveSmallIntegerField(null=True, blank=True)
    # Cumulative: the points each voter spreads over the projects of a ballot.
    cumulative_points = models.PositiveSmallIntegerField(default=10)
    # Knapsack: the chosen projects must cost at least this share of the envelope (percent).
    knapsack_min_share = models.PositiveSmallIntegerField(default=0)
    # Approval and knapsack ballots: the rule that turns them into winners (majority judgment
    # ranks then funds; cumulative points fund by total points).
    tally_rule = models.CharField(
        max_length=16, choices=TallyRule.choices, default=TallyRule.GREEDY
    )
    # When counting started: the ballot box was opened into the ballot table in random order and
    # the seals destroyed; from then on the counted set is final (docs/adr/0007).
    count_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(auto_hide_reports__gte=1), name="campaign_auto_hide_min_1"
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__lte=120), name="campaign_minimum_age_max_120"
            ),
            models.CheckConstraint(
                condition=Q(approval_max__isnull=True) | Q(approval_max__gte=1),
                name="campaign_approval_max_min_1",
            ),
            models.CheckConstraint(
                condition=Q(cumulative_points__gte=1), name="campaign_cumulative_points_min_1"
            ),
            models.CheckConstraint(
                condition=Q(knapsack_min_share__lte=100), name="campaign_knapsack_min_share_max_100"
            ),
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

    def voting_stage(self, now: datetime) -> VotingStage:
        """Where the vote stands at ``now``: the one authority (campaigns.schedule)."""
        return voting_stage(self.schedule(), now)

    def voting_open(self, now: datetime) -> bool:
        return self.voting_stage(now) == VotingStage.OPEN

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


class Envelope(models.Model):
    """The money an area's ballot can allocate in a campaign (euros), and the part of it reserved
    for projects in priority neighbourhoods ("quartiers populaires")."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="envelopes")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveBigIntegerField("enveloppe (€)")
    reserved_amount = models.PositiveBigIntegerField("part réservée (€)", default=0)

    class Meta:
        ordering = ["campaign", "area__kind", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "area"], name="envelope_campaign_area"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="envelope_amount_positive"),
            models.CheckConstraint(
                condition=Q(reserved_amount__gte=0) & Q(reserved_amount__lte=models.F("amount")),
                name="envelope_reserved_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.slug} / {self.area.code}: {self.amount} €"


class PriorityZone(models.Model):
    """A priority neighbourhood of a campaign (uploaded as GeoJSON): projects inside it count
    towards the reserved share of their area's envelope."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="priority_zones")
    name = models.CharField(max_length=150, blank=True)
    geometry = gis_models.MultiPolygonField(srid=4326)

    class Meta:
        ordering = ["campaign", "name", "id"]

    def __str__(self) -> str:
        return self.name or f"zone #{self.pk}"
