from django.contrib.gis.db import models


class District(models.Model):
    """An administrative polygon of the city: an arrondissement (20) or a quartier (80)."""

    class Level(models.TextChoices):
        ARRONDISSEMENT = "arrondissement", "arrondissement"
        QUARTIER = "quartier", "quartier"

    level = models.CharField(max_length=16, choices=Level.choices)
    code = models.CharField("code INSEE", max_length=8, unique=True)
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    geometry = models.MultiPolygonField(srid=4326)

    class Meta:
        ordering = ["level", "number"]
        constraints = [
            models.UniqueConstraint(fields=["level", "number"], name="district_level_number_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """Where a ballot applies: the whole city, or a group of arrondissements."""

    class Kind(models.TextChoices):
        CITY = "city", "city-wide"
        ARRONDISSEMENTS = "arrondissements", "arrondissements"

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    districts = models.ManyToManyField(District, related_name="areas", blank=True)
    geometry = models.MultiPolygonField(srid=4326)

    class Meta:
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class CityBoundary(models.Model):
    """The outline of the city (union of its arrondissements), one row."""

    name = models.CharField(max_length=100, unique=True)
    geometry = models.MultiPolygonField(srid=4326)

    def __str__(self) -> str:
        return self.name
