"""Following proposals and projects, and telling their followers what happened.

Every event becomes one Notification per follower (the person who caused it excepted), written
in the caller's transaction; the mails of those who want them at once are queued after it
commits, one Celery task per mail (``notifications.mail`` sends each once). Those who chose the
daily digest get it from a periodic task; those who chose never get none.

Callers: the moderation, review and projects services (above in the layers) call these
functions; events from apps that notifications may not import (comments, delivery, the vote
opening) arrive as signals (``notifications.receivers``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from accounts import roles
from core.errors import ApplicationError, NotAllowed
from proposals.models import Proposal

from .models import Digest, Follow, Notification, Preference

if TYPE_CHECKING:  # projects and petitions sit above notifications: types only
    from petitions.models import Petition
    from projects.models import Project

Event = Notification.Event
TITLE_MAX = 200
REASON_MAX = 2000


# --- following -------------------------------------------------------------------------------


def _target(
    proposal: Proposal | None, project: Project | None, petition: Petition | None = None
) -> tuple[dict[str, Any], Any]:
    given = [
        (k, v)
        for k, v in (("proposal", proposal), ("project", project), ("petition", petition))
        if v is not None
    ]
    if len(given) != 1:
        raise ApplicationError("Follow either a proposal, a project or a petition.", field="target")
    name, target = given[0]
    return {name: target}, target


@transaction.atomic
def follow_add(
    *,
    user: Any,
    proposal: Proposal | None = None,
    project: Project | None = None,
    petition: Petition | None = None,
) -> Follow:
    """Follow a proposal, a project or a petition (idempotent: following twice keeps one row)."""
    if not roles.is_authenticated(user):
        raise NotAllowed("Sign in to follow a proposal, a project or a petition.")
    target, _ = _target(proposal, project, petition)
    follow, _ = Follow.objects.get_or_create(user=user, **target)
    return follow


@transaction.atomic
def follow_remove(
    *,
    user: Any,
    proposal: Proposal | None = None,
    project: Project | None = None,
    petition: Petition | None = None,
) -> bool:
    """Stop following (authors too); whether there was a follow to remove."""
    target, _ = _target(proposal, project, petition)
    deleted, _ = Follow.objects.filter(user=user, **target).delete()
    return deleted > 0


def follow_author(*, proposal: Proposal) -> None:
    """The author of a new proposal follows it (nothing for imported ones, without author)."""
    if proposal.author_id is not None:
        Follow.objects.get_or_create(user_id=proposal.author_id, proposal=proposal)


def follows_extend_to_project(*, proposal_ids: Iterable[int], project: Project) -> int:
    """Whoever follows proposals that become part of a project follows the project too (to
    hear of the vote, the results and the delivery). How many follows were added."""
    users = set(
        Follow.objects.filter(proposal_id__in=list(proposal_ids)).values_list("user_id", flat=True)
    )
    existing = set(
        Follow.objects.filter(project=project, user_id__in=users).values_list("user_id", flat=True)
    )
    rows = [Follow(user_id=u, project=project) for u in sorted(users - existing)]
    Follow.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- preferences -----------------------------------------------------------------------------


def preference_of(user: Any) -> str:
    row = Preference.objects.filter(user_id=user.pk).values_list("digest", flat=True).first()
    return row or Digest.IMMEDIATE


@transaction.atomic
def preference_set(*, user: Any, digest: str) -> Preference:
    """Choose how mails come: ``immediate``, ``daily`` (one digest a day) or ``never``.
    Notifications waiting for a digest that is now ``never`` are not mailed."""
    if digest not in Digest.values:
        raise ApplicationError(
            f"Choose one of: {', '.join(Digest.values)}.", code="invalid_choice", field="digest"
        )
    preference, _ = Preference.objects.update_or_create(
        user_id=user.pk, defaults={"digest": digest}
    )
    return preference


# --- telling followers -----------------------------------------------------------------------


@dataclass(frozen=True)
class About:
    """What a notification is about (one of proposal, project, campaign and area)."""

    title: str
    proposal_id: int | None = None
    project_id: int | None = None
    petition_id: int | None = None
    campaign_id: int | None = None
    area_id: int | None = None


def _followers(*, proposal_id: int | None = None, project_id: int | None = None) -> set[int]:
    rows = (
        Follow.objects.filter(proposal_id=proposal_id)
        if proposal_id is not None
        else Follow.objects.filter(project_id=project_id or 0)
    )
    return set(rows.values_list("user_id", flat=True))


def notify(
    *,
    user_ids: Iterable[int],
    event: str,
    about: About,
    reason: str = "",
    key: str = "",
    exclude: Iterable[int | None] = (),
) -> list[Notification]:
    """One notification per person (but those excluded, e.g. who caused it), with each one's
    mail mode; with a ``key``, a person already told of it is not told again. The immediate
    mails are queued once the transaction commits."""
    users = set(user_ids) - set(exclude)
    if not users:
        return []
    if key:
        users -= set(
            Notification.objects.filter(key=key, user_id__in=users).values_list(
                "user_id", flat=True
            )
        )
    modes = dict(Preference.objects.filter(user_id__in=users).values_list("user_id", "digest"))
    rows = [
        Notification(
            user_id=user_id,
            event=event,
            proposal_id=about.proposal_id,
            project_id=about.project_id,
            petition_id=about.petition_id,
            campaign_id=about.campaign_id,
            area_id=about.area_id,
            title=about.title[:TITLE_MAX],
            reason=reason.strip()[:REASON_MAX],
            key=key,
            mail=modes.get(user_id, Digest.IMMEDIATE),
        )
        for user_id in sorted(users)
    ]
    created = Notification.objects.bulk_create(rows, batch_size=2000)
    immediate = [n.pk for n in created if n.mail == Digest.IMMEDIATE]
    if immediate:
        from .tasks import notification_send_task

        def queue() -> None:
            for pk in immediate:
                notification_send_task.delay(pk)

        transaction.on_commit(queue)
    return created


def proposal_notify_followers(
    *, proposal: Proposal, event: str, reason: str = "", actor: Any = None
) -> list[Notification]:
    """An answer, a decision, a hiding, a restoring or a merge: every follower of the proposal
    is told (its author follows it), with the public words that came with it."""
    return notify(
        user_ids=_followers(proposal_id=proposal.pk),
        event=event,
        about=About(
            title=proposal.title, proposal_id=proposal.pk, campaign_id=proposal.campaign_id
        ),
        reason=reason,
        exclude=[getattr(actor, "pk", None)],
    )


def project_notify_followers(
    *, project: Project, event: str, reason: str = "", key: str = "", actor: Any = None
) -> list[Notification]:
    """Something happened to a project (a comment, the results, its delivery): its followers
    are told."""
    return notify(
        user_ids=_followers(project_id=project.pk),
        event=event,
        about=About(title=project.title, project_id=project.pk, campaign_id=project.campaign_id),
        reason=reason,
        key=key,
        exclude=[getattr(actor, "pk", None)],
    )


def petition_followers(*, petition_id: int) -> set[int]:
    return set(Follow.objects.filter(petition_id=petition_id).values_list("user_id", flat=True))


def petition_notify(
    *,
    petition: Petition,
    event: str,
    user_ids: Iterable[int] | None = None,
    reason: str = "",
    key: str = "",
    actor: Any = None,
) -> list[Notification]:
    """Something happened to a petition: its followers are told (or ``user_ids``: e.g. its
    signers, the officials of the authority addressed), the one who caused it excepted."""
    users = petition_followers(petition_id=petition.pk) if user_ids is None else set(user_ids)
    return notify(
        user_ids=users,
        event=event,
        about=About(title=petition.title, petition_id=petition.pk),
        reason=reason,
        key=key,
        exclude=[getattr(actor, "pk", None)],
    )


def comment_notify_followers(*, comment: Any, target: Any, author: Any) -> list[Notification]:
    """A comment on a proposal or a project: its followers are told, not its author."""
    text = str(getattr(comment, "body", None) or getattr(comment, "text", "") or "")
    excerpt = text if len(text) <= 280 else text[:279] + "…"
    key = f"comment:{comment.pk}" if getattr(comment, "pk", None) else ""
    label = target._meta.label_lower
    if label == "proposals.proposal":
        about = About(title=target.title, proposal_id=target.pk, campaign_id=target.campaign_id)
        users = _followers(proposal_id=target.pk)
    elif label == "projects.project":
        about = About(title=target.title, project_id=target.pk, campaign_id=target.campaign_id)
        users = _followers(project_id=target.pk)
    else:
        return []
    return notify(
        user_ids=users,
        event=Event.COMMENT,
        about=about,
        reason=excerpt,
        key=key,
        exclude=[getattr(author, "pk", None)],
    )


def results_notify_followers(
    *, campaign_id: int, rows: Iterable[Mapping[str, Any]]
) -> list[Notification]:
    """The published results of an area: the followers of each of its projects are told
    whether it won (once per project and campaign, even when an area is counted again)."""
    rows = [row for row in rows if row.get("project") is not None]
    followers: dict[int, set[int]] = {}
    for user_id, project_id in Follow.objects.filter(
        project_id__in=[row["project"] for row in rows]
    ).values_list("user_id", "project_id"):
        followers.setdefault(project_id, set()).add(user_id)
    created: list[Notification] = []
    for row in rows:
        project_id = row["project"]
        if project_id not in followers:
            continue
        selected = bool(row.get("selected"))
        reason = (
            "Projet lauréat : il sera réalisé. / Winning project: it will be carried out."
            if selected
            else "Projet non retenu par le vote. / Not selected by the vote."
        )
        created += notify(
            user_ids=followers[project_id],
            event=Event.RESULTS,
            about=About(
                title=str(row.get("title", "")), project_id=project_id, campaign_id=campaign_id
            ),
            reason=reason,
            key=f"results:{campaign_id}:{project_id}",
        )
    return created


def campaign_notify_vote_open(
    *, campaign: Any, audience: Mapping[int, Iterable[int]]
) -> list[Notification]:
    """Voting has opened: each person in ``audience`` (area id → user ids) is told that they
    can vote in that area's ballot (once per campaign and area)."""
    areas = {a.pk: a for a in campaign.areas.all()}
    created: list[Notification] = []
    for area_id, users in sorted(audience.items()):
        area = areas.get(area_id)
        if area is None:
            continue
        created += notify(
            user_ids=users,
            event=Event.VOTE_OPEN,
            about=About(
                title=f"{campaign.name} — {area.name}", campaign_id=campaign.pk, area_id=area_id
            ),
            key=f"vote_open:{campaign.pk}:{area_id}",
        )
    return created


def follower_audience(*, campaign: Any) -> dict[int, set[int]]:
    """Who follows something in each area of a campaign: a proposal or a project of that area
    (area id → user ids). The vote opening is told to them and to the declared voters."""
    audience: dict[int, set[int]] = {}
    follows = Follow.objects.filter(
        Q(proposal__campaign=campaign) | Q(project__campaign=campaign)
    ).values_list("user_id", "proposal__area_id", "project__area_id")
    for user_id, proposal_area, project_area in follows:
        area_id = proposal_area or project_area
        if area_id is not None:
            audience.setdefault(area_id, set()).add(user_id)
    return audience


# --- reading ---------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, now: datetime) -> Notification:
    """Mark a notification read (read again: unchanged). The view finds it among the person's
    own (``selectors.notification_list``): anyone else's is a 404."""
    if notification.read_at is None:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: Any, now: datetime) -> int:
    """Mark all of one's notifications read; how many were unread."""
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=now)
