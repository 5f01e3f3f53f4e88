"""Following proposals, projects and petitions, and what their followers are told.

A ``Follow`` links a person to one proposal, one project or one petition. Every event about one
of them becomes one ``Notification`` per follower (read in the app, the bell); its mail goes out
at once, in the daily digest, or never, as the person's ``Preference`` said when it was made.

Projects and petitions sit above notifications in the layers (pyproject.toml): they are referred
to here by name (``"projects.Project"``, ``"petitions.Petition"``), never imported."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Digest(models.TextChoices):
    IMMEDIATE = "immediate", "immédiat"
    DAILY = "daily", "quotidien"
    NEVER = "never", "jamais"


class Follow(models.Model):
    """A person follows one proposal, one project or one petition (exactly one of them)."""

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
    petition = models.ForeignKey(
        "petitions.Petition",
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
                condition=Q(proposal__isnull=False, project__isnull=True, petition__isnull=True)
                | Q(proposal__isnull=True, project__isnull=False, petition__isnull=True)
                | Q(proposal__isnull=True, project__isnull=True, petition__isnull=False),
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
            models.UniqueConstraint(
                fields=["user", "petition"],
                condition=Q(petition__isnull=False),
                name="follow_once_per_petition",
            ),
        ]

    def __str__(self) -> str:
        if self.petition_id:
            target = f"petition {self.petition_id}"
        elif self.proposal_id:
            target = f"proposal {self.proposal_id}"
        else:
            target = f"project {self.project_id}"
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
        # Petitions (its author, its followers, the officials of the authority addressed).
        PETITION_OPEN = "petition_open", "pétition publiée"
        PETITION_REFUSED = "petition_refused", "pétition irrecevable"
        PETITION_THRESHOLD = "petition_threshold", "seuil atteint"
        PETITION_CLOSED = "petition_closed", "pétition close"
        PETITION_ANSWERED = "petition_answered", "pétition répondue"
        PETITION_CONVERTED = "petition_converted", "pétition devenue proposition"
        PETITION_BURST = "petition_burst", "afflux de signatures"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=24, choices=Event.choices)
    # What it is about: a proposal, a project, a petition, or a campaign's area (the vote
    # opening).
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
    petition = models.ForeignKey(
        "petitions.Petition",
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
