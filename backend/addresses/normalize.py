"""How people type Paris addresses, and the one normal form both the table and the queries use.

Pure functions, no ORM and no settings: ``normalize_text`` folds case, accents and punctuation;
``normalize_street`` also expands abbreviations ("bd" → "boulevard", "st" → "saint") and drops
articles ("de", "la", "du"...) so "R. de l'Arbre-Sec" and "rue arbre sec" meet; ``parse_query``
splits a free-text query into house number, suffix ("bis", "b", "ter"...), arrondissement hint
("75005", "75 005", "Paris 5e", "5ème") and the street part.

The table stores ``normalize_street(name)`` for every street, so the database only compares
normal forms with trigrams (pg_trgm) and never calls ``unaccent`` on the hot path.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import paris

# Bump when the normal form changes: load_addresses then reloads the table (it stores it).
NORMAL_FORM_VERSION = "1"

# Street types people abbreviate, only when they open the street part ("r de rivoli").
_TYPE_ABBREVIATIONS: dict[str, str] = {
    "r": "rue",
    "ru": "rue",
    "av": "avenue",
    "ave": "avenue",
    "avn": "avenue",
    "aven": "avenue",
    "bd": "boulevard",
    "bld": "boulevard",
    "blvd": "boulevard",
    "bvd": "boulevard",
    "boul": "boulevard",
    "boulv": "boulevard",
    "bl": "boulevard",
    "pl": "place",
    "plc": "place",
    "sq": "square",
    "sqr": "square",
    "imp": "impasse",
    "pass": "passage",
    "pas": "passage",
    "psg": "passage",
    "all": "allee",
    "al": "allee",
    "che": "chemin",
    "ch": "chemin",
    "chem": "chemin",
    "qu": "quai",
    "qai": "quai",
    "cit": "cite",
    "cte": "cite",
    "crs": "cours",
    "rte": "route",
    "vla": "villa",
    "gal": "galerie",
    "gr": "grande",
    "prom": "promenade",
    "esp": "esplanade",
    "espl": "esplanade",
    "carr": "carrefour",
    "crf": "carrefour",
    "ham": "hameau",
    "rpt": "rond point",
    "pt": "pont",
    "prv": "parvis",
    "sen": "sentier",
}

# Abbreviations anywhere in a street name.
_WORD_ABBREVIATIONS: dict[str, str] = {
    "st": "saint",
    "ste": "sainte",
    "sts": "saints",
    "fg": "faubourg",
    "fbg": "faubourg",
    "faub": "faubourg",
    "gal": "general",
    "gen": "general",
    "gl": "general",
    "mal": "marechal",
    "mar": "marechal",
    "pdt": "president",
    "pres": "president",
    "prof": "professeur",
    "dr": "docteur",
    "doct": "docteur",
    "cdt": "commandant",
    "cmdt": "commandant",
    "lt": "lieutenant",
    "ltn": "lieutenant",
    "cne": "capitaine",
    "cap": "capitaine",
    "sgt": "sergent",
    "mgr": "monseigneur",
    "nd": "notre dame",
    "pt": "petit",
    "gd": "grand",
    "gde": "grande",
    "av": "avenue",
    "bd": "boulevard",
}

# Street types in normal form, as they open Paris street names ("Rue", "Cité", "Rond-point"...).
STREET_TYPES = frozenset(
    {
        "allee", "arcades", "avenue", "bassin", "boulevard", "carrefour", "chaussee", "chemin",
        "cite", "cour", "cours", "echangeur", "esplanade", "galerie", "grille", "hameau",
        "impasse", "parvis", "passage", "passerelle", "peristyle", "place", "pont", "port",
        "porte", "promenade", "quai", "route", "rue", "ruelle", "sente", "sentier", "square",
        "souterrain", "terrasse", "villa", "voie",
    }
)  # fmt: skip
_TWO_WORD_TYPES = frozenset({("rond", "point"), ("grande", "avenue")})

# Articles and linking words people drop or mistype; removed on both sides.
STOPWORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "au", "aux", "et"})

# House number suffixes ("indice de répétition") as people write them → the BAN's code.
_SUFFIX_WORDS: dict[str, str] = {
    "bis": "b",
    "ter": "t",
    "quater": "q",
    "qua": "q",
    "quinquies": "c",
    "quinques": "c",
}
SUFFIX_LABELS: dict[str, str] = {"b": "bis", "t": "ter", "q": "quater", "c": "quinquies"}

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_NON_WORD = re.compile(r"[^0-9a-z]+")
# "5e", "5eme", "5ème", "1er", "1ere", "5ieme", "5em", "05e"
_ORDINAL = re.compile(r"^0?(\d{1,2})(?:e|eme|em|ieme|iem|er|ere|ier|iere)$")
_NUMBER_SUFFIX = re.compile(r"^(\d{1,4})([a-z]{1,9}\d?)?$")
_SPACED_SUFFIX = re.compile(r"^[a-z]{1,2}\d?$")
_RANGE = re.compile(r"^\s*\d+\s*[-/]\s*\d+\b")
_POSTAL_NOISE = frozenset({"arrondissement", "arrondissements", "arr", "arrt", "ardt", "arrdt"})
_POSTAL_TAIL = frozenset({"paris", "france", "cedex"})


def normalize_text(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: "L'Haÿ-les-Roses" → "l hay les roses"."""
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", folded).strip()


