"""The demo's petitions (``manage.py load_demo_petitions``, run by ``make run``): the process
« Pétitions de Paris » and a few petitions in each status, with signatures by demo accounts
spread over the arrondissements, so the list, the map, the threshold bars and the officials'
queue have something to show. Idempotent: a second run changes nothing.

Signatures are written as rows (the counts by arrondissement are computed from them) by
accounts ``petition-signer-NNNN@belvedere.invalid`` that cannot sign in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import Point
from django.db import transaction

from accounts.models import User
from campaigns.models import Theme
from geo.models import Area
from petitions.models import Petition, Process, Signature

PROCESS_SLUG = "petitions-de-paris"
AUTHOR_EMAIL = "petition-author@belvedere.invalid"
SIGNER_EMAIL = "petition-signer-{:04d}@belvedere.invalid"

S = Petition.Status


@dataclass(frozen=True)
class DemoPetition:
    title: str
    text: str
    area: str | None  # None: the city
    theme: str
    point: tuple[float, float] | None
    status: str
    signatures: int
    held: int = 0
    age_days: int = 20  # published this many days ago
    answer: str = ""
    reason_code: str = ""
    reason_text: str = ""


PETITIONS = [
    DemoPetition(
        "Des fontaines à boire dans chaque square",
        "Installer une fontaine d'eau potable dans chaque square de Paris qui n'en a pas, pour "
        "les étés de plus en plus chauds.",
        None,
        "environnement",
        (2.3488, 48.8534),
        S.OPEN,
        320,
        held=12,
    ),
    DemoPetition(
        "Rouvrir les bains-douches de la rue de Buffon",
        "Les bains-douches municipaux de la rue de Buffon sont fermés depuis deux ans : nous "
        "demandons leur réouverture, avec des horaires élargis.",
        "paris-05",
        "solidarites",
        (2.3595, 48.8425),
        S.OPEN,
        140,
        held=4,
    ),
    DemoPetition(
        "Une piste cyclable protégée boulevard Voltaire",
        "Séparer physiquement la piste cyclable du boulevard Voltaire de la circulation, de la "
        "place de la République à la place de la Nation.",
        "paris-11",
        "mobilites",
        (2.3790, 48.8600),
        S.THRESHOLD_REACHED,
        1050,
        age_days=40,
    ),
    DemoPetition(
        "Sauver le jardin partagé de la rue des Couronnes",
        "Le jardin partagé de la rue des Couronnes doit laisser place à un parking : nous "
        "demandons qu'il soit préservé et agrandi.",
        "paris-20",
        "cadre-de-vie",
        (2.3856, 48.8690),
        S.AWAITING_ANSWER,
        1010,
        age_days=200,
    ),
    DemoPetition(
        "Éclairer l'escalier de la rue Foyatier",
        "L'escalier de la rue Foyatier, au pied du Sacré-Cœur, est mal éclairé le soir : nous "
        "demandons un éclairage doux et sûr.",
        "paris-18",
        "prevention-et-securite",
        (2.3418, 48.8846),
        S.ANSWERED,
        1100,
        age_days=260,
        answer="Le Conseil du 18e arrondissement a voté l'éclairage de l'escalier : les travaux "
        "auront lieu au printemps, après l'avis des Architectes des Bâtiments de France.",
    ),
    DemoPetition(
        "Un terrain de basket couvert à Alésia",
        "Couvrir le terrain de basket du square d'Alésia pour qu'on puisse y jouer l'hiver.",
        "paris-14",
        "sport",
        (2.3268, 48.8280),
        S.CLOSED,
        210,
        age_days=220,
    ),
    DemoPetition(
        "Plus de bancs sur les quais de Seine",
        "Installer des bancs tous les cent mètres sur les quais bas de la Seine, pour que chacun "
        "puisse s'y reposer.",
        None,
        "cadre-de-vie",
        (2.3400, 48.8570),
        S.PENDING,
        0,
    ),
    DemoPetition(
        "Des fontaines dans les squares, encore",
        "Une fontaine d'eau potable dans chaque square de Paris.",
        None,
        "environnement",
        None,
        S.INADMISSIBLE,
        0,
        reason_code="duplicate",
        reason_text="Une pétition ouverte demande déjà des fontaines dans chaque square.",
    ),
]


@dataclass
class DemoReport:
    created: int = 0
    signatures: int = 0


def _process() -> Process:
    process, _ = Process.objects.get_or_create(
        slug=PROCESS_SLUG,
        defaults={
            "name": "Pétitions de Paris",
            "threshold": 5000,
            "area_threshold": 1000,
            "signing_days": 180,
            "answer_days": 90,
            "min_age": 16,
            "filing_open": True,
        },
    )
    return process


def _signers(count: int, now: datetime) -> list[User]:
    """The demo's signer accounts (made once, reused), old enough to sign counted."""
    emails = [SIGNER_EMAIL.format(i) for i in range(count)]
    have = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=e,
                display_name=f"Signataire {i}" if i % 3 == 0 else "",
                password=unusable,
                date_joined=now - timedelta(days=400),
                email_verified_at=now - timedelta(days=400),
            )
            for i, e in enumerate(emails)
            if e not in have
        ],
        batch_size=1000,
    )
    return list(User.objects.filter(email__in=emails).order_by("email"))


