"""Writes for the credentials of an account: resetting a forgotten password by a mailed link,
changing the password, changing the email address (confirmed by the new address, the old one
told). Registration and the first verification of the address are in ``services``.

Links are signed with Django's signing (``SECRET_KEY``), timestamped, and name the account and a
*stamp* of what they may change: the reset link's stamp is derived from the password hash and
the last sign-in, so it works once (the new password changes the hash) and no longer once the
person signed in; the email-change link names the old and the new address, so it works once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from rest_framework.authtoken.models import Token

from audit.services import audit_record
from core.errors import ApplicationError, django_details

from .models import User
from .services import VerificationLinkExpired, VerificationLinkInvalid, _pending

RESET_SALT = "accounts.password-reset"
EMAIL_CHANGE_SALT = "accounts.email-change"
SIGNATURE = "— Belvédère, budget participatif"


class WrongPassword(ApplicationError):
    code = "wrong_password"
    default_message = "The current password is not right."


class EmailTaken(ApplicationError):
    status_code = 409
    code = "email_taken"
    default_message = "Another account uses this address now: the change cannot be made."


class SameEmail(ApplicationError):
    code = "same_email"
    default_message = "This is already the address of your account."


def _password_checked(*, password: str, user: User, field: str = "password") -> None:
    """Django's password validators, refusing in the API's format under ``field``."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ApplicationError(
            "The password is too weak.",
            code="weak_password",
            errors={field: list(exc.messages)},
            details={field: django_details(exc)},
        ) from exc


def _signed_in_elsewhere_ended(*, user: User, keep_token: str | None) -> int:
    """End the user's other ways in after a password change: API tokens (but ``keep_token``, the
    one the request came with). Sessions need nothing more: Django's session carries a hash of
    the password and a session whose hash no longer matches is flushed at its next request (the
    view re-hashes the current session). Returns how many tokens were removed."""
    tokens = Token.objects.filter(user=user)
    if keep_token:
        tokens = tokens.exclude(key=keep_token)
    removed, _ = tokens.delete()
    return removed


def _mail(to: str, subject: str, french: list[str], english: list[str]) -> None:
    body = "\n".join(["Bonjour,", "", *french, "", "Hello,", "", *english, "", SIGNATURE])
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


# ---- password reset --------------------------------------------------------------------------


def _reset_stamp(user: User) -> str:
    """Changes when the password does (so a link works once) or the person signs in."""
    last_login = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
    value = f"{user.pk}:{user.password}:{last_login}:{user.email}"
    return salted_hmac(RESET_SALT, value, algorithm="sha256").hexdigest()[:40]


def password_reset_token(*, user: User) -> str:
    return signing.dumps({"user": user.pk, "stamp": _reset_stamp(user)}, salt=RESET_SALT)


def password_reset_link(*, user: User) -> str:
    token = password_reset_token(user=user)
    return settings.PASSWORD_RESET_URL.format(token=quote(token, safe=""))


def _resettable(user: User | None) -> bool:
    """An account in use, or a registration waiting for its link (following the reset link
    proves the address too); never a disabled or deleted account."""
    return user is not None and user.deleted_at is None and (user.is_active or _pending(user))


