"""E-petitions: the city's second participation channel (docs/petitions.md).

A resident files a petition to the city or to one arrondissement's mairie; officials moderate it
before publication; residents sign it (one signature per person, held by the database) while its
signing period lasts; one that reaches its process's threshold goes on the officials' agenda and
is answered in public by the council."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.db.models import Q


class Process(models.Model):
    """The rules of one petition process: thresholds, signing period, time to answer, minimum
    age. The goal of a petition is copied from its process when it is published, so changing the
    process never moves the goal of a petition already open."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    # Counted signatures a city-wide petition needs; an arrondissement's petition needs
    # ``area_threshold``.
    threshold = models.PositiveIntegerField(default=5000)
    area_threshold = models.PositiveIntegerField(default=1000)
    signing_days = models.PositiveSmallIntegerField(default=180)
    answer_days = models.PositiveSmallIntegerField(default=90)
    min_age = models.PositiveSmallIntegerField(default=16)
    filing_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "processes"
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=1), name="process_threshold_positive"
            ),
            models.CheckConstraint(
                condition=Q(area_threshold__gte=1), name="process_area_threshold_positive"
            ),
            models.CheckConstraint(condition=Q(signing_days__gte=1), name="process_signing_days"),
            models.CheckConstraint(condition=Q(answer_days__gte=1), name="process_answer_days"),
        ]

    def __str__(self) -> str:
        return self.name


class Petition(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "en modération"
        INADMISSIBLE = "inadmissible", "irrecevable"
        OPEN = "open", "ouverte"
        THRESHOLD_REACHED = "threshold_reached", "seuil atteint"
        AWAITING_ANSWER = "awaiting_answer", "en attente de réponse"
        ANSWERED = "answered", "répondue"
        CLOSED = "closed", "close"

    class Decision(models.TextChoices):
        ADMISSIBLE = "admissible", "recevable"
        INADMISSIBLE = "inadmissible", "irrecevable"

    class ReasonCode(models.TextChoices):
        OUTSIDE_COMPETENCE = "outside_competence", "hors des compétences de la Ville"
        DUPLICATE = "duplicate", "doublon d'une pétition ouverte"
        UNLAWFUL = "unlawful", "contraire à la loi"
        OTHER = "other", "autre"

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="petitions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    title = models.CharField(max_length=150)
    text = models.TextField(max_length=5000)
    # The authority addressed: one arrondissement's mairie (an area of kind arrondissements), or
    # the city (null).
    area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="petitions"
    )
    theme = models.ForeignKey("campaigns.Theme", on_delete=models.PROTECT, related_name="+")
    location = models.PointField(srid=4326, null=True, blank=True)
    address = models.CharField(max_length=250, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)

    # Counted signatures (held and rejected ones are not), kept by the signature services under
    # the petition's row lock; the goal, copied from the process when published.
    signature_count = models.PositiveIntegerField(default=0)
    threshold = models.PositiveIntegerField(default=1)

    published_at = models.DateTimeField(null=True, blank=True)
    signing_ends_at = models.DateTimeField(null=True, blank=True)  # exclusive
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    answer_due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # Moderation before publication: the decision and its public reason.
    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    reason_code = models.CharField(max_length=20, choices=ReasonCode.choices, blank=True)
    reason_text = models.TextField(max_length=2000, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The council's public answer.
    answer_text = models.TextField(max_length=10000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The budget proposal it became (POST …/convert/).
    proposal = models.OneToOneField(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petition",
    )
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "signing_ends_at"]),
            models.Index(fields=["author", "created_at"]),
            models.Index(fields=["-signature_count", "-id"]),
            GinIndex(name="petition_title_trgm", fields=["title"], opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending")
                | Q(status="inadmissible")
                | Q(published_at__isnull=False, signing_ends_at__isnull=False),
                name="petition_published_has_period",
            ),
            models.CheckConstraint(
                condition=~Q(status="inadmissible") | ~Q(reason_code=""),
                name="petition_inadmissible_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | ~Q(answer_text=""),
                name="petition_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["threshold_reached", "awaiting_answer"])
                | Q(answer_due_at__isnull=False),
                name="petition_agenda_has_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Signature(models.Model):
    """One person's signature of one petition: at most one (the unique constraint), with the
    eligibility they declared. ``held`` ones (new accounts, declarations not verified) are kept
    apart and not counted until an official checks them."""

    class Status(models.TextChoices):
        COUNTED = "counted", "comptée"
        HELD = "held", "en attente de vérification"
        REJECTED = "rejected", "écartée"

    class HeldReason(models.TextChoices):
        NEW_ACCOUNT = "new_account", "compte de moins d'un jour"
        UNVERIFIED_DECLARATION = "unverified_declaration", "déclaration non vérifiée"

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="petition_signatures"
    )
    show_name = models.BooleanField(default=False)
    # The declaration: resident of the city (required to sign), birth date (the minimum age; an
    # official compares it when checking a held signature), arrondissement of residence. The
    # birth date is cleared when the signer deletes their account (the petition's signing over)
    # and by the retention sweep (docs/privacy.md); a held signature always has one.
    birth_date = models.DateField(null=True, blank=True)
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COUNTED)
    held_reason = models.CharField(max_length=24, choices=HeldReason.choices, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The signer's network prefix (/24, /48), keyed-hashed (never the address): for the burst
    # alerts while signing is open; blanked when the petition's signing period ends.
    network = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["petition", "status", "area"]),
            models.Index(fields=["petition", "network", "created_at"]),
            models.Index(fields=["created_at"], condition=Q(status="held"), name="signature_held"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["petition", "user"], name="signature_once_per_person"),
            models.CheckConstraint(
                condition=~Q(status="held") | ~Q(held_reason=""),
                name="signature_held_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(birth_date__isnull=False),
                name="signature_held_has_birth_date",
            ),
        ]

    def __str__(self) -> str:
        return f"signature #{self.pk} of petition #{self.petition_id}"


class BurstAlert(models.Model):
    """More than ``PETITION_BURST_SIGNATURES`` signatures of one petition from one network
    prefix within ``PETITION_BURST_MINUTES``: reported to the officials (their queue)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="burst_alerts")
    network = models.CharField(max_length=64)  # the keyed hash, as on the signatures
    signatures = models.PositiveIntegerField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    created_at = models.DateTimeField()
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "network"],
                condition=Q(handled_at__isnull=True),
                name="burst_alert_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"burst on petition #{self.petition_id}: {self.signatures}"
