"""What Paris's postcodes and INSEE codes are: the one place in the code base that knows them.

- Postcodes: ``75001`` … ``75020``, and ``75116`` for the north of the 16th (which has both
  ``75016`` and ``75116``).
- INSEE codes of the arrondissements: ``75101`` … ``75120`` (the 16th is ``75116``).
- The city's open data writes Paris Centre (the 1st–4th, one ballot area since 2020) ``75123``.

Pure functions, no Django: the query parser, the geocoding service and the importers use them.
"""

from __future__ import annotations

import re

ARRONDISSEMENTS = range(1, 21)
NORTH_16TH_POSTCODE = "75116"
PARIS_CENTRE_CODE = "75123"
PARIS_CENTRE = (1, 2, 3, 4)

POSTCODES = frozenset({f"750{n:02d}" for n in ARRONDISSEMENTS} | {NORTH_16TH_POSTCODE})

# A French postcode as people write it in an address: "75005" or "75 005".
_POSTCODE_IN_TEXT = re.compile(r"\b(\d{2})\s?(\d{3})\b")


def is_arrondissement(number: int) -> bool:
    return number in ARRONDISSEMENTS


def is_paris_postcode(postcode: str) -> bool:
    return (postcode or "").strip() in POSTCODES


def postcode_arrondissement(postcode: str) -> int | None:
    """ "75005" → 5, "75016" and "75116" → 16; None for anything that is not a Paris postcode."""
    postcode = (postcode or "").strip()
    if postcode not in POSTCODES:
        return None
    return 16 if postcode == NORTH_16TH_POSTCODE else int(postcode[3:])


def arrondissement_citycode(number: int) -> str:
    """INSEE code of an arrondissement: 5 → "75105" (the 16th is "75116" for both postcodes)."""
    if not is_arrondissement(number):
        raise ValueError(f"Paris has no arrondissement {number}.")
    return f"751{number:02d}"


def arrondissement_postcode(number: int) -> str:
    """The main postcode of an arrondissement: 5 → "75005", 16 → "75016"."""
    if not is_arrondissement(number):
        raise ValueError(f"Paris has no arrondissement {number}.")
    return f"750{number:02d}"


def citycode_arrondissement(citycode: str) -> int | None:
    """ "75105" → 5; None for anything that is not an arrondissement's INSEE code."""
    return int(citycode[3:]) if citycode in CITYCODES else None


CITYCODES = frozenset(arrondissement_citycode(n) for n in ARRONDISSEMENTS)


def citycode_from_postcode(postcode: str) -> str:
    """ "75005" → "75105", "75116" → "75116"; "" for anything that is not a Paris postcode."""
    number = postcode_arrondissement(postcode)
    return arrondissement_citycode(number) if number else ""


def citycodes_of(code: str) -> frozenset[str]:
    """The arrondissements' INSEE codes that a code of the city's open data names: a postcode
    ("75005" → {"75105"}), an INSEE code ("75105"), or Paris Centre ("75123" → the 1st–4th).
    Empty for anything else."""
    code = (code or "").strip()
    if code == PARIS_CENTRE_CODE:
        return frozenset(arrondissement_citycode(n) for n in PARIS_CENTRE)
    if code in CITYCODES:
        return frozenset({code})
    citycode = citycode_from_postcode(code)
    return frozenset({citycode}) if citycode else frozenset()


def postcodes_in(text: str) -> list[str]:
    """The postcodes written in a free-text address ("75 005" counts as "75005"), in order."""
    return [m.group(1) + m.group(2) for m in _POSTCODE_IN_TEXT.finditer(text or "")]


def foreign_postcode(text: str) -> str:
    """The first postcode of ``text`` that is not a Paris postcode, or ""."""
    return next((code for code in postcodes_in(text) if code not in POSTCODES), "")