def password_reset_request(*, email: str) -> None:
    """Mail a reset link to ``email`` if it is an account's address; the caller hears the same
    in every case (nothing is mailed to an unknown address, which would be mail to strangers)."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if not _resettable(user):
        return
    assert user is not None
    from .tasks import password_reset_send_task

    user_id = user.pk
    transaction.on_commit(lambda: password_reset_send_task.delay(user_id))


def password_reset_send(*, user_id: int) -> bool:
    """Mail the reset link (nothing for an account gone, disabled or deleted since)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not _resettable(user):
        return False
    link = password_reset_link(user=user)
    minutes = max(1, settings.PASSWORD_RESET_MAX_AGE // 60)
    _mail(
        user.email,
        "Réinitialiser votre mot de passe / Reset your password",
        [
            "Pour choisir un nouveau mot de passe sur Belvédère, ouvrez ce lien :",
            link,
            f"Il est valable {minutes} minutes et une seule fois.",
            "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
        ],
        [
            "To choose a new password on Belvédère, open this link:",
            link,
            f"It is valid for {minutes} minutes, once.",
            "If you did not ask for it, ignore this message: your password stays as it is.",
        ],
    )
    return True


def _reset_user(token: str) -> User:
    """The account a reset token names, locked; refused when expired, used or tampered with."""
    try:
        data = signing.loads(token, salt=RESET_SALT, max_age=settings.PASSWORD_RESET_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise VerificationLinkExpired(
            "This link has expired: ask for a new one.", field="token"
        ) from exc
    except (signing.BadSignature, UnicodeError) as exc:
        raise VerificationLinkInvalid("This link is not valid.", field="token") from exc
    invalid = VerificationLinkInvalid(
        "This link is not valid (already used, or replaced by a newer one).", field="token"
    )
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise invalid
    user = User.objects.select_for_update().filter(pk=data["user"]).first()
    if not _resettable(user):
        raise invalid
    assert user is not None
    if not constant_time_compare(str(data.get("stamp")), _reset_stamp(user)):
        raise invalid
    return user


@transaction.atomic
def password_reset_confirm(*, token: str, password: str, now: datetime | None = None) -> User:
    """Set a new password with the mailed link's token: the link works once; every session and
    API token of the account ends (whoever knew the old password is signed out). A pending
    registration becomes an account (the link proved the address)."""
    user = _reset_user(token)
    _password_checked(password=password, user=user)
    now = now or timezone.now()
    user.set_password(password)
    fields = ["password"]
    if user.email_verified_at is None:
        user.email_verified_at = now
        user.is_active = True
        fields += ["email_verified_at", "is_active"]
    user.save(update_fields=fields)
    _signed_in_elsewhere_ended(user=user, keep_token=None)
    audit_record(actor=user, action="user.password_reset", obj=user, at=now)
    from .tasks import password_changed_notice_task

    user_id = user.pk
    transaction.on_commit(lambda: password_changed_notice_task.delay(user_id))
    return user


def password_reset_token_check(*, token: str) -> None:
    """Whether a reset link may still be used (for the page to say so before the form)."""
    with transaction.atomic():
        _reset_user(token)


# ---- changing the password -------------------------------------------------------------------


@transaction.atomic
def password_change(
    *, user: User, current_password: str, new_password: str, keep_token: str | None = None
) -> User:
    """Change the password of a signed-in person who knows the current one. Every other session
    and API token of the account ends; the request's own (``keep_token``, or its session, which
    the view re-hashes) goes on."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(current_password):
        raise WrongPassword(field="current_password")
    _password_checked(password=new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _signed_in_elsewhere_ended(user=user, keep_token=keep_token)
    audit_record(actor=user, action="user.password_change", obj=user)
    from .tasks import password_changed_notice_task

    user_id = user.pk
    transaction.on_commit(lambda: password_changed_notice_task.delay(user_id))
    return user


def password_changed_notice(*, user_id: int) -> bool:
    """Tell the account's owner their password changed (so a change they did not make is seen)."""
    user = User.objects.filter(pk=user_id, is_active=True, deleted_at__isnull=True).first()
    if user is None:
        return False
    forgot = f"{settings.PUBLIC_URL}/mot-de-passe-oublie"
    _mail(
        user.email,
        "Votre mot de passe a changé / Your password was changed",
        [
            "Le mot de passe de votre compte Belvédère vient d'être changé, et les autres",
            "appareils connectés ont été déconnectés. Si ce n'était pas vous, choisissez-en un",
            f"nouveau : {forgot}",
        ],
        [
            "The password of your Belvédère account was just changed, and your other devices",
            f"were signed out. If it was not you, choose a new one: {forgot}",
        ],
    )
    return True


# ---- changing the email address --------------------------------------------------------------


def email_change_token(*, user: User, new_email: str) -> str:
    return signing.dumps(
        {"user": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT
    )


@transaction.atomic
def email_change_request(*, user: User, password: str, new_email: str) -> str:
    """Ask to move the account to ``new_email``: a confirmation link is mailed to the new
    address (nothing changes until it is followed). The answer is the same whether or not the
    new address has an account: its owner is told by mail instead. Returns the normalised
    address."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(password):
        raise WrongPassword(field="password")
    new_email = User.objects.normalize_email(new_email).lower()
    if new_email == user.email.lower():
        raise SameEmail(field="new_email")
    from .tasks import email_change_send_task

    user_id = user.pk
    transaction.on_commit(lambda: email_change_send_task.delay(user_id, new_email))
    return new_email


def email_change_send(*, user_id: int, new_email: str) -> bool:
    """Mail the confirmation link to the new address, or, when another account has it, tell
    that address's owner someone tried. Returns whether a mail was sent."""
    user = User.objects.filter(pk=user_id, is_active=True, deleted_at__isnull=True).first()
    if user is None:
        return False
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        _mail(
            new_email,
            "Changement d'adresse refusé / Email change refused",
            [
                "Quelqu'un a demandé à utiliser votre adresse pour un autre compte Belvédère.",
                "Elle est déjà celle de votre compte : rien n'a changé.",
            ],
            [
                "Someone asked to use your address for another Belvédère account.",
                "It already belongs to your account: nothing changed.",
            ],
        )
        return True
    token = email_change_token(user=user, new_email=new_email)
    link = settings.EMAIL_CHANGE_URL.format(token=quote(token, safe=""))
    hours = max(1, settings.EMAIL_CHANGE_MAX_AGE // 3600)
    _mail(
        new_email,
        "Confirmez votre nouvelle adresse / Confirm your new address",
        [
            "Pour que votre compte Belvédère utilise désormais cette adresse, ouvrez ce lien :",
            link,
            f"Il est valable {hours} heures. Sinon, ignorez ce message.",
        ],
        [
            "To make this the address of your Belvédère account, open this link:",
            link,
            f"It is valid for {hours} hours. Otherwise, ignore this message.",
        ],
    )
    return True


@transaction.atomic
def email_change_confirm(*, token: str, now: datetime | None = None) -> User:
    """Move the account to the address the link was mailed to (which the link proves), and tell
    the old address. Works once: the link names the old address."""
    try:
        data: Any = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_CHANGE_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise VerificationLinkExpired(
            "This link has expired: ask for the change again.", field="token"
        ) from exc
    except (signing.BadSignature, UnicodeError) as exc:
        raise VerificationLinkInvalid("This link is not valid.", field="token") from exc
    invalid = VerificationLinkInvalid("This link is not valid (already used?).", field="token")
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        raise invalid
    old, new = str(data.get("old")), str(data.get("new"))
    user = (
        User.objects.select_for_update()
        .filter(pk=data["user"], email__iexact=old, is_active=True, deleted_at__isnull=True)
        .first()
    )
    if user is None:
        raise invalid
    if User.objects.filter(email__iexact=new).exclude(pk=user.pk).exists():
        raise EmailTaken(field="token")
    now = now or timezone.now()
    user.email = new
    user.email_verified_at = now
    user.save(update_fields=["email", "email_verified_at"])
    audit_record(actor=user, action="user.email_change", obj=user, at=now)
    from .tasks import email_changed_notice_task

    transaction.on_commit(lambda: email_changed_notice_task.delay(old, new))
    return user


def email_changed_notice(*, old_email: str, new_email: str) -> bool:
    """Tell the old address that the account now uses another one."""
    _mail(
        old_email,
        "Votre adresse a changé / Your email address was changed",
        [
            f"Votre compte Belvédère utilise désormais l'adresse {new_email}.",
            "Si ce n'était pas vous, écrivez à la mairie sans attendre.",
        ],
        [
            f"Your Belvédère account now uses the address {new_email}.",
            "If it was not you, write to the town hall at once.",
        ],
    )
    return True
