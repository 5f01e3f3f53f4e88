"""Voters for the vote-day load test (``make bench-vote``, docs/scaling.md "Vote day"): accounts
with a confirmed email address, an API token, a declaration for the campaign (checked, with an
arrondissement de cœur spread over the campaign's arrondissements like Paris's population is,
roughly: evenly) and their voter-roll entry, as ``declaration_submit`` leaves them.

Written in bulk (``bulk_create`` in batches), idempotent: the voters are numbered
(``bench-voter-<n>@bench.invalid``), those already there are kept with their token, the missing
ones are added. Also a pool of people for pgbench's copy of the cast (``pgbench_pool``): accounts
and roll entries only, numbered apart, so pgbench's inserts meet the same constraints and
foreign keys as a cast."""

from __future__ import annotations

import binascii
import os
from dataclasses import dataclass
from datetime import date

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from campaigns.models import Campaign
from geo.models import Area
from voting import paper
from voting.models import VoterDeclaration, VoterRollEntry

VOTER_EMAIL = "bench-voter-{n}@bench.invalid"
POOL_EMAIL = "bench-pgbench-{n}@bench.invalid"
BATCH = 2000


@dataclass(frozen=True)
class BenchVoter:
    n: int
    user_id: int
    token: str
    heart_area: str  # the arrondissement area's code


def _district_point(area: Area) -> tuple[Point, int]:
    district = area.districts.order_by("code").first()
    assert district is not None, f"{area.code} has no district"
    return district.geometry.point_on_surface, district.pk


def _accounts(emails: list[str]) -> dict[str, int]:
    """The accounts of ``emails``, created when missing (a confirmed address, no password)."""
    have = dict(User.objects.filter(email__in=emails).values_list("email", "id"))
    now = timezone.now()
    missing = [e for e in emails if e not in have]
    for start in range(0, len(missing), BATCH):
        users = []
        for email in missing[start : start + BATCH]:
            user = User(email=email, display_name="", email_verified_at=now)
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(users, batch_size=BATCH)
    if missing:
        have = dict(User.objects.filter(email__in=emails).values_list("email", "id"))
    return have


def _name(n: int, kind: str) -> str:
    return f"Votant {kind} {n:07d}"


@transaction.atomic
def bench_voters_load(*, campaign: Campaign, count: int) -> list[BenchVoter]:
    """``count`` declared, checked voters of ``campaign`` with API tokens (see the module)."""
    hearts = sorted(
        (a for a in campaign.areas.all() if a.kind == Area.Kind.ARRONDISSEMENTS),
        key=lambda a: a.code,
    )
    assert hearts, f"{campaign.slug} has no arrondissement ballot"
    places = {a.pk: _district_point(a) for a in hearts}
    emails = [VOTER_EMAIL.format(n=n) for n in range(count)]
    ids = _accounts(emails)
    user_ids = [ids[e] for e in emails]
    tokens = dict(Token.objects.filter(user_id__in=user_ids).values_list("user_id", "key"))
    new_tokens = [
        Token(user_id=uid, key=binascii.hexlify(os.urandom(20)).decode())
        for uid in user_ids
        if uid not in tokens
    ]
    Token.objects.bulk_create(new_tokens, batch_size=BATCH)
    tokens.update({t.user_id: t.key for t in new_tokens})
    declared = set(
        VoterDeclaration.objects.filter(campaign=campaign, person_id__in=user_ids).values_list(
            "person_id", flat=True
        )
    )
    on_roll = set(
        VoterRollEntry.objects.filter(campaign=campaign, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    birth = date(1980, 1, 1)
    declarations, entries = [], []
    for n, uid in enumerate(user_ids):
        heart = hearts[n % len(hearts)]
        point, district = places[heart.pk]
        full_name = _name(n, "en ligne")
        address = f"{n} rue du Banc d'essai"
        if uid not in declared:
            declarations.append(
                VoterDeclaration(
                    person_id=uid,
                    campaign=campaign,
                    full_name=full_name,
                    birth_date=birth,
                    address=address,
                    address_label=address + ", Paris",
                    home_point=point,
                    home_district_id=district,
                    heart_area=heart,
                    status=VoterDeclaration.Status.CHECKED,
                )
            )
        if uid not in on_roll:
            entries.append(
                VoterRollEntry(
                    campaign=campaign,
                    user_id=uid,
                    full_name=full_name,
                    name_key=paper.name_key(full_name),
                    birth_date=birth,
                    address=address,
                )
            )
    VoterDeclaration.objects.bulk_create(declarations, batch_size=BATCH)
    VoterRollEntry.objects.bulk_create(entries, batch_size=BATCH)
    return [
        BenchVoter(n=n, user_id=uid, token=tokens[uid], heart_area=hearts[n % len(hearts)].code)
        for n, uid in enumerate(user_ids)
    ]


@transaction.atomic
def pgbench_pool_load(*, campaign: Campaign, count: int) -> list[tuple[int, int]]:
    """``count`` people (account and roll entry) for pgbench's copy of the cast: ``(user id,
    roll entry id)`` in order."""
    emails = [POOL_EMAIL.format(n=n) for n in range(count)]
    ids = _accounts(emails)
    user_ids = [ids[e] for e in emails]
    entries = dict(
        VoterRollEntry.objects.filter(campaign=campaign, user_id__in=user_ids).values_list(
            "user_id", "id"
        )
    )
    birth = date(1980, 1, 1)
    VoterRollEntry.objects.bulk_create(
        [
            VoterRollEntry(
                campaign=campaign,
                user_id=uid,
                full_name=_name(n, "pgbench"),
                name_key=paper.name_key(_name(n, "pgbench")),
                birth_date=birth,
            )
            for n, uid in enumerate(user_ids)
            if uid not in entries
        ],
        batch_size=BATCH,
    )
    entries = dict(
        VoterRollEntry.objects.filter(campaign=campaign, user_id__in=user_ids).values_list(
            "user_id", "id"
        )
    )
    return [(uid, entries[uid]) for uid in user_ids]
