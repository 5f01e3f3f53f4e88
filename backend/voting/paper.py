"""Paper ballots, pure: the voter roll's name key, and the CSV file of the ballots collected at a
polling station read into lines (or errors naming the line and the column).

The file: a header line, then one ballot per line; commas or semicolons; UTF-8 (Windows-1252
is accepted too). Identity columns: ``email`` (the voter's account) or ``full_name``,
``birth_date`` (YYYY-MM-DD or DD/MM/YYYY) and ``address``. Every other column is the id of a
project of the area's ballot, and its cells hold the voter's choice in the campaign's method:
a grade for majority judgment (``adore``, ``aime_bien``, ``pourquoi_pas``, ``pas_convaincu``
or their French labels; empty: ungraded), points for cumulative voting (empty: 0), ``1`` or
``x`` for a chosen project in approval and knapsack voting (empty or ``0``: not chosen).
Errors are keyed ``line N.column`` with the file's line numbers (the header is line 1)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .methods import FIELD_FOR, GRADES

IDENTITY_COLUMNS = ("email", "full_name", "birth_date", "address")
MAX_FILE_BYTES = 2_000_000
MAX_LINES = 5000
CHOSEN = frozenset({"1", "x", "oui", "yes"})
NOT_CHOSEN = frozenset({"", "0", "non", "no"})
_GRADE_BY_TEXT = {key: key for key, _ in GRADES} | {
    " ".join(label.casefold().replace("’", "'").split()): key for key, label in GRADES
}

Errors = dict[str, list[str]]


def name_key(name: str) -> str:
    """The voter roll's key for a name: no accents, no case, hyphens and apostrophes as spaces,
    single spaces (« Élodie  DUPONT-Lefèvre » and « elodie dupont lefevre » are the same)."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())[:150]


def parse_birth_date(raw: str) -> date | None:
    """A date written YYYY-MM-DD or DD/MM/YYYY, None when it is neither."""
    raw = raw.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class PaperLine:
    """One ballot of the file: who (an email, or a name, birth date and address) and the choices
    as the voting method reads them (``projects``, ``grades`` or ``points``)."""

    line: int
    email: str = ""
    full_name: str = ""
    birth_date: date | None = None
    address: str = ""
    choices: dict[str, Any] = field(default_factory=dict)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


NUL_MESSAGE = "This line holds a NUL character (0x00): is this a text file saved as CSV?"


def _has_nul(row: list[str]) -> bool:
    """A NUL byte cannot be stored (PostgreSQL text refuses it) and is never in a name or a
    grade: the line is refused, like any other unreadable line."""
    return any("\x00" in cell for cell in row)


def _add(errors: Errors, line: int, column: str, message: str) -> None:
    errors.setdefault(f"line {line}.{column}" if column else f"line {line}", []).append(message)


def _choice(rule: str, raw: str) -> tuple[Any, str | None]:
    """The value of one project cell, or an error message."""
    text = " ".join(raw.strip().casefold().replace("’", "'").split())
    if rule == "majority_judgment":
        if not text:
            return None, None
        grade = _GRADE_BY_TEXT.get(text)
        if grade is None:
            names = ", ".join(key for key, _ in reversed(GRADES))
            return None, f"« {raw.strip()} » is not a grade: use one of {names}."
        return grade, None
    if rule == "cumulative":
        if not text:
            return None, None
        if not text.isdigit() or int(text) > 10000:
            return None, f"« {raw.strip()} » is not a number of points (0 to 10000)."
        return int(text) or None, None
    if text in CHOSEN:
        return True, None
    if text in NOT_CHOSEN:
        return None, None
    return None, f"« {raw.strip()} »: write 1 or x for a chosen project, leave empty otherwise."


