"""Addresses written the way people type them, for the accuracy test and the benchmark.

``typed_query(address, rng)`` rewrites a real BAN address with a seeded ``random.Random``:
abbreviated street type and titles ("bd", "av", "r", "st", "fg", "gal"), dropped accents, lower
or upper case, dropped articles, "bis"/"ter" or "12b", the postcode written "75005", "75 005",
"Paris 5e", "5ème", only "Paris", left out, or wrong (a neighbouring arrondissement), and in some
queries one small typo (a letter missing, doubled or two letters swapped) in the street name.
Deterministic for a given seed.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import paris

_TYPE_SPELLINGS: dict[str, list[str]] = {
    "Rue": ["r", "r.", "rue", "Rue", "RUE"],
    "Boulevard": ["bd", "Bd", "boul", "bld", "boulevard"],
    "Avenue": ["av", "av.", "ave", "Av", "avenue"],
    "Place": ["pl", "pl.", "place"],
    "Square": ["sq", "square"],
    "Impasse": ["imp", "impasse"],
    "Passage": ["pass", "passage"],
    "Allée": ["all", "allée", "allee"],
    "Chemin": ["che", "chemin"],
    "Quai": ["quai", "qu"],
    "Cité": ["cite", "cité"],
    "Villa": ["villa", "vla"],
    "Cours": ["crs", "cours"],
    "Route": ["rte", "route"],
}
_WORD_SPELLINGS: dict[str, list[str]] = {
    "Saint": ["st", "St", "saint"],
    "Sainte": ["ste", "Ste", "sainte"],
    "Faubourg": ["fg", "fbg", "faubourg"],
    "Général": ["gal", "gen", "general"],
    "Maréchal": ["mal", "marechal"],
    "Docteur": ["dr", "docteur"],
    "Professeur": ["prof", "professeur"],
    "Président": ["pdt", "president"],
}
_ARTICLES = re.compile(r"\b(de la|de l'|du|des|de)\s+", re.IGNORECASE)
_SUFFIX_SPELLINGS: dict[str, list[str]] = {
    "b": ["bis", "bis", "b", "B", "Bis"],
    "t": ["ter", "ter", "t", "Ter"],
    "q": ["quater", "q"],
}


@dataclass(frozen=True)
class SampleAddress:
    number: int
    rep: str
    street: str
    postcode: str
    citycode: str
    lon: float
    lat: float


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "double"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def _postcode(address: SampleAddress, rng: random.Random) -> str:
    arrondissement = paris.citycode_arrondissement(address.citycode)
    if arrondissement is None:
        raise ValueError(f"{address.citycode} is not the INSEE code of an arrondissement.")
    style = rng.choices(
        ["full", "spaced", "paris-ord", "ord", "paris", "none", "wrong"],
        weights=[30, 8, 10, 8, 12, 20, 12],
    )[0]
    if style == "full":
        return f"{address.postcode} Paris" if rng.random() < 0.5 else address.postcode
    if style == "spaced":
        return f"{address.postcode[:2]} {address.postcode[2:]}"
    if style in ("paris-ord", "ord"):
        ordinal = (
            "1er" if arrondissement == 1 else f"{arrondissement}{rng.choice(['e', 'eme', 'ème'])}"
        )
        return f"Paris {ordinal}" if style == "paris-ord" else ordinal
    if style == "paris":
        return "Paris"
    if style == "wrong":
        other = arrondissement + rng.choice([-1, 1])
        other = 2 if other < 1 else 19 if other > 20 else other
        return paris.arrondissement_postcode(other)
    return ""


def typed_query(address: SampleAddress, rng: random.Random) -> str:
    """One way a person could type ``address``; see the module docstring."""
    street = address.street
    first, _, rest = street.partition(" ")
    if first in _TYPE_SPELLINGS and rng.random() < 0.7:
        first = rng.choice(_TYPE_SPELLINGS[first])
    words = rest.split(" ")
    words = [
        rng.choice(_WORD_SPELLINGS[w]) if w in _WORD_SPELLINGS and rng.random() < 0.7 else w
        for w in words
    ]
    rest = " ".join(words)
    if rng.random() < 0.2:
        rest = _ARTICLES.sub("", rest)
    if rng.random() < 0.3:  # one small typo in the longest word of the name
        tokens = re.split(r"(\W+)", rest)
        longest = max(range(len(tokens)), key=lambda i: len(tokens[i]))
        if len(tokens[longest]) >= 5:
            tokens[longest] = _typo(tokens[longest], rng)
            rest = "".join(tokens)
    street = f"{first} {rest}".strip()

    house = str(address.number)
    if address.rep:
        spelling = rng.choice(_SUFFIX_SPELLINGS.get(address.rep, [address.rep.upper()]))
        glue = "" if len(spelling) == 1 and rng.random() < 0.5 else " "
        house = f"{house}{glue}{spelling}"

    separator = rng.choice([" ", " ", ", "])
    query = f"{house}{separator}{street} {_postcode(address, rng)}".strip()
    if rng.random() < 0.6:
        query = _strip_accents(query)
    case = rng.random()
    if case < 0.5:
        query = query.lower()
    elif case < 0.6:
        query = query.upper()
    return query


def sample_addresses(path: Path, *, per_arrondissement: int, seed: int) -> list[SampleAddress]:
    """``per_arrondissement`` addresses of each of the 20 arrondissements from the sample CSV
    (columns number,street,postcode,city,lon,lat,rep,insee_code,ban_id), chosen with ``seed``.
    BAN-internal sub-address "streets" ("7S1 Place du Carrousel") are left out: nobody types
    them."""
    by_city: dict[str, list[SampleAddress]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["street"][:1].isdigit():
                continue
            by_city.setdefault(row["insee_code"], []).append(
                SampleAddress(
                    number=int(row["number"]),
                    rep=row["rep"],
                    street=row["street"],
                    postcode=row["postcode"],
                    citycode=row["insee_code"],
                    lon=float(row["lon"]),
                    lat=float(row["lat"]),
                )
            )
    rng = random.Random(seed)
    chosen: list[SampleAddress] = []
    for citycode in sorted(by_city):
        chosen.extend(
            rng.sample(by_city[citycode], min(per_arrondissement, len(by_city[citycode])))
        )
    return chosen
