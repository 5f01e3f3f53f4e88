"""Reading and writing the pabulib ``.pb`` format, as pabutools 1.2.3 reads it.

A ``.pb`` file has three ``;``-separated sections, each opened by a line whose first field is
its name (``META``, ``PROJECTS``, ``VOTES``) and followed by a header row:

- ``META`` (header ``key;value``): ``budget`` and ``vote_type`` are required; every other key
  (``description``, ``min_length``, ``rule``…) is kept as text;
- ``PROJECTS``: the project's id in the first column (``project_id``), a ``cost`` column, often
  ``name``, ``votes``, ``score``, ``category``, ``latitude``…;
- ``VOTES``: ``voter_id`` and ``vote`` (comma-separated project ids, best first for
  ``ordinal``), plus ``points`` (aligned with ``vote``) for ``cumulative`` and ``scoring``, and
  optional voter columns (``age``, ``sex``…).

What the file may hold is what ``pabutools.election.parse_pabulib`` accepts, read the way it
reads it (this parser is tested against it, file by file):

- lines end with ``\\n``, ``\\r\\n`` or ``\\r``; a UTF-8 byte-order mark is dropped; blank lines
  are skipped; lines before the first section (a title, a comment) are ignored;
- fields may be quoted (``"a;b"``, ``""`` for a quote); a quoted field cannot span lines
  (pabutools joins such lines without the line break, and so do we);
- the value ``None`` (any case) means "no value"; an empty field is an empty value, so empty
  coordinates, names, categories or targets are ordinary; ``votes`` and ``score`` are kept as
  text and play no part in counting (the ballots decide);
- a row may have fewer fields than the header (the missing ones have no value) and extra
  columns; a META row ``key;value;more`` keeps ``key;value``; a META key or a column named twice
  keeps its last value;
- amounts take a decimal comma (``12,5``) and fractions (``1/3``);
- a ballot naming a project twice counts it once (approval), at its first place (ordinal), or
  with the last points given (cumulative, scoring), as pabutools' ballots do; a voter id may
  repeat (each row is a ballot); a ``points`` field missing or ``None`` is an empty ballot;
  extra points beyond the projects named are ignored.

Refused, with the line number, as pabutools refuses them: no ``budget`` or ``vote_type``, an
unknown vote type, a budget, cost or points that is not a number, a project with no cost, a
ballot with no ``vote`` (approval, choose-1, ordinal) or fewer points than projects, a ballot
naming an unknown project, a row with more fields than its header, a section with no header row.
Refused here although pabutools reads them (each would make a count meaningless, and pabutools
would read them inconsistently): a project id listed twice (pabutools keeps one project with
the first cost and the second row's other fields), an empty project id or one containing a
comma (no ballot can name it), a negative budget, cost or cumulative points.

:func:`write` produces a file that both :func:`parse` and pabutools read back into an equal
election (line breaks inside a text become spaces, since no reader keeps them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tally.model import (
    POINTS_TYPES,
    VOTE_TYPES,
    Ballot,
    Election,
    Number,
    Project,
    format_number,
    parse_number,
)

SECTIONS = ("meta", "projects", "votes")
_LINE_BREAK = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


class PabulibError(ValueError):
    """A malformed ``.pb`` file: ``line`` (1-based, the physical line of the file) and ``reason``."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def read(path: str | Path) -> Election:
    """Parse the ``.pb`` file at ``path`` (UTF-8, with or without a byte-order mark)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return parse(handle.read())


def _is_none(value: str) -> bool:
    return value.strip().lower() == "none"


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Every row with the line where it starts: the lines as ``str.splitlines`` cuts them, read
    by the ``csv`` module's default (lenient) dialect with ``;``, exactly as pabutools reads."""
    reader = csv.reader(text.splitlines(), delimiter=";")
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise PabulibError(start, f"unreadable row ({error})") from error
        line, start = start, reader.line_num + 1
        yield line, row


def _blank(row: list[str]) -> bool:
    return not row or (len(row) == 1 and not row[0].strip())


def _fields(line: int, row: list[str], header: list[str], section: str) -> dict[str, str]:
    """The row's values by column name; ``None`` values are left out, a column named twice keeps
    its last value, trailing empty fields past the header are dropped."""
    cells = [cell.strip() for cell in row]
    while len(cells) > len(header) and not cells[-1]:
        cells.pop()
    if len(cells) > len(header):
        raise PabulibError(
            line, f"{section} row has {len(cells)} fields where the header has {len(header)}"
        )
    fields: dict[str, str] = {}
    for name, value in zip(header, cells, strict=False):
        if not _is_none(value):
            fields[name] = value
        else:
            fields.pop(name, None)
    return fields


def _number(line: int, text: str, what: str, *, minimum: int | None = 0) -> Number:
    try:
        value = parse_number(text)
    except (ValueError, ZeroDivisionError) as error:
        raise PabulibError(line, f"{what} is not a number: {text!r}") from error
    if minimum is not None and value < minimum:
        raise PabulibError(line, f"{what} is negative: {text!r}")
    return value


