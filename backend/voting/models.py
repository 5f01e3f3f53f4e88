"""Voting: who may vote and where (declarations), who voted where (participations), and what
was chosen (anonymous ballots). A ballot holds no person, no time finer than the day and no
sequential id; see docs/adr/0005-ballot-secrecy.md."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q

from campaigns.models import Campaign


class VoterDeclaration(models.Model):
    """What a voter declares for a campaign (birth date, home address) and their
    arrondissement de cœur; officials mark it checked or refused."""

    class Status(models.TextChoices):
        PENDING = "pending", "à vérifier"
        CHECKED = "checked", "vérifiée"
        REFUSED = "refused", "refusée"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voter_declarations"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="voter_declarations"
    )
    # The name on the voter's identity papers: with the birth date it finds the person in the
    # voter roll, so a paper ballot entered under their name meets their online one.
    full_name = models.CharField("nom complet", max_length=150, blank=True)
    birth_date = models.DateField("date de naissance")
    address = models.CharField("adresse déclarée", max_length=200)
    address_label = models.CharField("adresse trouvée", max_length=200)
    home_point = models.PointField(srid=4326)
    home_district = models.ForeignKey("geo.District", on_delete=models.PROTECT, related_name="+")
    # The arrondissement de cœur: an arrondissement area of the campaign.
    heart_area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    review_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "campaign"], name="declaration_one_per_campaign"
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(review_reason=""),
                name="declaration_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.slug}: declaration #{self.pk}"


class VoterRollEntry(models.Model):
    """One person in a campaign's voter roll, whatever the channel: an account (online voters,
    and paper voters entered by their email), or a name, birth date and address written down at
    a polling station. Participations point here, so one person votes once per area whether
    online or on paper: the unique constraints are the guarantee."""

    class Standing(models.TextChoices):
        # The entry of its name and birth date (one per identity: a unique constraint).
        HOLDER = "holder", "titulaire"
        # A second claim of an identity already held, waiting for the officials: its own entry,
        # so the claimant can vote, their ballots held with the holder's (IdentityConflict).
        CLAIMANT = "claimant", "en litige"
        # Officials decided: another person of the same name and birth date (the address tells
        # them apart).
        HOMONYM = "homonym", "homonyme"
        # Officials decided: not this person (an impostor, or the same person twice); its
        # ballots are set aside.
        VOID = "void", "écartée"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="voter_roll")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voter_roll_entries",
    )
    full_name = models.CharField("nom complet", max_length=150, blank=True)
    # voting.paper.name_key(full_name): case, accents, hyphens and spacing do not matter.
    name_key = models.CharField(max_length=150, blank=True)
    birth_date = models.DateField("date de naissance")
    address = models.CharField("adresse", max_length=200, blank=True)
    # For a person known only by name: the arrondissement where they voted on paper (their
    # arrondissement de cœur); an account's is in its declaration.
    heart_area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    standing = models.CharField(max_length=8, choices=Standing.choices, default=Standing.HOLDER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "name_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "user"],
                condition=Q(user__isnull=False),
                name="roll_one_entry_per_account",
            ),
            models.UniqueConstraint(
                fields=["campaign", "name_key", "birth_date"],
                condition=~Q(name_key="") & Q(standing="holder"),
                name="roll_one_holder_per_identity",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name_key=""),
                name="roll_entry_identified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.slug}: roll entry #{self.pk}"


class IdentityConflict(models.Model):
    """Two claims of one identity (name and birth date) in a campaign's voter roll: the entry
    that held it (``first``) and the second claimant's own entry (``second``, standing
    ``claimant``), online or on paper. Never decided by who came first: while it is open the
    ballots of both sides are held (``selectors.participations_on_hold``); officials of either
    side's area decide, with a reason, until counting starts."""

    class Status(models.TextChoices):
        OPEN = "open", "à examiner"
        DECIDED = "decided", "tranché"

    class Decision(models.TextChoices):
        # The identity is the first claimant's: the second claim is void.
        FIRST_IS_GENUINE = "first_is_genuine", "la première personne est la bonne"
        # The identity is the second claimant's: the first claim is void.
        SECOND_IS_GENUINE = "second_is_genuine", "la seconde personne est la bonne"
        # Two people with the same name and birth date: both entries stand.
        DIFFERENT_PEOPLE = "different_people", "deux personnes différentes"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="identity_conflicts"
    )
    first = models.ForeignKey(VoterRollEntry, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(VoterRollEntry, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, help_text="How the second claim came: online/paper.")
    # The areas whose officials see and decide it: each side's arrondissement (or the area of
    # the paper ballot that made the second claim) when known.
    first_area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    second_area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "opened_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["second"], name="conflict_one_per_claimant"),
            models.CheckConstraint(
                condition=Q(status="open", decision="")
                | (Q(status="decided") & ~Q(decision="") & ~Q(reason="")),
                name="conflict_decided_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.slug}: identity conflict #{self.pk}"


class Participation(models.Model):
    """Who voted where: one row per person, campaign and area, whatever the channel. Written in
    the same transaction as the ballot; the unique constraints (per account, per voter roll
    entry) are the one-ballot guarantee."""

    class Channel(models.TextChoices):
        ONLINE = "online", "en ligne"
        PAPER = "paper", "papier"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The account, when the voter has one (empty for a paper voter known only by name).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    # The voter's entry in the roll: set by every service that writes a participation.
    voter = models.ForeignKey(
        VoterRollEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    # The kind of the area (city-wide or arrondissement), copied from it: one ballot per person
    # and kind is the constraint, so nobody votes in two arrondissements.
    area_kind = models.CharField(max_length=16)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    voted_on = models.DateField()  # the day only, like the ballot
    # The official who entered a paper ballot.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A keyed hash of the ballot's receipt hash (voting.receipts.seal): without the server's key
    # it links nothing; with it, the services find the sealed ballot of a refused voter, or check
    # a replacement. Emptied when counting starts (docs/adr/0007).
    ballot_seal = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["campaign", "area", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "campaign", "area_kind"], name="participation_one_per_kind"
            ),
            models.UniqueConstraint(
                fields=["voter", "campaign", "area_kind"],
                name="participation_one_per_roll_entry_kind",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(voter__isnull=False),
                name="participation_has_voter",
            ),
        ]

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self.area_kind and self.area_id is not None:
            self.area_kind = self.area.kind
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.campaign.slug} / {self.area.code}: {self.channel}"


