"""Writes for the address tables: loading the Base Adresse Nationale export."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from .models import Address, AddressSource, Street
from .normalize import NORMAL_FORM_VERSION, address_label, normalize_street, split_street_type

# Sub-addresses published as their own "street": "7S1 Place du Carrousel" is number 7, suffix
# "s1" of Place du Carrousel.
_PSEUDO_STREET = re.compile(r"^(\d+)([A-Za-z]+\d*)\s+(.+)$")


@dataclass(frozen=True)
class _Row:
    ban_id: str
    number: int
    rep: str
    street: str
    postcode: str
    citycode: str
    lon: float
    lat: float


def _fingerprint(path: Path) -> str:
    """SHA-256 of the file and of the normal form version: either changing means a reload."""
    digest = hashlib.sha256(f"normal form {NORMAL_FORM_VERSION}\n".encode())
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read(path: Path) -> Iterator[_Row]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter=";"):
            street = r["nom_voie"].strip()
            rep = r["rep"].strip().lower()
            m = _PSEUDO_STREET.match(street)
            if m and m.group(1) == r["numero"] and m.group(2).lower() == rep:
                street = m.group(3)
            yield _Row(
                ban_id=r["id"],
                number=int(r["numero"]),
                rep=rep,
                street=street,
                postcode=r["code_postal"],
                citycode=r["code_insee"],
                lon=float(r["lon"]),
                lat=float(r["lat"]),
            )


def _ewkt(lon: float, lat: float) -> str:
    return f"SRID=4326;POINT({lon} {lat})"


def addresses_loaded(*, path: Path) -> bool:
    """True when the tables hold exactly what ``path`` contains (same file, same counts)."""
    source = AddressSource.objects.order_by("-loaded_at").first()
    return (
        source is not None
        and source.sha256 == _fingerprint(path)
        and Address.objects.count() == source.address_count
        and Street.objects.count() == source.street_count
    )


@transaction.atomic
def addresses_load(*, path: Path, force: bool = False) -> dict[str, int | bool]:
    """Replace the address tables with the BAN export at ``path`` (a ``;``-separated CSV, gzipped
    or not), in one transaction, with COPY. Does nothing when that file is already loaded, unless
    ``force``. Returns counts."""
    if not force and addresses_loaded(path=path):
        source = AddressSource.objects.order_by("-loaded_at").first()
        assert source is not None
        return {
            "loaded": False,
            "streets": source.street_count,
            "addresses": source.address_count,
        }

    rows = list(_read(path))
    streets: dict[tuple[str, str, str], list[_Row]] = {}
    for row in rows:
        streets.setdefault((row.street, row.postcode, row.citycode), []).append(row)

    street_ids: dict[tuple[str, str, str], int] = {}
    street_buffer = io.StringIO()
    street_writer = csv.writer(street_buffer, delimiter="\t", lineterminator="\n")
    for street_id, (key, members) in enumerate(sorted(streets.items()), start=1):
        name, postcode, citycode = key
        street_ids[key] = street_id
        ordered = sorted(members, key=lambda r: (r.number, r.rep))
        middle = ordered[(len(ordered) - 1) // 2]
        name_search = normalize_street(name)
        type_search, core_search = split_street_type(name_search)
        street_writer.writerow(
            [
                street_id,
                name,
                name_search,
                type_search,
                core_search,
                postcode,
                citycode,
                _ewkt(middle.lon, middle.lat),
                len(members),
            ]
        )

    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {Address._meta.db_table}, {Street._meta.db_table} RESTART IDENTITY"
        )
        with cursor.copy(
            f"COPY {Street._meta.db_table} "
            "(id, name, name_search, type_search, core_search, postcode, citycode, point, "
            "address_count) FROM STDIN"
        ) as copy:
            copy.write(street_buffer.getvalue())
        with cursor.copy(
            f"COPY {Address._meta.db_table} "
            "(ban_id, street_id, number, rep, postcode, citycode, label, point) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(
                    (
                        row.ban_id,
                        street_ids[(row.street, row.postcode, row.citycode)],
                        row.number,
                        row.rep,
                        row.postcode,
                        row.citycode,
                        address_label(
                            number=row.number, rep=row.rep, street=row.street, postcode=row.postcode
                        ),
                        _ewkt(row.lon, row.lat),
                    )
                )
        # check the foreign keys now rather than at commit, so that nothing stays pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
            [Street._meta.db_table, max(len(streets), 1)],
        )
        cursor.execute(f"ANALYZE {Street._meta.db_table}")
        cursor.execute(f"ANALYZE {Address._meta.db_table}")

    AddressSource.objects.all().delete()
    AddressSource.objects.create(
        file_name=path.name,
        sha256=_fingerprint(path),
        street_count=len(streets),
        address_count=len(rows),
        loaded_at=timezone.now(),
    )
    return {"loaded": True, "streets": len(streets), "addresses": len(rows)}
