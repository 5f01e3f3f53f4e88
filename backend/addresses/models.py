"""The Base Adresse Nationale for Paris, laid out for fast fuzzy search and nearest-address lookups.

Two tables: ``Street`` (one row per street name and postcode, about 6,400 rows, with its name
pre-normalised and a trigram GIN index: fuzzy matching only ever scans this small table) and
``Address`` (158,000 rows, found by street and number through a B-tree, or by distance through
the GiST index on the point).
"""

from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex


class Street(models.Model):
    name = models.CharField(max_length=200)  # "Rue de Rivoli"
    name_search = models.CharField(max_length=200)  # normalize_street(name): "rue rivoli"
    type_search = models.CharField(max_length=20, blank=True)  # "rue"
    core_search = models.CharField(max_length=200)  # "rivoli": what the trigram index holds
    postcode = models.CharField(max_length=5)
    citycode = models.CharField("code INSEE", max_length=5)
    # The middle address of the street (by number): a point on the street, unlike a centroid.
    point = models.PointField(srid=4326, spatial_index=False)
    address_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["name", "postcode", "citycode"], name="street_name_postcode_unique"
            )
        ]
        indexes = [
            GinIndex(
                fields=["core_search"],
                opclasses=["gin_trgm_ops"],
                name="street_core_trgm",
                # written only by load_addresses: no pending list for searches to scan
                fastupdate=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.postcode}"


class Address(models.Model):
    ban_id = models.CharField("BAN id", max_length=50, unique=True)
    street = models.ForeignKey(
        Street, on_delete=models.CASCADE, related_name="addresses", db_index=False
    )  # covered by the (street, number) index
    number = models.PositiveIntegerField()
    rep = models.CharField("suffix", max_length=8, blank=True)  # "b" (bis), "t" (ter)...
    postcode = models.CharField(max_length=5)
    citycode = models.CharField("code INSEE", max_length=5)
    label = models.CharField(max_length=255)  # "12 bis Rue de Rivoli 75004 Paris"
    point = models.PointField(srid=4326)  # GiST index: nearest-address queries (KNN <->)

    class Meta:
        indexes = [models.Index(fields=["street", "number"], name="address_street_number")]

    def __str__(self) -> str:
        return self.label


class AddressSource(models.Model):
    """What was loaded, so ``load_addresses`` can tell that there is nothing to do."""

    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)  # of the file and of the normal form version
    street_count = models.PositiveIntegerField()
    address_count = models.PositiveIntegerField()
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.file_name} ({self.address_count} addresses)"
