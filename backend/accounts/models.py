from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person with an account: signs in with an email address.

    Roles: residents (everyone); officials, scoped to the ballot areas they handle (a town hall
    its arrondissement, city services the city-wide area); administrators (everything)."""

    class Role(models.TextChoices):
        RESIDENT = "resident", "habitant·e"
        OFFICIAL = "official", "agent·e"
        ADMINISTRATOR = "administrator", "administrateur·rice"

    username = None  # type: ignore[assignment]
    email = models.EmailField("adresse e-mail", unique=True)
    display_name = models.CharField("nom affiché", max_length=80, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.RESIDENT)
    areas = models.ManyToManyField(
        "geo.Area",
        blank=True,
        related_name="officials",
        help_text="The ballot areas an official handles.",
    )
    # Set when the person follows the link mailed at registration; proposing, reporting and
    # voting need it.
    email_verified_at = models.DateTimeField("adresse vérifiée le", null=True, blank=True)
    # Set when the person deleted their account (privacy.services.user_delete): the row stays,
    # emptied of everything personal, so what must outlive the account (proposals, shown as by
    # "a former participant"; participations, until the campaign's retention ends) keeps a
    # target; nobody can sign in to it.
    deleted_at = models.DateTimeField("compte supprimé le", null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[misc, assignment]

    def __str__(self) -> str:
        return self.email
