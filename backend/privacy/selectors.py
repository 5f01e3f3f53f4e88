"""Reads for a person's own data: everything the site holds about them, as plain JSON.

Each section is written out field by field (never ``values()`` of a whole row): a row about the
person may hold what is not theirs to read (an official's private notes on their proposal, the
official who reviewed their declaration) or what must never be linked to them (a participation's
ballot seal). Ballots are not there: they are anonymous, and the site cannot find a person's.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet

from accounts import roles
from accounts.models import User
from moderation.models import Report
from notifications.models import Notification
from petitions.models import Petition, Signature
from proposals.models import Proposal
from voting.models import Participation, VoterDeclaration, VoterRollEntry

FORMAT_VERSION = 1


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _fields(obj: Model, names: list[str]) -> dict[str, Any]:
    """The named attributes of ``obj`` that exist (models other helpers are still growing),
    dates as ISO text."""
    return {name: _iso(getattr(obj, name)) for name in names if hasattr(obj, name)}


def _account(user: User) -> dict[str, Any]:
    role = "administrator" if roles.is_administrator(user) else str(user.role)
    return {
        **_fields(
            user,
            ["id", "email", "display_name", "date_joined", "last_login", "email_verified_at"],
        ),
        "role": role,
        "areas": sorted(user.areas.values_list("code", flat=True)),
        "is_staff": user.is_staff,
    }


def _declarations(user: User) -> list[dict[str, Any]]:
    rows = VoterDeclaration.objects.filter(person=user).select_related(
        "campaign", "home_district", "heart_area"
    )
    return [
        {
            "campaign": d.campaign.slug,
            **_fields(
                d,
                [
                    "full_name",
                    "birth_date",
                    "address",
                    "address_label",
                    "status",
                    "review_reason",
                    "created_at",
                    "updated_at",
                ],
            ),
            "home_point": [d.home_point.x, d.home_point.y],
            "home_district": d.home_district.name,
            "heart_area": d.heart_area.code if d.heart_area else None,
        }
        for d in rows.order_by("created_at", "pk")
    ]


def _voter_roll(user: User) -> list[dict[str, Any]]:
    rows = VoterRollEntry.objects.filter(user=user).select_related("campaign", "heart_area")
    return [
        {
            "campaign": e.campaign.slug,
            **_fields(e, ["full_name", "birth_date", "address", "standing", "created_at"]),
        }
        for e in rows.order_by("created_at", "pk")
    ]


def _participations(user: User) -> list[dict[str, Any]]:
    """Where and when the person voted; never what (the seal is left out)."""
    rows = Participation.objects.filter(person=user).select_related("campaign", "area")
    return [
        {
            "campaign": p.campaign.slug,
            "area": p.area.code,
            "area_kind": p.area_kind,
            "channel": p.channel,
            "voted_on": p.voted_on.isoformat(),
        }
        for p in rows.order_by("voted_on", "campaign__slug", "area_kind")
    ]


def _proposals(user: User) -> list[dict[str, Any]]:
    rows = Proposal.objects.filter(author=user).select_related("campaign", "theme", "area")
    out = []
    for p in rows.order_by("created_at", "pk"):
        out.append(
            {
                **_fields(
                    p,
                    [
                        "id",
                        "title",
                        "description",
                        "scope",
                        "status",
                        "address",
                        "is_hidden",
                        "hidden_reason",
                        "estimated_cost",
                        "public_answer",
                        "created_at",
                        "updated_at",
                    ],
                ),
                "campaign": p.campaign.slug,
                "theme": p.theme.slug,
                "area": p.area.code if p.area else None,
                "location": [p.location.x, p.location.y] if p.location else None,
            }
        )
    return out


def _reports(user: User) -> list[dict[str, Any]]:
    rows = Report.objects.filter(reporter=user).select_related("proposal")
    return [
        {
            "proposal": r.proposal_id,
            "proposal_title": r.proposal.title if r.proposal is not None else None,
            **_fields(r, ["comment_id", "reason", "text", "created_at", "handled_at", "outcome"]),
        }
        for r in rows.order_by("created_at", "pk")
    ]


def _notifications(user: User) -> list[dict[str, Any]]:
    rows = Notification.objects.filter(user=user).select_related("proposal")
    return [
        {
            **_fields(n, ["event", "title", "reason", "created_at", "read_at", "sent_at"]),
            **_fields(n, ["project_id", "campaign_id"]),
            "proposal": n.proposal_id,
        }
        for n in rows.order_by("created_at", "pk")
    ]


def _petitions(user: User) -> list[dict[str, Any]]:
    """The petitions the person filed, with what was decided in public (not who decided)."""
    rows = Petition.objects.filter(author=user).select_related("process", "theme", "area")
    return [
        {
            **_fields(
                p,
                [
                    "id",
                    "title",
                    "text",
                    "status",
                    "address",
                    "signature_count",
                    "threshold",
                    "decision",
                    "reason_code",
                    "reason_text",
                    "answer_text",
                    "answered_at",
                    "created_at",
                    "published_at",
                    "signing_ends_at",
                    "closed_at",
                    "proposal_id",
                ],
            ),
            "process": p.process.slug,
            "theme": p.theme.slug,
            "authority": p.area.code if p.area else "city",
            "location": [p.location.x, p.location.y] if p.location else None,
        }
        for p in rows.order_by("created_at", "pk")
    ]


def _petition_signatures(user: User) -> list[dict[str, Any]]:
    """The person's signatures with the eligibility they declared; not the network hash (a keyed
    hash that tells them nothing) nor the official who checked a held one."""
    rows = Signature.objects.filter(user=user).select_related("petition", "area")
    return [
        {
            "petition": s.petition_id,
            "petition_title": s.petition.title,
            **_fields(s, ["created_at", "status", "held_reason", "show_name", "checked_at"]),
            "area": s.area.code,
            "birth_date": _iso(s.birth_date),
        }
        for s in rows.order_by("created_at", "pk")
    ]


def _optional(app_model: str, **filters: Any) -> QuerySet | None:
    """The rows of a model of an app that may not be installed (yet)."""
    try:
        model = apps.get_model(app_model)
    except (LookupError, ValueError):
        return None
    return model._default_manager.filter(**filters)


def _conversations(user: User) -> dict[str, list[dict[str, Any]]]:
    """Comments, supports and follows, where those apps have them."""
    out: dict[str, list[dict[str, Any]]] = {}
    comments = _optional("conversations.Comment", author=user)
    if comments is not None:
        out["comments"] = [
            {
                **_fields(c, ["id", "proposal_id", "project_id", "text", "created_at"]),
                **_fields(c, ["edited_at", "deleted_at", "is_hidden", "hidden_reason"]),
            }
            for c in comments.order_by("created_at", "pk")
        ]
    supports = _optional("conversations.Support", user=user)
    if supports is not None:
        out["supports"] = [
            _fields(s, ["proposal_id", "created_at"]) for s in supports.order_by("pk")
        ]
    preferences = _optional("notifications.Preference", user=user)
    if preferences is not None:
        out["notification_preferences"] = [
            _fields(p, ["digest", "updated_at"]) for p in preferences
        ]
    follows = _optional("notifications.Follow", user=user)
    if follows is not None:
        out["follows"] = [
            _fields(f, ["proposal_id", "project_id", "created_at"]) for f in follows.order_by("pk")
        ]
    return out


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything the site holds about ``user``, their own rows only."""
    return {
        "format": "belvedere-personal-data",
        "version": FORMAT_VERSION,
        "account": _account(user),
        "voter_declarations": _declarations(user),
        "voter_roll": _voter_roll(user),
        "participations": _participations(user),
        "proposals": _proposals(user),
        "petitions": _petitions(user),
        "petition_signatures": _petition_signatures(user),
        "reports": _reports(user),
        "notifications": _notifications(user),
        **_conversations(user),
        "ballots": "Ballots are anonymous: the site holds none linked to you.",
    }
