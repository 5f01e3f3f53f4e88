"""Following proposals and projects, and what their followers are told.

A ``Follow`` links a person to one proposal or one project. Every event about a proposal or a
project becomes one ``Notification`` per follower (read in the app, the bell); its mail goes out
at once, in the daily digest, or never, as the person's ``Preference`` said when it was made.

Projects sit above notifications in the layers (pyproject.toml): they are referred to here by
name (``"projects.Project"``), never imported."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Digest(models.TextChoices):
    IMMEDIATE = "immediate", "immédiat"
    DAILY = "daily", "quotidien"
    NEVER = "never", "jamais"


class Follow(models.Model):
    """A person follows one proposal or one project (exactly one of the two)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=True, project__isnull=False)
                | Q(proposal__isnull=False, project__isnull=True),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "proposal"],
                condition=Q(proposal__isnull=False),
                name="follow_once_per_proposal",
            ),
            models.UniqueConstraint(
                fields=["user", "project"],
                condition=Q(project__isnull=False),
                name="follow_once_per_project",
            ),
        ]

    def __str__(self) -> str:
        target = (
            f"proposal {self.proposal_id}" if self.proposal_id else f"project {self.project_id}"
        )
        return f"{self.user_id} follows {target}"


class Preference(models.Model):
    """A person's choice of mails (none stored: immediate)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.digest}"


class Notification(models.Model):
    """One event told to one person: shown in the app, mailed as their preference says."""

    class Event(models.TextChoices):
        HIDDEN = "hidden", "masquée"
        RESTORED = "restored", "rétablie"
        ACCEPTED = "accepted", "recevable"
        REJECTED = "rejected", "non recevable"
        MERGED = "merged", "regroupée"
        COMMENT = "comment", "nouveau commentaire"
        VOTE_OPEN = "vote_open", "vote ouvert"
        RESULTS = "results", "résultats"
        DELIVERY = "delivery", "réalisation"
        MILESTONE = "milestone", "étape"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=16, choices=Event.choices)
    # What it is about: a proposal, a project, or a campaign's area (the vote opening).
    proposal = models.ForeignKey(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The title of what it is about, as it was (shown without joins), and the public words
    # that came with the event (an answer, a reason, a comment's first lines, a milestone).
    title = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    # One event reaches a person once: e.g. "comment:41", "vote_open:3:12" (empty: no check).
    key = models.CharField(max_length=80, blank=True)
    # How it is mailed, fixed when it is made from the person's preference.
    mail = models.CharField(max_length=10, choices=Digest.choices, default=Digest.IMMEDIATE)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # When its mail (alone or in a digest) was handed to the mail server.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            # The bell's count: a person's unread notifications.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            # The sweeps: mails not sent yet.
            models.Index(
                fields=["mail", "created_at"],
                condition=Q(sent_at__isnull=True),
                name="notification_unsent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.user_id}"
