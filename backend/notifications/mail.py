"""The mails of notifications: one per notification (immediate) or one digest a day per person,
each with an unsubscribe link that works without signing in (a signed token, RFC 8058 one-click
through ``List-Unsubscribe`` and ``List-Unsubscribe-Post``).

Sent once: the rows are locked while their mail is handed to the server and marked sent in the
same transaction; a task run twice (a retry, a redelivery after a lost worker, the sweep) finds
them sent and does nothing. What remains is the classic window of any mailer: the server
accepted the message and the worker died before the commit; the mail's Message-ID is then the
same on the second attempt (``<notification-ID@host>``), so receivers can drop the copy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import ApplicationError

from .models import Digest, Notification, Preference

Event = Notification.Event
UNSUBSCRIBE_SALT = "notifications.unsubscribe"

# (subject in French, in English): about a proposal, a project, a petition or a campaign's area.
SUBJECTS: dict[str, tuple[str, str]] = {
    Event.HIDDEN: (
        "Une proposition que vous suivez a été masquée",
        "A proposal you follow was hidden",
    ),
    Event.RESTORED: (
        "Une proposition que vous suivez est de nouveau visible",
        "A proposal you follow is visible again",
    ),
    Event.ACCEPTED: (
        "Une proposition que vous suivez est recevable",
        "A proposal you follow was accepted",
    ),
    Event.REJECTED: (
        "Une proposition que vous suivez n'est pas recevable",
        "A proposal you follow was rejected",
    ),
    Event.MERGED: (
        "Une proposition que vous suivez a été regroupée",
        "A proposal you follow was merged",
    ),
    Event.COMMENT: ("Nouveau commentaire", "New comment"),
    Event.VOTE_OPEN: ("Le vote est ouvert", "Voting is open"),
    Event.RESULTS: ("Les résultats sont publiés", "The results are out"),
    Event.DELIVERY: ("Où en est la réalisation", "Delivery news"),
    Event.MILESTONE: ("Nouvelle étape de réalisation", "New delivery milestone"),
    Event.PETITION_OPEN: ("Votre pétition est publiée", "Your petition is published"),
    Event.PETITION_REFUSED: ("Votre pétition est irrecevable", "Your petition is inadmissible"),
    Event.PETITION_THRESHOLD: (
        "Une pétition a atteint son seuil de signatures",
        "A petition reached its signature threshold",
    ),
    Event.PETITION_CLOSED: (
        "Une pétition que vous suivez est close",
        "A petition you follow is closed",
    ),
    Event.PETITION_ANSWERED: (
        "Le Conseil a répondu à une pétition",
        "The council answered a petition",
    ),
    Event.PETITION_CONVERTED: (
        "Une pétition est devenue une proposition du budget participatif",
        "A petition became a participatory budget proposal",
    ),
    Event.PETITION_BURST: (
        "Afflux de signatures depuis un même réseau",
        "A burst of signatures from one network",
    ),
}


# --- unsubscribing ---------------------------------------------------------------------------


def unsubscribe_token(user: Any) -> str:
    """A signed token naming the person (no expiry: an old mail's link still works)."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


class InvalidToken(ApplicationError):
    code = "invalid_token"
    default_message = "This unsubscribe link is not valid."


def unsubscribe_user(token: str) -> User:
    """The person a token names; 400 ``invalid_token`` on the field ``token`` for a forged,
    altered or unknown one."""
    try:
        data = signing.loads(token or "", salt=UNSUBSCRIBE_SALT)
        user = User.objects.filter(pk=int(data["u"])).first()
    except (signing.BadSignature, UnicodeError, KeyError, TypeError, ValueError) as exc:
        raise InvalidToken(field="token") from exc
    if user is None:
        raise InvalidToken(field="token")
    return user


@transaction.atomic
def unsubscribe(*, token: str) -> User:
    """No more mails for the person the token names (their in-app notifications go on)."""
    user = unsubscribe_user(token)
    Preference.objects.update_or_create(user_id=user.pk, defaults={"digest": Digest.NEVER})
    return user


def unsubscribe_links(user: Any) -> tuple[str, str]:
    """(the page a person opens, the URL a mail client posts to for one click)."""
    token = quote(unsubscribe_token(user), safe="")
    page = settings.NOTIFICATIONS_UNSUBSCRIBE_URL.format(token=token)
    one_click = f"{settings.PUBLIC_URL}/api/v1/notifications/unsubscribe/?token={token}"
    return page, one_click


# --- composing -------------------------------------------------------------------------------


def _lines(notification: Notification) -> tuple[str, str]:
    fr, en = SUBJECTS[notification.event]
    title = notification.title
    reason = notification.reason.strip()
    french = f"{fr} : « {title} »." + (f"\n{reason}" if reason else "")
    english = f"{en}: “{title}”." + (f"\n{reason}" if reason else "")
    return french, english


def _message(user: Any, subject: str, french: str, english: str, message_id: str) -> EmailMessage:
    page, one_click = unsubscribe_links(user)
    site = settings.PUBLIC_URL
    body = (
        f"Bonjour,\n\n{french}\n\nVos notifications : {site}/notifications\n"
        f"Ne plus recevoir ces courriels : {page}\n\n— Belvédère, budget participatif\n\n"
        f"Hello,\n\n{english}\n\nYour notifications: {site}/notifications\n"
        f"Stop these emails: {page}\n"
    )
    host = urlsplit(site).hostname or "localhost"
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{one_click}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": f"<{message_id}@{host}>",
            "Auto-Submitted": "auto-generated",
        },
    )


