"""Results of an area's ballot (one per campaign × area × rule) and the pabulib file an imported
campaign came from."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from campaigns.models import Campaign


class Recount(models.TextChoices):
    NOT_NEEDED = "not-needed", "computed in exact arithmetic"
    NOT_RUN = "not-run", "no exact recount (a comparison, not the official tally)"
    PENDING = "pending", "exact recount queued"
    AGREES = "agrees", "the exact recount agrees"
    DISAGREES = "disagrees", "the exact recount disagrees"


class Result(models.Model):
    """The outcome of one rule on the counted ballots of one area of a campaign.

    The result computed with the campaign's own rule when voting closes is ``published``: it
    becomes public in the ``results`` phase. Results administrators compute with another rule,
    to compare, are kept unpublished. ``inputs_hash`` is the SHA-256 of the canonical JSON of
    the ballots, projects and envelope counted (see ``results.selectors.inputs_hash``): anyone
    holding the published ballot file can recompute it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=20)
    published = models.BooleanField(default=False)
    # The ballots counted: majority_judgment, approval, knapsack, cumulative (or, for an
    # imported election, its pabulib vote type: ordinal, scoring…).
    method = models.CharField(max_length=20)
    # The rule in words, in French (statement) and in English (statement_en).
    statement = models.TextField()
    statement_en = models.TextField(default="")
    # Funded projects in the rule's order: [{"project", "id", "title", "cost", "priority"}].
    winners = models.JSONField()
    # Every project of the ballot with its figures (approvals, points or grade profile), in
    # ranking order.
    projects = models.JSONField()
    total_cost = models.PositiveBigIntegerField()
    budget = models.PositiveBigIntegerField()
    reserved_amount = models.PositiveBigIntegerField(default=0)
    reserved_used = models.PositiveBigIntegerField(default=0)
    ballots_counted = models.PositiveIntegerField()
    ballots_not_counted = models.PositiveIntegerField(default=0)
    turnout_online = models.PositiveIntegerField(default=0)
    turnout_paper = models.PositiveIntegerField(default=0)
    inputs_hash = models.CharField(max_length=64)
    seconds = models.FloatField()
    computed_at = models.DateTimeField()
    # How the outcome was decided: "exact" (integers and fractions throughout) or
    # "float-certified" (Method of Equal Shares runs whose every decision was proven in floating
    # point; tally.mes), with the number of MES runs of each kind.
    arithmetic = models.CharField(max_length=20, default="exact")
    certified_runs = models.PositiveIntegerField(default=0)
    exact_runs = models.PositiveIntegerField(default=0)
    # An independent recount in exact fractions of a float-certified result (results.services.
    # result_recount, queued after the official tally): pending until it has run; comparisons
    # with another rule are not recounted.
    exact_recount = models.CharField(
        max_length=12, choices=Recount.choices, default=Recount.NOT_NEEDED
    )
    recounted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "area__kind", "area__code", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "area", "rule"], name="result_per_rule"),
            models.UniqueConstraint(
                fields=["campaign", "area"],
                condition=Q(published=True),
                name="result_one_published_per_area",
            ),
            models.CheckConstraint(
                condition=Q(total_cost__lte=models.F("budget")), name="result_within_budget"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.slug} / {self.area.code}: {self.rule}"


class ImportedElection(models.Model):
    """What a campaign imported from a pabulib file keeps that its own fields cannot hold: the
    file's vote type, its META section in order, and the projects' full names and other
    columns, so that ``pb_export`` writes the same election back."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="imported_election"
    )
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    vote_type = models.CharField(max_length=12)
    # [[key, value], ...] in the file's order.
    meta = models.JSONField()
    # {project id in the file: {"name": full name, "extra": {column: text}}}.
    projects = models.JSONField()
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.campaign.slug}: {self.file_name or 'pabulib'}"