def expand_tokens(tokens: list[str]) -> list[str]:
    """Expand abbreviations (street type only in first position) and drop articles."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        if i == 0 and token in _TYPE_ABBREVIATIONS:
            out.extend(_TYPE_ABBREVIATIONS[token].split())
        elif token in _WORD_ABBREVIATIONS:
            out.extend(_WORD_ABBREVIATIONS[token].split())
        elif token not in STOPWORDS or (
            len(token) == 1 and i + 1 < len(tokens) and tokens[i + 1].isdigit()
        ):
            # articles go, but not a letter naming a way: "Voie D/9" is "voie d 9"
            out.append(token)
    return out


def normalize_street(name: str) -> str:
    """The searchable form of a street name: "Boulevard Saint-Germain" → "boulevard saint germain",
    "Rue de l'Arbre Sec" → "rue arbre sec", "bd st germain" → "boulevard saint germain"."""
    return " ".join(expand_tokens(normalize_text(name).split()))


def split_street_type(street: str) -> tuple[str, str]:
    """A normalised street name as (type, distinctive part): "rue rivoli" → ("rue", "rivoli"),
    "rond point champs elysees" → ("rond point", "champs elysees"), "rivoli" → ("", "rivoli")."""
    tokens = street.split()
    if len(tokens) > 2 and (tokens[0], tokens[1]) in _TWO_WORD_TYPES:
        return f"{tokens[0]} {tokens[1]}", " ".join(tokens[2:])
    if tokens and tokens[0] in STREET_TYPES:
        return tokens[0], " ".join(tokens[1:])  # a lone "rue" names no street yet
    return "", street


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the whole query, normalised
    street: str  # the street part in normal form ("rue rivoli"), "" when there is none
    street_type: str  # "rue", or "" when the query names none
    street_core: str  # the distinctive part: "rivoli"
    number: int | None = None
    suffix: str = ""  # BAN "rep" code: "b", "t", "q", "a"...
    citycode: str = ""  # arrondissement hint as an INSEE code, e.g. "75104"


def _arrondissement(number: int) -> int | None:
    return number if paris.is_arrondissement(number) else None


def _take_postcode(tokens: list[str]) -> tuple[list[str], int | None]:
    """Remove postcode / arrondissement tokens; return the rest and the arrondissement number."""
    rest: list[str] = []
    found: int | None = None
    i = 0
    while i < len(tokens):
        word = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = rest[-1] if rest else ""
        arr: int | None = None
        consumed = 1
        if word.isdigit() and word.startswith("75") and (len(word) == 5 or (len(word) == 4 and i)):
            # 75005, 75116, and the garbled 7505
            arr = paris.postcode_arrondissement(word if len(word) == 5 else f"750{word[2:]}")
        elif word == "75" and i > 0 and nxt.isdigit() and len(nxt) == 3:
            # "75 005"
            arr = paris.postcode_arrondissement(word + nxt)
            consumed = 2 if arr else 1
        elif (m := _ORDINAL.match(word)) and i > 0:
            arr = _arrondissement(int(m.group(1)))
        elif word.isdigit() and len(word) <= 2 and prev == "paris" and i > 1:
            # "paris 5", "paris 05"
            arr = _arrondissement(int(word))
        if arr is not None:
            found = found or arr
            i += consumed
            continue
        rest.append(word)
        i += 1
    # "paris", "arrondissement", "france" around the postal part; a "paris" inside a street name
    # ("allee paris ivry") stays.
    cleaned = [t for t in rest if t not in _POSTAL_NOISE]
    if all(t in _POSTAL_TAIL for t in cleaned):
        return [], found  # "75005 Paris": no street
    while cleaned and cleaned[-1] in _POSTAL_TAIL and _has_name(cleaned[:-1]):
        cleaned.pop()
    return cleaned, found


def _has_name(tokens: list[str]) -> bool:
    """Whether ``tokens`` hold more than a street type and articles ("av de" does not: the
    "france" of "av de france" is the name)."""
    return any(
        t not in STOPWORDS and t not in _TYPE_ABBREVIATIONS and t not in STREET_TYPES
        for t in tokens
        if not t.isdigit()
    )


def _is_spaced_suffix(token: str) -> bool:
    return (
        _SPACED_SUFFIX.match(token) is not None
        and token not in _TYPE_ABBREVIATIONS
        and token not in _WORD_ABBREVIATIONS
        and token not in STOPWORDS
    )


def parse_query(query: str) -> ParsedQuery:
    """Split "12 bis, bd St-Germain 75005 Paris" into number 12, suffix "b", citycode "75105" and
    street "boulevard saint germain"."""
    text = normalize_text(query)
    # "12-14 rue x" and "12/14": keep the first number
    if _RANGE.match(query):
        text = re.sub(r"^(\d+) \d+ ", r"\1 ", text)
    tokens = text.split()
    tokens, arrondissement = _take_postcode(tokens)

    number: int | None = None
    suffix = ""
    if tokens and (m := _NUMBER_SUFFIX.match(tokens[0])) and len(m.group(1)) <= 4:
        number = int(m.group(1))
        glued = m.group(2) or ""
        tokens = tokens[1:]
        if glued:
            suffix = _SUFFIX_WORDS.get(glued, glued)
        elif tokens and tokens[0] in _SUFFIX_WORDS:
            suffix = _SUFFIX_WORDS[tokens[0]]
            tokens = tokens[1:]
        elif len(tokens) > 1 and _is_spaced_suffix(tokens[0]):
            # "12 a rue ..." (but "12 r de rivoli" is a street type)
            suffix = tokens[0]
            tokens = tokens[1:]
    elif len(tokens) > 1 and tokens[-1].isdigit() and len(tokens[-1]) <= 3:
        # "rue de rivoli 12"
        number = int(tokens[-1])
        tokens = tokens[:-1]

    street = " ".join(expand_tokens(tokens))
    street_type, street_core = split_street_type(street)
    return ParsedQuery(
        text=text,
        street=street,
        street_type=street_type,
        street_core=street_core,
        number=number,
        suffix=suffix,
        citycode=paris.arrondissement_citycode(arrondissement) if arrondissement else "",
    )


def edit_similarity(a: str, b: str, *, floor: float = 0.0) -> float:
    """1 - (optimal string alignment distance) / longer length: a letter missing, added, changed
    or two letters swapped costs one edit. "ftees" / "fetes" → 0.8.

    Answers 0.0 as soon as the similarity is known to be below ``floor``: only the diagonal band
    of the distance matrix that can stay within the allowed edits is computed, and the loop stops
    when a whole row of the band exceeds them (a few characters for unrelated names)."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    if not a or not b:
        return 0.0
    budget = int((1.0 - floor) * longest + 1e-9)  # the most edits allowed
    if abs(len(a) - len(b)) > budget:
        return 0.0
    over = budget + 1
    previous2: list[int] = []
    previous = [j if j <= budget else over for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        ca = a[i - 1]
        current = [over] * (len(b) + 1)
        if i <= budget:
            current[0] = i
        low, high = max(1, i - budget), min(len(b), i + budget)
        row_min = current[0]
        for j in range(low, high + 1):
            cb = b[j - 1]
            value = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (0 if ca == cb else 1)
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value if value <= budget else over
            row_min = min(row_min, value)
        if row_min > budget:
            return 0.0
        previous2, previous = previous, current
    distance = previous[len(b)]
    return 0.0 if distance > budget else 1.0 - distance / longest


def suffix_label(rep: str) -> str:
    """How a BAN suffix is written in a label: "b" → "bis", "a" → "A"."""
    return SUFFIX_LABELS.get(rep, rep.upper())


def address_label(*, number: int, rep: str, street: str, postcode: str) -> str:
    """ "12 bis Rue de Rivoli 75004 Paris"."""
    house = f"{number} {suffix_label(rep)}" if rep else str(number)
    return f"{house} {street} {postcode} Paris"


def street_label(*, street: str, postcode: str) -> str:
    return f"{street} {postcode} Paris"
