from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message to a person about one of their proposals; sent by email through Celery."""

    class Event(models.TextChoices):
        HIDDEN = "hidden", "masquée"
        RESTORED = "restored", "rétablie"
        ACCEPTED = "accepted", "recevable"
        REJECTED = "rejected", "non recevable"
        MERGED = "merged", "regroupée"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=16, choices=Event.choices)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} → {self.user_id}"
