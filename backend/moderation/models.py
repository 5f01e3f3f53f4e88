from django.conf import settings
from django.db import models
from django.db.models import Q

TEXT_MAX = 1000


class Report(models.Model):
    """A resident's report that something breaks the rules: once per person and per proposal.

    Reports are kept for good. When an official decides (hides, restores or keeps the proposal
    visible), the open reports are marked handled (``handled_at``, ``handled_by``, ``outcome``):
    the moderation queue counts open reports only, and so does the automatic hiding threshold.

    A report is about a proposal or about a comment (``conversations``), never both: a
    comment's report leaves ``proposal`` empty, so a proposal's counts, queue and automatic
    hiding never include the reports of the comments made on it. Once per person and per
    proposal, once per person and per comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", "spam / publicité"
        OFFENSIVE = "offensive", "propos offensants"
        OFF_TOPIC = "off_topic", "hors sujet"
        DUPLICATE = "duplicate", "doublon"
        OTHER = "other", "autre"

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", "masquée"
        KEPT = "kept", "maintenue visible"

    proposal = models.ForeignKey(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    comment = models.ForeignKey(
        "conversations.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    # Kept (anonymous) when the reporter's account is deleted.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    text = models.CharField(max_length=TEXT_MAX, blank=True)
    created_at = models.DateTimeField(db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["proposal", "handled_at"]),
            models.Index(fields=["comment", "handled_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reporter"], name="report_once_per_proposal"
            ),
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_comment"),
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, comment__isnull=True)
                | Q(proposal__isnull=True, comment__isnull=False),
                name="report_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(reason="other") | ~Q(text=""), name="report_other_has_text"
            ),
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True, outcome="")
                | Q(handled_at__isnull=False) & ~Q(outcome=""),
                name="report_handled_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        if self.comment_id:
            return f"{self.reason} → comment #{self.comment_id}"
        return f"{self.reason} → proposal #{self.proposal_id}"

    @property
    def is_open(self) -> bool:
        return self.handled_at is None
