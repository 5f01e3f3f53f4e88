"""The voters of a generated campaign (``demo.scale``): their accounts (shared by every
generated campaign: voter ``i`` is the same person in all of them), declarations (full name,
birth date, home address at a BAN address drawn by population, arrondissement de cœur),
voter-roll entries, and their participations with the sealed ballots, as ``voting.services``
writes them while the vote is open: the seal of the receipt hash on the participation, the
choices encrypted with the ballot key in the box."""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection
from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign
from voting.models import Participation, SealedBallot, VoterDeclaration, VoterRollEntry
from voting.paper import name_key
from voting.receipts import ALPHABET, box_seal, receipt_hash, seal

from .bulk import Progress, Rates, copy_rows
from .scale import EMAIL, Geography, Places, ScaleSpec
from .scale_ballots import AreaTaste

BATCH = 20_000
D = VoterDeclaration.Status
_FIRST = (
    "Adèle Agnès Alice Amadou Amina Anaïs Antoine Arthur Aurélien Aya Baptiste Bérénice Camille "
    "Céline Chloé Clément Denise Dylan Élodie Émile Emma Éric Fatou Florian François Gabriel "
    "Hélène Hugo Inès Jade Jeanne Joséphine Julien Karim Léa Léon Louis Louise Lucas Malik "
    "Manon Marc Margaux Mathilde Maël Mehdi Myriam Nathan Noémie Océane Paul Pierre Quentin "
    "Raphaël Rose Salomé Samir Sarah Simone Sofiane Théo Thomas Valentin Yasmine Yann Zoé"
)
_LAST = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèbvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre "
    "Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc "
    "Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez "
    "Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly "
    "Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Perez Marchand Dufour Blanchard "
    "Marie Barbier Brun Dumas Brunet Schmitt Leroux Colin Fernandez Pierre Renard Arnaud "
    "Rolland Caron Aubert Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard "
    "Philippe Leclercq Lacroix Fabre Dupuis Olivier Rodriguez Da-Silva Hubert Louis Charles "
    "Guillot Rivière Le-Gall Guillaume Adam Rey Moulin Gonzalez Berger Lecomte Ménard Fleury "
    "Deschamps Carpentier Julien Benoît Paris Maillard Marchal Aubry Vasseur Le-Roux Renault "
    "Diallo Traoré Benali Haddad Cohen Lévy Ferreira Pereira Kone Camara"
)
FIRST, LAST = _FIRST.split(), _LAST.split()
REFUSAL = "Adresse de résidence non confirmée par les pièces fournies."
MAX_AGE, MIN_AGE = 95, 7


