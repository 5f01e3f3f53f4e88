"""Writes for accounts: registration and the verification of the email address."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import audit_record
from core.errors import ApplicationError, django_details

from .models import User


@transaction.atomic
def user_register(*, email: str, password: str, display_name: str = "") -> None:
    """Register ``email``, revealing nothing about whether it already has an account: the caller
    hears the same in every case and only the address's owner learns more, by mail.

    - a new address: an account is created, not usable until the mailed link confirms the
      address (signing in before that fails as a wrong password does);
    - an account registered but never confirmed: its verification link is mailed again (the
      first registration's password stands);
    - an account in use: its owner is mailed that someone tried to register with the address.
    """
    email = User.objects.normalize_email(email).lower()
    candidate = User(email=email, display_name=display_name)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        raise ApplicationError(
            "The password is too weak.",
            code="weak_password",
            errors={"password": list(exc.messages)},
            details={"password": django_details(exc)},
        ) from exc
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=password, display_name=display_name, is_active=False
                )
        except IntegrityError:  # a concurrent registration with the same address
            existing = User.objects.filter(email__iexact=email).first()
        else:
            email_verification_request(user=user)
            return
    # As long as creating an account takes (hashing the password), so the time of the answer
    # does not tell either.
    make_password(password)
    if existing is None:
        return
    if _pending(existing):
        email_verification_request(user=existing)
        return
    from .tasks import registration_notice_send_task

    user_id = existing.pk
    transaction.on_commit(lambda: registration_notice_send_task.delay(user_id))


def _pending(user: User) -> bool:
    """Registered, never confirmed and never used: waiting for its verification link (never an
    account its owner deleted, though it too is inactive and unconfirmed)."""
    return (
        not user.is_active
        and user.email_verified_at is None
        and user.last_login is None
        and user.deleted_at is None
    )


def registration_notice_send(*, user_id: int) -> bool:
    """Mail the owner of an account that someone tried to register with its address. Returns
    whether a mail was sent (not to an account that is gone or disabled)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    sign_in = f"{settings.PUBLIC_URL}/connexion"
    subject = "Tentative d'inscription avec votre adresse / Someone tried to register"
    body = "\n".join(
        [
            "Bonjour,",
            "",
            "Quelqu'un a essayé de créer un compte Belvédère avec votre adresse e-mail, qui a déjà",
            "un compte. Si c'était vous, connectez-vous avec votre mot de passe :",
            sign_in,
            "Si vous avez oublié votre mot de passe, la mairie peut vous aider. Sinon, ignorez ce",
            "message : rien n'a changé sur votre compte.",
            "",
            "Hello,",
            "",
            "Someone tried to create a Belvédère account with your email address, which already",
            "has one. If it was you, sign in with your password:",
            sign_in,
            "If you have forgotten your password, your town hall can help. Otherwise, ignore this",
            "message: nothing changed on your account.",
            "",
            "— Belvédère, budget participatif",
        ]
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


# ---- email verification ----------------------------------------------------------------------

VERIFICATION_SALT = "accounts.email-verification"


class VerificationLinkInvalid(ApplicationError):
    code = "invalid_token"
    default_message = "This verification link is not valid."


class VerificationLinkExpired(VerificationLinkInvalid):
    code = "token_expired"
    default_message = "This verification link has expired: ask for a new one."


class AlreadyVerified(ApplicationError):
    status_code = 409
    code = "already_verified"
    default_message = "This email address is already verified."


def email_verification_token(*, user: User) -> str:
    """A signed, timestamped token naming the account and the address it was sent to (a token
    for an address the account no longer has is refused)."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFICATION_SALT)


def email_verification_link(*, user: User) -> str:
    token = email_verification_token(user=user)
    return settings.EMAIL_VERIFICATION_URL.format(token=quote(token, safe=""))


def email_verification_send(*, user_id: int) -> bool:
    """Mail the verification link to the account's address (nothing when the account is gone,
    inactive or already verified). Returns whether a mail was sent."""
    user = User.objects.filter(pk=user_id, email_verified_at__isnull=True).first()
    if user is None or not (user.is_active or _pending(user)):
        return False
    link = email_verification_link(user=user)
    hours = max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 3600)
    subject = "Confirmez votre adresse e-mail / Confirm your email address"
    body = "\n".join(
        [
            "Bonjour,",
            "",
            "Pour confirmer votre adresse e-mail sur Belvédère, ouvrez ce lien :",
            link,
            f"Il est valable {hours} heures.",
            "",
            "Hello,",
            "",
            "To confirm your email address on Belvédère, open this link:",
            link,
            f"It is valid for {hours} hours.",
            "",
            "— Belvédère, budget participatif",
        ]
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def email_verification_request(*, user: User) -> None:
    """Queue the verification mail for ``user`` once the transaction commits."""
    if user.email_verified_at is not None:
        raise AlreadyVerified()
    from .tasks import email_verification_send_task

    user_id = user.pk
    transaction.on_commit(lambda: email_verification_send_task.delay(user_id))


@transaction.atomic
def user_verify_email(*, token: str, now: datetime | None = None) -> User:
    """Mark the address in ``token`` as verified (audited once; following the link again changes
    nothing)."""
    try:
        data = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise VerificationLinkExpired(field="token") from exc
    except (signing.BadSignature, UnicodeError) as exc:  # e.g. a lone surrogate
        raise VerificationLinkInvalid(field="token") from exc
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise VerificationLinkInvalid(field="token")
    user = (
        User.objects.select_for_update()
        .filter(pk=data["user"], email__iexact=str(data.get("email")))
        .first()
    )
    if user is None or not (user.is_active or _pending(user)):
        raise VerificationLinkInvalid(field="token")
    if user.email_verified_at is not None:
        return user
    user.email_verified_at = now or timezone.now()
    user.is_active = True  # a pending registration becomes an account
    user.save(update_fields=["email_verified_at", "is_active"])
    audit_record(
        actor=user,
        action="user.verify_email",
        obj=user,
        before={"email_verified_at": None},
        after={"email_verified_at": user.email_verified_at},
        at=user.email_verified_at,
    )
    return user