class SealedBallot(models.Model):
    """A ballot in the ballot box, while voting and checking go on: what was chosen, encrypted
    with the counting key (voting.receipts.box_seal, from BALLOT_SEAL_KEY), so a database reader
    without the key learns nothing of it. When counting starts the box is opened into ``Ballot``
    in one transaction, in random order, and emptied (voting.services.ballot_box_open)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=20, choices=Campaign.VotingRule.choices)
    sealed = models.TextField()  # the encrypted choices
    receipt_hash = models.CharField(max_length=64, unique=True)
    cast_on = models.DateField()

    class Meta:
        ordering = ["campaign", "area", "id"]
        indexes = [models.Index(fields=["campaign", "area"], name="sealed_campaign_area")]

    def __str__(self) -> str:
        return f"sealed ballot {self.id}"


class DiscardedReceipt(models.Model):
    """The receipt hash of a ballot left out of the count because its voter's declaration was
    refused before counting started: the ballot itself is destroyed with the box, so the receipt
    check can say "not counted" and nobody can read what an ineligible voter chose."""

    receipt_hash = models.CharField(max_length=64, primary_key=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"discarded receipt in {self.area_id}"


class Ballot(models.Model):
    """What was chosen, anonymously and in clear, once counting has started: no person, no date,
    a random id, written in one transaction in random order (its order and system columns say
    nothing about the order of casting). Imported elections write here directly."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="ballots")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=20, choices=Campaign.VotingRule.choices)
    # Normalised by voting.methods: {"projects": [...]}, {"grades": {...}} or {"points": {...}}.
    choices = models.JSONField()
    receipt_hash = models.CharField(max_length=64, unique=True)
    # The day of casting is not kept once counting starts (it would pair a ballot with a
    # participation of the same day and area); imported elections may carry one.
    cast_on = models.DateField(null=True, blank=True)
    # Kept for imported elections' files; a campaign's refused ballots are discarded instead.
    counted = models.BooleanField(default=True)

    class Meta:
        ordering = ["campaign", "area", "id"]
        indexes = [models.Index(fields=["campaign", "area"], name="ballot_campaign_area")]

    def __str__(self) -> str:
        return f"ballot {self.id}"
