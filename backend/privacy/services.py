"""Writes for a person's data: deleting one's account, and the retention rule of what a
campaign keeps about its voters (docs/privacy.md).

Deleting an account empties the ``User`` row rather than removing it: the rows that must outlive
it keep a target (proposals, shown as by "a former participant"; participations and voter-roll
entries, which hold the one-ballot guarantee and the turnout, until the campaign's retention
ends). Ballots are anonymous and never touched.

Retention: a campaign's voter declarations and the names on its participations are kept until
``PERSONAL_DATA_RETENTION_MONTHS`` after the campaign is closed (the start of its ``closed``
phase); then declarations are deleted and participations and voter-roll entries are detached
from people. The count does not change: participations stay (turnout), ballots stay. The same
months after a petition is closed or answered, its signatures lose the declared birth date and
the network hash.
"""

from __future__ import annotations

import secrets
from calendar import monthrange
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat, TruncYear
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.credentials import WrongPassword
from accounts.models import User
from audit.services import audit_record
from campaigns.models import Campaign
from campaigns.schedule import Phase
from moderation.models import Report
from notifications.models import Notification
from petitions import services as petitions
from voting.models import Participation, VoterDeclaration, VoterRollEntry

ANONYMISED_PREFIX = "anonymised-"


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus ``months`` calendar months (the day clipped to the month's length)."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, monthrange(year, month)[1]))


def retention_end(campaign: Campaign) -> datetime | None:
    """When the campaign's personal data stops being kept: its ``closed`` phase's start plus the
    retention months (the campaign's own, or the site's ``PERSONAL_DATA_RETENTION_MONTHS``);
    None while no close is scheduled (kept until one is)."""
    closed = campaign.slot(Phase.CLOSED)
    if closed is None:
        return None
    months = campaign.retention_months or settings.PERSONAL_DATA_RETENTION_MONTHS
    return add_months(closed.start, months)


# ---- deleting an account ---------------------------------------------------------------------


def _delete_optional(app_model: str, **filters: object) -> int:
    try:
        model = apps.get_model(app_model)
    except (LookupError, ValueError):
        return 0
    removed, _ = model._default_manager.filter(**filters).delete()
    return removed


@transaction.atomic
def user_delete(*, user: User, password: str, now: datetime | None = None) -> dict[str, int]:
    """Delete the account of ``user``, who confirms with their password. Returns what was done
    (counts), for the audit record and the tests.

    - the account is emptied: no email address (a random ``.invalid`` one), name, password,
      role or areas; it is disabled, so nobody signs in to it, and its API token is removed
      (its sessions end: they carry a hash of the password);
    - proposals and petitions stay, shown as by "a former participant"; reports stay,
      anonymous;
    - signatures of petitions still open for signing are withdrawn; on the others they stay
      counted, without the name, birth date or network hash (``petitions.signatures_forget``);
    - notifications and follows are removed;
    - voter declarations with no participation are removed; the others, the participations and
      the voter-roll entries stay until the campaign's retention ends (they hold the
      one-ballot guarantee and the turnout); ballots are anonymous and untouched.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        raise WrongPassword(field="password")
    if not user.check_password(password):
        raise WrongPassword(field="password")
    now = now or timezone.now()
    old_email = user.email
    audit_record(actor=user, action="user.delete", obj=user, at=now)

    voted = Participation.objects.filter(person=user, campaign=OuterRef("campaign"))
    declarations, _ = VoterDeclaration.objects.filter(person=user).exclude(Exists(voted)).delete()
    done = {
        "declarations_deleted": declarations,
        "declarations_kept": VoterDeclaration.objects.filter(person=user).count(),
        "participations_kept": Participation.objects.filter(person=user).count(),
        "reports_anonymised": Report.objects.filter(reporter=user).update(reporter=None),
        "notifications_deleted": Notification.objects.filter(user=user).delete()[0],
        "follows_deleted": _delete_optional("notifications.Follow", user=user),
        "preferences_deleted": _delete_optional("notifications.Preference", user=user),
        "tokens_deleted": Token.objects.filter(user=user).delete()[0],
        **petitions.signatures_forget(user=user, now=now),
    }
    user.areas.clear()
    user.email = f"deleted-{secrets.token_hex(12)}@deleted.invalid"
    user.display_name = ""
    user.first_name = user.last_name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.role = User.Role.RESIDENT
    user.email_verified_at = None
    user.deleted_at = now
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    from .tasks import account_deleted_notice_task

    transaction.on_commit(lambda: account_deleted_notice_task.delay(old_email))
    return done


def account_deleted_notice(*, email: str) -> bool:
    """Tell the address the account had that it was deleted, and what stays."""
    from django.core.mail import send_mail

    privacy = f"{settings.PUBLIC_URL}/confidentialite"
    body = "\n".join(
        [
            "Bonjour,",
            "",
            "Votre compte Belvédère a été supprimé. Vos propositions restent publiées au nom",
            "d'« une ancienne participante ou un ancien participant ». Ce que la campagne garde",
            f"de votre participation au vote et pour combien de temps : {privacy}",
            "",
            "Hello,",
            "",
            "Your Belvédère account has been deleted. Your proposals stay, shown as by",
            "“a former participant”. What a campaign keeps of your participation in the vote,",
            f"and for how long: {privacy}",
            "",
            "— Belvédère, budget participatif",
        ]
    )
    send_mail(
        "Votre compte a été supprimé / Your account was deleted",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [email],
    )
    return True


# ---- retention -------------------------------------------------------------------------------


@transaction.atomic
def campaign_retention_apply(*, campaign: Campaign, now: datetime) -> dict[str, int] | None:
    """Apply the retention rule to one campaign if its time has come (None otherwise);
    idempotent. Declarations are deleted; participations lose their person; voter-roll entries
    lose their account, name and address, keep the year of birth only, and a key of their own
    (the one-holder-per-identity constraint needs one)."""
    end = retention_end(campaign)
    if end is None or now < end:
        return None
    declarations, _ = VoterDeclaration.objects.filter(campaign=campaign).delete()
    participations = Participation.objects.filter(
        campaign=campaign, person__isnull=False, voter__isnull=False
    ).update(person=None)
    entries = (
        VoterRollEntry.objects.filter(campaign=campaign)
        .filter(~Q(name_key__startswith=ANONYMISED_PREFIX) | Q(user__isnull=False))
        .update(
            user=None,
            full_name="",
            address="",
            name_key=Concat(Value(ANONYMISED_PREFIX), Cast("id", CharField())),
            birth_date=TruncYear("birth_date"),
        )
    )
    done = {
        "declarations_deleted": declarations,
        "participations_detached": participations,
        "roll_entries_anonymised": entries,
    }
    if any(done.values()):
        audit_record(
            actor=None,
            action="campaign.retention_apply",
            obj=campaign,
            campaign=campaign,
            after={**done, "retention_end": end},
            at=now,
        )
    return done


def retention_apply(*, now: datetime) -> dict[str, dict[str, int]]:
    """Apply the retention rule to every campaign whose time has come, and to the signatures of
    petitions closed or answered ``PERSONAL_DATA_RETENTION_MONTHS`` ago (their birth dates and
    network hashes cleared, ``petitions.signatures_retention_apply``). Returns what was done per
    campaign slug and per ``petition:<id>`` (only where something was)."""
    out = {}
    campaigns = Campaign.objects.filter(phases__phase=Phase.CLOSED, phases__start__lte=now)
    for campaign in campaigns.prefetch_related("phases").distinct():
        done = campaign_retention_apply(campaign=campaign, now=now)
        if done and any(done.values()):
            out[campaign.slug] = done
    ended_before = add_months(now, -settings.PERSONAL_DATA_RETENTION_MONTHS)
    due = petitions.retention_due(ended_before=ended_before).order_by("pk")
    for petition_id in due.values_list("pk", flat=True):
        done = petitions.signatures_retention_apply(petition_id=petition_id, now=now)
        if any(done.values()):
            out[f"petition:{petition_id}"] = done
    return out
