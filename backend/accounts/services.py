"""Writes for accounts: registration."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction

from core.errors import ApplicationError

from .models import User


class EmailTaken(ApplicationError):
    code = "email_taken"
    default_message = "An account with this email address already exists."


@transaction.atomic
def user_register(*, email: str, password: str, display_name: str = "") -> User:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise EmailTaken(field="email")
    candidate = User(email=email, display_name=display_name)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        raise ApplicationError(
            "The password is too weak.", errors={"password": list(exc.messages)}
        ) from exc
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email, password=password, display_name=display_name
            )
    except IntegrityError as exc:  # a concurrent registration with the same address
        raise EmailTaken(field="email") from exc