def _header(
    names: list[str], project_ids: Collection[int], area_name: str, errors: Errors
) -> dict[int, str]:
    """Column index → identity column name or project id (as text)."""
    columns: dict[int, str] = {}
    seen: set[str] = set()
    for i, raw in enumerate(names):
        name = raw.strip().casefold()
        label = raw.strip() or f"column {i + 1}"
        if name in IDENTITY_COLUMNS:
            key = name
        elif name.isdigit() and int(name) in project_ids:
            key = str(int(name))
        else:
            _add(
                errors,
                1,
                label,
                f"« {label} » is neither an identity column ({', '.join(IDENTITY_COLUMNS)}) nor "
                f"the id of a project of the ballot of {area_name}.",
            )
            continue
        if key in seen:
            _add(errors, 1, label, f"The column « {label} » appears twice.")
            continue
        seen.add(key)
        columns[i] = key
    if "email" not in seen and not {"full_name", "birth_date", "address"} <= seen:
        _add(
            errors,
            1,
            "",
            "Identify the voters: an « email » column, or « full_name », « birth_date » and "
            "« address » columns (or all four).",
        )
    if not any(key.isdigit() for key in seen):
        _add(errors, 1, "", f"No column names a project of the ballot of {area_name}.")
    return columns


def _line(number: int, cells: dict[str, str], rule: str, errors: Errors) -> PaperLine | None:
    before = sum(len(v) for v in errors.values())
    email = cells.get("email", "").strip()
    full_name = " ".join(cells.get("full_name", "").split())
    address = " ".join(cells.get("address", "").split())
    birth: date | None = None
    if email:
        if "@" not in email or len(email) > 254:
            _add(errors, number, "email", f"« {email} » is not an email address.")
    else:
        if not name_key(full_name):
            _add(errors, number, "full_name", "Enter the voter's email, or their full name.")
        raw_birth = cells.get("birth_date", "").strip()
        birth = parse_birth_date(raw_birth)
        if birth is None:
            _add(
                errors,
                number,
                "birth_date",
                f"« {raw_birth} » is not a date: write it YYYY-MM-DD or DD/MM/YYYY."
                if raw_birth
                else "Enter the voter's birth date.",
            )
        if not address:
            _add(errors, number, "address", "Enter the voter's address.")
        elif len(address) > 200:
            _add(errors, number, "address", "At most 200 characters.")
        if len(full_name) > 150:
            _add(errors, number, "full_name", "At most 150 characters.")
    values: dict[str, Any] = {}
    for key, raw in cells.items():
        if not key.isdigit():
            continue
        value, problem = _choice(rule, raw)
        if problem:
            _add(errors, number, key, problem)
        elif value is not None:
            values[key] = value
    if sum(len(v) for v in errors.values()) > before:
        return None
    method_field = FIELD_FOR.get(rule, "projects")
    if method_field == "projects":
        choices: dict[str, Any] = {"projects": [int(k) for k in values]}
    else:
        choices = {method_field: values}
    return PaperLine(
        line=number,
        email=email,
        full_name=full_name,
        birth_date=birth,
        address=address,
        choices=choices,
    )


def read_csv(
    data: bytes, *, rule: str, project_ids: Collection[int], area_name: str
) -> tuple[list[PaperLine], Errors]:
    """The file's ballots, and its errors keyed ``line N.column`` (``line N`` for the whole
    line). Blank lines are skipped."""
    errors: Errors = {}
    if len(data) > MAX_FILE_BYTES:
        return [], {"file": [f"The file is larger than {MAX_FILE_BYTES // 1_000_000} MB."]}
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines: list[PaperLine] = []
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            return [], {"file": ["The file is empty: a header line, then one ballot a line."]}
        if _has_nul(header):
            _add(errors, reader.line_num, "", NUL_MESSAGE)
            return [], errors
        columns = _header(header, project_ids, area_name, errors)
        if errors:
            return [], errors
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(lines) + len(errors) >= MAX_LINES:
                return [], {"file": [f"At most {MAX_LINES} ballots a file."]}
            if len(row) > len(header):
                _add(errors, number, "", f"{len(row)} cells for {len(header)} columns.")
                continue
            if _has_nul(row):
                _add(errors, number, "", NUL_MESSAGE)
                continue
            cells = {columns[i]: cell for i, cell in enumerate(row) if i in columns}
            parsed = _line(number, cells, rule, errors)
            if parsed is not None:
                lines.append(parsed)
    except csv.Error as exc:
        _add(errors, reader.line_num, "", f"Unreadable CSV ({exc}).")
    if not lines and not errors:
        errors["file"] = ["The file holds no ballot."]
    return lines, errors