def _users(spec: ScaleSpec, now: datetime) -> list[int]:
    """The accounts of voters 0 … n−1, made when missing (COPY); their ids in that order."""
    prefix = EMAIL.split("{")[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, email FROM accounts_user WHERE email LIKE %s", [prefix + "%"])
        known = {email: pk for pk, email in cursor.fetchall()}
    missing = [i for i in range(spec.voters) if EMAIL.format(i) not in known]
    columns = (
        "password", "is_superuser", "first_name", "last_name", "is_staff", "is_active",
        "date_joined", "email", "display_name", "role", "email_verified_at",
    )  # fmt: skip
    rows = (
        ("!", False, "", "", False, True, now, EMAIL.format(i), "", User.Role.RESIDENT, now)
        for i in missing
    )
    if missing:
        copy_rows(User, columns, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, email FROM accounts_user WHERE email LIKE %s", [prefix + "%"]
            )
            known = {email: pk for pk, email in cursor.fetchall()}
    return [known[EMAIL.format(i)] for i in range(spec.voters)]


def _names(rng: np.random.Generator, n: int, voting_start: date) -> tuple[list[str], list[date]]:
    """Full names and birth dates, each (name, birth date) once (the voter roll holds one entry
    per identity); ages from 7, mostly adults."""
    first = rng.integers(len(FIRST), size=n)
    last = rng.integers(len(LAST), size=n)
    ages = np.clip(rng.normal(44, 17, size=n), MIN_AGE + 0.1, MAX_AGE)
    offsets = (ages * 365.25).astype(int)
    names, births, taken = [], [], set()
    for k in range(n):
        name = f"{FIRST[first[k]]} {LAST[last[k]].replace('-', ' ')}"
        offset = int(offsets[k])
        while (name, offset) in taken:
            offset += 1
        taken.add((name, offset))
        names.append(name)
        births.append(voting_start - timedelta(days=offset))
    return names, births


def _receipts(rng: np.random.Generator, n: int) -> list[str]:
    digits = rng.integers(len(ALPHABET), size=(n, 16))
    out = []
    for row in digits.tolist():
        raw = "".join(ALPHABET[d] for d in row)
        out.append(receipt_hash(f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:]}"))
    return out


def people_write(
    spec: ScaleSpec,
    campaign: Campaign,
    places: Places,
    geography: Geography,
    *,
    voting_start: datetime,
    now: datetime,
    rates: Rates,
    out: Any = None,
) -> dict[str, int]:
    started = time.perf_counter()
    users = _users(spec, now)
    rates.add("accounts_user (voters)", len(users), time.perf_counter() - started)
    rng = spec.rng(4)
    n = spec.voters
    home = places.draw(rng, n)
    own = np.array([geography.area_of[a] for a in places.arrondissement[home]], dtype=np.int64)
    weights = geography.population / geography.population.sum()
    other = rng.choice(len(geography.areas), size=n, p=weights)
    heart = np.where(rng.random(n) < 0.9, own, other)
    fate = rng.random(n)
    status = np.where(
        fate < spec.refused_share,
        D.REFUSED,
        np.where(fate < spec.refused_share + spec.pending_share, D.PENDING, D.CHECKED),
    )
    names, births = _names(rng, n, voting_start.date())
    declared = [voting_start - timedelta(days=float(d)) for d in rng.random(n) * 40]
    keys: dict[str, str] = {}
    area_ids = [a.pk for a in geography.areas]

    def declarations() -> int:
        progress, written = Progress("declarations", n, out), 0
        columns = (
            "person_id", "campaign_id", "full_name", "birth_date", "address", "address_label",
            "home_point", "home_district_id", "heart_area_id", "status", "review_reason",
            "reviewed_at", "created_at", "updated_at",
        )  # fmt: skip
        for start in range(0, n, BATCH):
            rows = []
            for v in range(start, min(start + BATCH, n)):
                i, s = int(home[v]), str(status[v])
                reviewed = declared[v] + timedelta(days=3) if s != D.PENDING else None
                rows.append(
                    (
                        users[v], campaign.pk, names[v], births[v], places.labels[i],
                        places.labels[i], places.ewkt(i),
                        geography.district_of[int(places.arrondissement[i])],
                        area_ids[int(heart[v])], s, REFUSAL if s == D.REFUSED else "",
                        reviewed, declared[v], reviewed or declared[v],
                    )
                )  # fmt: skip
            written += copy_rows(VoterDeclaration, columns, rows)
            progress.advance(len(rows))
        progress.close()
        return written

    def roll() -> int:
        progress, written = Progress("voter roll", n, out), 0
        columns = (
            "campaign_id", "user_id", "full_name", "name_key", "birth_date", "address",
            "standing", "created_at",
        )  # fmt: skip
        for start in range(0, n, BATCH):
            rows = []
            for v in range(start, min(start + BATCH, n)):
                key = keys.get(names[v]) or keys.setdefault(names[v], name_key(names[v]))
                rows.append(
                    (
                        campaign.pk, users[v], names[v], key, births[v],
                        places.labels[int(home[v])], VoterRollEntry.Standing.HOLDER, declared[v],
                    )
                )  # fmt: skip
            written += copy_rows(VoterRollEntry, columns, rows)
            progress.advance(len(rows))
        progress.close()
        return written

    counts = {}
    for table, write in (
        ("voting_voterdeclaration", declarations),
        ("voting_voterrollentry", roll),
    ):
        began = time.perf_counter()
        counts[table] = write()
        rates.add(table, counts[table], time.perf_counter() - began)
    entries = dict(
        VoterRollEntry.objects.filter(campaign=campaign).values_list("user_id", "id").iterator()
    )
    voters = [entries[u] for u in users]
    counts.update(
        _ballots_write(spec, campaign, geography, users, voters, heart, rates=rates, out=out)
    )
    return counts


def _ballots_write(
    spec: ScaleSpec,
    campaign: Campaign,
    geography: Geography,
    users: list[int],
    voters: list[int],
    heart: np.ndarray,
    *,
    rates: Rates,
    out: Any,
) -> dict[str, int]:
    """Participations and sealed ballots, voter by voter: the arrondissement ballot, and the
    city-wide one for ``city_share`` of them; each batch committed on its own."""
    rng = spec.rng(5)
    areas = [geography.city, *geography.areas]
    pids: dict[int, list[int]] = {a.pk: [] for a in areas}
    for pk, area_id in campaign.projects.values_list("id", "area_id"):
        pids[area_id].append(pk)
    tastes = {a.pk: AreaTaste.draw(rng, pids[a.pk]) for a in areas}
    n = spec.voters
    city = rng.random(n) < spec.city_share
    start_day = timezone.localdate(campaign.phases.get(phase="voting").start)
    days = (spec.rng(6).random(n) ** 0.7 * 21).astype(int)  # more towards the last days
    rule = campaign.voting_rule
    progress = Progress("ballots", n, out)
    written = {"voting_participation": 0, "voting_sealedballot": 0}
    p_columns = (
        "id", "person_id", "voter_id", "campaign_id", "area_id", "area_kind", "channel",
        "voted_on", "ballot_seal",
    )  # fmt: skip
    s_columns = ("id", "campaign_id", "area_id", "rule", "sealed", "receipt_hash", "cast_on")
    for start in range(0, n, BATCH):
        stop = min(start + BATCH, n)
        began = time.perf_counter()
        ballots: list[tuple[int, int]] = []  # (voter, area id)
        for v in range(start, stop):
            ballots.append((v, geography.areas[int(heart[v])].pk))
            if city[v]:
                ballots.append((v, geography.city.pk))
        contents: list[dict[str, Any] | None] = [None] * len(ballots)
        for area in areas:
            slots = [k for k, (_, a) in enumerate(ballots) if a == area.pk]
            if not slots:
                continue
            taste = tastes[area.pk]
            made = (
                taste.approved(rng, len(slots), campaign.approval_max or 4)
                if rule == Campaign.VotingRule.APPROVAL
                else taste.graded(rng, len(slots))
            )
            for k, content in zip(slots, made, strict=True):
                contents[k] = content
        hashes = _receipts(rng, len(ballots))
        participations, sealed = [], []
        for (v, area_id), content, rh in zip(ballots, contents, hashes, strict=True):
            day = start_day + timedelta(days=int(days[v]))
            kind = "city" if area_id == geography.city.pk else "arrondissements"
            participations.append(
                (uuid.UUID(bytes=rng.bytes(16), version=4), users[v], voters[v], campaign.pk,
                 area_id, kind, Participation.Channel.ONLINE, day, seal(rh))
            )  # fmt: skip
            assert content is not None
            sealed.append(
                (uuid.UUID(bytes=rng.bytes(16), version=4), campaign.pk, area_id, rule,
                 box_seal(content), rh, day)
            )  # fmt: skip
        made_s = time.perf_counter() - began
        for table, model, columns, rows in (
            ("voting_participation", Participation, p_columns, participations),
            ("voting_sealedballot", SealedBallot, s_columns, sealed),
        ):
            began = time.perf_counter()
            written[table] += copy_rows(model, columns, rows)
            # The ballots' making (contents, receipts, seals) is counted with the sealed ballots.
            rates.add(
                table,
                len(rows),
                time.perf_counter() - began + (made_s if model is SealedBallot else 0),
            )
        progress.advance(stop - start)
    progress.close()
    return written