def notification_message(notification: Notification) -> EmailMessage:
    fr, en = SUBJECTS[notification.event]
    french, english = _lines(notification)
    return _message(
        notification.user, f"{fr} / {en}", french, english, f"notification-{notification.pk}"
    )


def digest_message(user: Any, notifications: Sequence[Notification]) -> EmailMessage:
    count = len(notifications)
    pairs = [_lines(n) for n in notifications]
    french = "\n\n".join(f"• {fr}" for fr, _ in pairs)
    english = "\n\n".join(f"• {en}" for _, en in pairs)
    subject = (
        f"Belvédère : {count} nouvelle{'s' if count > 1 else ''} notification"
        f"{'s' if count > 1 else ''} / {count} new notification{'s' if count > 1 else ''}"
    )
    ids = f"{notifications[0].pk}-{notifications[-1].pk}"
    return _message(user, subject, french, english, f"digest-{user.pk}-{ids}")


# --- sending ---------------------------------------------------------------------------------


def _mailable(user: Any) -> bool:
    """Mails go only to addresses their owner confirmed."""
    return bool(user.email and user.email_verified_at is not None)


def notification_send(*, notification_id: int) -> bool:
    """Send one immediate notification's mail once; whether it was sent now. A person who
    since chose the daily digest gets it there; one who chose never (or whose address is not
    confirmed) gets no mail."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=notification_id, sent_at__isnull=True, mail=Digest.IMMEDIATE)
            .first()
        )
        if notification is None:
            return False
        mode = (
            Preference.objects.filter(user_id=notification.user_id)
            .values_list("digest", flat=True)
            .first()
        ) or Digest.IMMEDIATE
        if not _mailable(notification.user):
            mode = Digest.NEVER
        if mode != Digest.IMMEDIATE:
            notification.mail = mode
            notification.save(update_fields=["mail"])
            return False
        notification_message(notification).send()
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
        return True


def digest_send(*, user_id: int, now: datetime) -> int:
    """Send a person's digest once: their notifications waiting for it (made before ``now``),
    oldest first, in one mail; how many it held (0: nothing sent). Someone who chose never
    since gets none, and those notifications are not mailed."""
    with transaction.atomic():
        waiting = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(user_id=user_id, mail=Digest.DAILY, sent_at__isnull=True, created_at__lt=now)
            .order_by("created_at", "id")
        )
        if not waiting:
            return 0
        user = waiting[0].user
        mode = (
            Preference.objects.filter(user_id=user_id).values_list("digest", flat=True).first()
        ) or Digest.IMMEDIATE
        ids = [n.pk for n in waiting]
        if mode == Digest.NEVER or not _mailable(user):
            Notification.objects.filter(pk__in=ids).update(mail=Digest.NEVER)
            return 0
        digest_message(user, waiting).send()
        Notification.objects.filter(pk__in=ids).update(sent_at=timezone.now())
        return len(ids)


def digest_due(*, now: datetime) -> list[int]:
    """The people with notifications waiting for a digest."""
    return list(
        Notification.objects.filter(mail=Digest.DAILY, sent_at__isnull=True, created_at__lt=now)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