def parse(text: str) -> Election:
    """Parse the text of a ``.pb`` file into an :class:`~tally.model.Election`."""
    text = text.removeprefix("\ufeff")
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    projects: dict[str, Project] = {}
    ballots: list[Ballot] = []
    section = ""
    meta_line = 1
    header: list[str] = []

    rows = _rows(text)
    for line, row in rows:
        if _blank(row):
            continue
        first = row[0].strip().lower()
        if first in SECTIONS:
            section = first
            meta_line = line if first == "meta" else meta_line
            try:
                _, header_row = next(rows)
            except StopIteration:
                raise PabulibError(line, f"section {first.upper()} has no header row") from None
            header = [cell.strip() for cell in header_row]
            continue
        if section == "meta":
            if len(row) < 2:
                raise PabulibError(line, "META rows are key;value")
            key = row[0].strip()
            meta[key] = row[1].strip()
            meta_lines[key] = line
        elif section == "projects":
            project = _project(line, row[0].strip(), _fields(line, row, header, "PROJECTS"))
            if project.id in projects:
                raise PabulibError(line, f"project {project.id!r} is listed twice")
            projects[project.id] = project
        elif section == "votes":
            vote_type = _vote_type(meta, meta_lines, line)
            fields = _fields(line, row, header, "VOTES")
            ballots.append(_ballot(line, fields, vote_type, projects))
        # rows before the first section are ignored, as pabutools ignores them

    _vote_type(meta, meta_lines, meta_line)
    if "budget" not in meta:
        raise PabulibError(meta_line, "META has no 'budget'")
    _number(meta_lines["budget"], meta["budget"], "budget")
    return Election(meta=meta, projects=list(projects.values()), ballots=ballots)


def _vote_type(meta: dict[str, str], lines: dict[str, int], line: int) -> str:
    if "vote_type" not in meta:
        raise PabulibError(line, "META has no 'vote_type'")
    vote_type = meta["vote_type"]
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            lines["vote_type"],
            f"unknown vote_type {vote_type!r} (expected one of {', '.join(VOTE_TYPES)})",
        )
    return vote_type


def _project(line: int, project_id: str, fields: dict[str, str]) -> Project:
    if not project_id:
        raise PabulibError(line, "project without a project_id")
    if "," in project_id:
        raise PabulibError(line, f"project id {project_id!r} contains a comma")
    if "cost" not in fields:
        raise PabulibError(line, f"project {project_id!r} has no cost")
    cost = _number(line, fields.pop("cost"), f"cost of project {project_id!r}")
    fields.pop("project_id", None)
    name = fields.pop("name", "")
    return Project(id=project_id, cost=cost, name=name, extra=fields)


def _ballot(
    line: int, fields: dict[str, str], vote_type: str, projects: dict[str, Project]
) -> Ballot:
    voter_id = fields.pop("voter_id", "")
    vote_text = fields.pop("vote", None)
    who = f"ballot of voter {voter_id!r}"
    if vote_type in POINTS_TYPES:
        points_text = fields.pop("points", None)
        chosen: dict[str, Number] = {}
        if points_text is not None and (points_text.strip() or (vote_text or "").strip()):
            if vote_text is None:
                raise PabulibError(line, f"{who} has points but no vote")
            entries = [entry.strip() for entry in vote_text.split(",")]
            points = points_text.split(",")
            if len(points) < len(entries):
                raise PabulibError(
                    line, f"{who} gives {len(points)} points for {len(entries)} projects"
                )
            minimum = 0 if vote_type == "cumulative" else None
            for project_id, text in zip(entries, points, strict=False):
                _known(line, who, project_id, projects)
                what = f"points of voter {voter_id!r}"
                chosen[project_id] = _number(line, text, what, minimum=minimum)
        return Ballot(
            voter_id=voter_id,
            vote=tuple(chosen),
            points=tuple(chosen.values()),
            extra=fields,
        )
    if vote_text is None:
        raise PabulibError(line, f"{who} has no vote")
    vote: dict[str, None] = {}
    for entry in vote_text.split(","):
        project_id = entry.strip()
        if project_id:
            _known(line, who, project_id, projects)
            vote.setdefault(project_id, None)
    return Ballot(voter_id=voter_id, vote=tuple(vote), points=None, extra=fields)


def _known(line: int, who: str, project_id: str, projects: dict[str, Project]) -> None:
    if project_id not in projects:
        raise PabulibError(line, f"{who} names unknown project {project_id!r}")


def _text(value: str) -> str:
    """A value as one line: no reader keeps a line break inside a field."""
    return _LINE_BREAK.sub(" ", value)


def write(election: Election, path: str | Path | None = None) -> str:
    """The ``.pb`` text for ``election`` (also written to ``path`` when given, UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quotechar='"', lineterminator="\n")

    def row(cells: Iterable[str]) -> None:
        writer.writerow([_text(cell) for cell in cells])

    row(["META"])
    row(["key", "value"])
    for key, value in election.meta.items():
        row([key, value])

    with_names = any(project.name for project in election.projects)
    project_columns = _columns(project.extra for project in election.projects)
    row(["PROJECTS"])
    row(["project_id", "cost", *(["name"] if with_names else []), *project_columns])
    for project in election.projects:
        if "," in project.id or project.id != project.id.strip() or not project.id:
            raise ValueError(f"project id {project.id!r} cannot be written in a .pb file")
        cells = [project.id, format_number(project.cost)]
        if with_names:
            cells.append(project.name)
        cells.extend(project.extra.get(column, "None") for column in project_columns)
        row(cells)

    with_points = election.vote_type in POINTS_TYPES
    vote_columns = _columns(ballot.extra for ballot in election.ballots)
    row(["VOTES"])
    row(["voter_id", "vote", *(["points"] if with_points else []), *vote_columns])
    for ballot in election.ballots:
        cells = [ballot.voter_id, ",".join(ballot.vote)]
        if with_points:  # an empty points ballot: no points ("None"), as pabutools reads it
            points = ",".join(format_number(value) for value in ballot.points or ())
            cells.append(points or "None")
        cells.extend(ballot.extra.get(column, "None") for column in vote_columns)
        row(cells)

    text = buffer.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _columns(extras: Iterable[dict[str, str]]) -> list[str]:
    columns: dict[str, None] = {}
    for extra in extras:
        for key in extra:
            columns.setdefault(key, None)
    return list(columns)