@transaction.atomic
def demo_petitions_load(*, now: datetime, scale: float = 1.0) -> DemoReport:
    """Load the demo petitions (``scale`` shrinks the signature counts, for tests)."""
    report = DemoReport()
    process = _process()
    author, _ = User.objects.get_or_create(
        email=AUTHOR_EMAIL,
        defaults={
            "display_name": "Camille (démo)",
            "password": make_password(None),
            "date_joined": now - timedelta(days=400),
            "email_verified_at": now - timedelta(days=400),
        },
    )
    areas = list(Area.objects.filter(kind=Area.Kind.ARRONDISSEMENTS).order_by("code"))
    by_code = {a.code: a for a in areas}
    themes = {t.slug: t for t in Theme.objects.all()}
    most = max(round(p.signatures * scale) + round(p.held * scale) for p in PETITIONS)
    signers = _signers(most, now)
    for spec in PETITIONS:
        if Petition.objects.filter(process=process, title=spec.title).exists():
            continue
        report.created += 1
        report.signatures += _petition(
            spec, process, author, by_code, areas, themes, signers, now, scale
        )
    return report


def _petition(spec, process, author, by_code, areas, themes, signers, now, scale) -> int:  # type: ignore[no-untyped-def]
    area = by_code.get(spec.area) if spec.area else None
    counted = round(spec.signatures * scale)
    held = round(spec.held * scale)
    published = now - timedelta(days=spec.age_days)
    petition = Petition(
        process=process,
        author=author,
        title=spec.title,
        text=spec.text,
        area=area,
        theme=themes[spec.theme],
        location=Point(*spec.point, srid=4326) if spec.point else None,
        status=spec.status,
        created_at=published - timedelta(days=2),
        threshold=process.threshold if area is None else process.area_threshold,
    )
    if spec.status == S.INADMISSIBLE:
        petition.decision = Petition.Decision.INADMISSIBLE
        petition.reason_code = spec.reason_code
        petition.reason_text = spec.reason_text
        petition.moderated_at = published
    elif spec.status != S.PENDING:
        petition.decision = Petition.Decision.ADMISSIBLE
        petition.moderated_at = petition.published_at = published
        petition.signing_ends_at = published + timedelta(days=process.signing_days)
        if scale < 1:  # a shrunk demo keeps its statuses true to its counts
            petition.threshold = max(1, round(petition.threshold * scale))
        if spec.status in (S.THRESHOLD_REACHED, S.AWAITING_ANSWER, S.ANSWERED):
            reached = published + timedelta(days=min(30, spec.age_days - 5))
            petition.threshold_reached_at = reached
            petition.answer_due_at = reached + timedelta(days=process.answer_days)
        if spec.status in (S.AWAITING_ANSWER, S.ANSWERED, S.CLOSED):
            petition.signing_ends_at = min(petition.signing_ends_at, now - timedelta(days=5))
            petition.closed_at = petition.signing_ends_at
        if spec.status == S.ANSWERED:
            petition.answer_text = spec.answer
            petition.answered_at = now - timedelta(days=3)
    petition.signature_count = counted
    petition.save()
    rows = []
    for i, user in enumerate(signers[: counted + held]):
        # Two signers in three from the petition's own arrondissement, the others spread.
        home = area if area is not None and i % 3 else areas[(i * 7) % len(areas)]
        is_held = i >= counted
        rows.append(
            Signature(
                petition=petition,
                user=user,
                show_name=i % 3 == 0,
                birth_date=date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                area=home,
                status=Signature.Status.HELD if is_held else Signature.Status.COUNTED,
                held_reason=Signature.HeldReason.UNVERIFIED_DECLARATION if is_held else "",
                created_at=min(published + timedelta(minutes=7 * i), now),
            )
        )
    Signature.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
