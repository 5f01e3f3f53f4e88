"""Conversations around the vote: comments (with one level of replies) on proposals and ballot
projects, and supports ("je soutiens") on proposals."""

from django.conf import settings
from django.db import models
from django.db.models import Q

TEXT_MIN, TEXT_MAX = 2, 2000


class Comment(models.Model):
    """A comment on one proposal or one ballot project, or a reply to such a comment (one level:
    a reply's ``parent`` has no parent, which the services check).

    ``campaign`` and ``area`` are copied from the target when the comment is written: the phase
    table and the officials of the area decide what may be done to it, and the moderation queue
    filters on them. Deleting one's comment blanks it (``deleted_at``), so the replies keep their
    place; hiding is moderation's soft state, never a deletion."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="comments"
    )
    area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # Kept (without a name) when the author's account is deleted.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    text = models.TextField(max_length=TEXT_MAX, blank=True)
    # Written by an official of the target's area (or an administrator): an official answer.
    official = models.BooleanField(default=False)
    created_at = models.DateTimeField(db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=500, blank=True)  # public
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["proposal", "created_at"]),
            models.Index(fields=["project", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, project__isnull=True)
                | Q(proposal__isnull=True, project__isnull=False),
                name="comment_one_target",
            ),
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=True) | Q(text=""), name="comment_deleted_blank"
            ),
        ]

    def __str__(self) -> str:
        target = (
            f"proposal #{self.proposal_id}" if self.proposal_id else f"project #{self.project_id}"
        )
        return f"comment #{self.pk} on {target}"

    @property
    def target(self):  # type: ignore[no-untyped-def]
        return self.proposal if self.proposal_id else self.project

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Support(models.Model):
    """One person's support of one proposal, during submission: at most one, held by the
    database."""

    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="support_once_per_person")
        ]

    def __str__(self) -> str:
        return f"support of proposal #{self.proposal_id}"
