from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q


class Project(models.Model):
    """What goes on a ballot: one or more accepted proposals merged by officials, with a cost."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="projects"
    )
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=10000)
    cost = models.PositiveBigIntegerField("coût (€)")
    locations = models.MultiPointField(srid=4326, null=True, blank=True)
    theme = models.ForeignKey(
        "campaigns.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Flagged by an official as in a priority neighbourhood (projects inside the campaign's
    # priority zones are too, by their locations): they count towards the reserved share.
    priority_flagged = models.BooleanField("quartier populaire", default=False)
    # The project's id in the pabulib file it was imported from (``pb_import``), kept so that
    # tallies and exports name it as the file did; empty for projects made here.
    external_id = models.CharField("identifiant d'origine", max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "area", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="project_cost_positive"),
            models.UniqueConstraint(
                fields=["campaign", "external_id"],
                condition=~Q(external_id=""),
                name="project_external_id_per_campaign",
            ),
        ]

    def __str__(self) -> str:
        return self.title
