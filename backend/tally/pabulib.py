"""Reading and writing the pabulib ``.pb`` format.

A ``.pb`` file has three ``;``-separated sections, in this order, each opened by a line holding
only its name and followed by a header row:

- ``META`` (header ``key;value``): ``budget`` and ``vote_type`` are required; every other key
  (``description``, ``min_length``, ``rule``…) is kept as text;
- ``PROJECTS``: at least ``project_id`` and ``cost``, often ``name``, ``votes``, ``score``,
  ``category``, ``latitude``…;
- ``VOTES``: at least ``voter_id`` and ``vote`` (comma-separated project ids, best first for
  ``ordinal``), plus ``points`` (aligned with ``vote``) for ``cumulative`` and ``scoring``, and
  optional voter columns (``age``, ``sex``…).

Fields may be quoted (``"a;b"``). Blank lines are ignored; the value ``None`` means "no value"
(as in pabutools). A file that breaks these rules raises :class:`PabulibError` with the line
number and the reason; nothing is half-read. :func:`write` produces a file that :func:`parse`
reads back into an equal :class:`~tally.model.Election`.
"""

from __future__ import annotations

import csv
import io
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
    """Non-blank rows with the line number where each starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise PabulibError(start, f"unreadable row ({error})") from error
        line, start = start, reader.line_num + 1
        if row and any(cell.strip() for cell in row):
            yield line, row


def _header(line: int, row: list[str], section: str, required: tuple[str, ...]) -> list[str]:
    header = [cell.strip() for cell in row]
    while header and not header[-1]:
        header.pop()
    seen: set[str] = set()
    for name in header:
        if not name:
            raise PabulibError(line, f"{section} header has an empty column name")
        if name in seen:
            raise PabulibError(line, f"{section} header names column {name!r} twice")
        seen.add(name)
    for name in required:
        if name not in seen:
            raise PabulibError(line, f"{section} header has no {name!r} column")
    return header


def _fields(line: int, row: list[str], header: list[str], section: str) -> dict[str, str]:
    cells = [cell.strip() for cell in row]
    while len(cells) > len(header) and not cells[-1]:
        cells.pop()
    if len(cells) != len(header):
        raise PabulibError(
            line, f"{section} row has {len(cells)} fields where the header has {len(header)}"
        )
    return dict(zip(header, cells, strict=True))


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
    voters: set[str] = set()
    section = ""
    section_line = 0
    header: list[str] | None = None
    vote_type = ""
    last_line = 0

    for line, row in _rows(text):
        last_line = line
        first = row[0].strip().lower()
        if first in SECTIONS and all(not cell.strip() for cell in row[1:]):
            expected = SECTIONS[SECTIONS.index(section) + 1] if section else "meta"
            if first != expected:
                raise PabulibError(
                    line, f"section {first.upper()} where {expected.upper()} was expected"
                )
            if section and header is None:
                raise PabulibError(line, f"section {section.upper()} has no header row")
            if first == "projects":
                vote_type = _check_meta(meta, meta_lines, section_line)
            section, section_line, header = first, line, None
            continue
        if not section:
            raise PabulibError(line, "text before the META section")
        if header is None:
            required = {
                "meta": (),
                "projects": ("project_id", "cost"),
                "votes": ("voter_id", "vote"),
            }
            header = _header(line, row, section.upper(), required[section])
            continue
        if section == "meta":
            cells = [cell.strip() for cell in row]
            while len(cells) > 2 and not cells[-1]:
                cells.pop()
            if len(cells) != 2 or not cells[0]:
                raise PabulibError(line, "META rows are key;value")
            if cells[0] in meta:
                raise PabulibError(line, f"META key {cells[0]!r} is given twice")
            meta[cells[0]] = cells[1]
            meta_lines[cells[0]] = line
        elif section == "projects":
            project = _project(line, _fields(line, row, header, "PROJECTS"))
            if project.id in projects:
                raise PabulibError(line, f"project {project.id!r} is listed twice")
            projects[project.id] = project
        else:
            ballot = _ballot(line, _fields(line, row, header, "VOTES"), vote_type, projects)
            if ballot.voter_id in voters:
                raise PabulibError(line, f"voter {ballot.voter_id!r} has two ballots")
            voters.add(ballot.voter_id)
            ballots.append(ballot)

    if section and header is None:
        raise PabulibError(section_line, f"section {section.upper()} has no header row")
    if section != "votes":
        missing = SECTIONS[SECTIONS.index(section) + 1] if section else "meta"
        raise PabulibError(last_line + 1, f"the file ends before the {missing.upper()} section")
    return Election(meta=meta, projects=list(projects.values()), ballots=ballots)


def _check_meta(meta: dict[str, str], lines: dict[str, int], section_line: int) -> str:
    for key in ("budget", "vote_type"):
        if key not in meta:
            raise PabulibError(section_line, f"META has no {key!r}")
    _number(lines["budget"], meta["budget"], "budget")
    vote_type = meta["vote_type"].strip()
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            lines["vote_type"],
            f"unknown vote_type {vote_type!r} (expected one of {', '.join(VOTE_TYPES)})",
        )
    return vote_type


def _project(line: int, fields: dict[str, str]) -> Project:
    project_id = fields.pop("project_id")
    if not project_id or _is_none(project_id):
        raise PabulibError(line, "project without a project_id")
    if "," in project_id:
        raise PabulibError(line, f"project id {project_id!r} contains a comma")
    cost_text = fields.pop("cost")
    if _is_none(cost_text):
        raise PabulibError(line, f"project {project_id!r} has no cost")
    cost = _number(line, cost_text, f"cost of project {project_id!r}")
    name = fields.pop("name", "")
    name = "" if _is_none(name) else name
    extra = {key: value for key, value in fields.items() if not _is_none(value)}
    return Project(id=project_id, cost=cost, name=name, extra=extra)


def _ballot(
    line: int, fields: dict[str, str], vote_type: str, projects: dict[str, Project]
) -> Ballot:
    voter_id = fields.pop("voter_id")
    if not voter_id or _is_none(voter_id):
        raise PabulibError(line, "ballot without a voter_id")
    vote_text = fields.pop("vote")
    if _is_none(vote_text):
        raise PabulibError(line, f"ballot of voter {voter_id!r} has no vote")
    vote = tuple(entry.strip() for entry in vote_text.split(",") if entry.strip())
    seen: set[str] = set()
    for project_id in vote:
        if project_id not in projects:
            raise PabulibError(
                line, f"ballot of voter {voter_id!r} names unknown project {project_id!r}"
            )
        if project_id in seen:
            raise PabulibError(
                line, f"ballot of voter {voter_id!r} names project {project_id!r} twice"
            )
        seen.add(project_id)
    points: tuple[Number, ...] | None = None
    if vote_type in POINTS_TYPES:
        points_text = fields.pop("points", "")
        entries = [] if _is_none(points_text) else [e for e in points_text.split(",") if e.strip()]
        if len(entries) != len(vote):
            raise PabulibError(
                line,
                f"ballot of voter {voter_id!r} gives {len(entries)} points for {len(vote)} projects",
            )
        minimum = 0 if vote_type == "cumulative" else None
        points = tuple(
            _number(line, entry, f"points of voter {voter_id!r}", minimum=minimum)
            for entry in entries
        )
    extra = {key: value for key, value in fields.items() if not _is_none(value)}
    return Ballot(voter_id=voter_id, vote=vote, points=points, extra=extra)


def write(election: Election, path: str | Path | None = None) -> str:
    """The ``.pb`` text for ``election`` (also written to ``path`` when given, UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quotechar='"', lineterminator="\n")
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in election.meta.items():
        writer.writerow([key, value])

    with_names = any(project.name for project in election.projects)
    project_columns = _columns(project.extra for project in election.projects)
    writer.writerow(["PROJECTS"])
    writer.writerow(["project_id", "cost", *(["name"] if with_names else []), *project_columns])
    for project in election.projects:
        if "," in project.id or project.id != project.id.strip() or not project.id:
            raise ValueError(f"project id {project.id!r} cannot be written in a .pb file")
        row = [project.id, format_number(project.cost)]
        if with_names:
            row.append(project.name)
        row.extend(project.extra.get(column, "None") for column in project_columns)
        writer.writerow(row)

    with_points = election.vote_type in POINTS_TYPES
    vote_columns = _columns(ballot.extra for ballot in election.ballots)
    writer.writerow(["VOTES"])
    writer.writerow(["voter_id", "vote", *(["points"] if with_points else []), *vote_columns])
    for ballot in election.ballots:
        row = [ballot.voter_id, ",".join(ballot.vote)]
        if with_points:
            row.append(",".join(format_number(value) for value in ballot.points or ()))
        row.extend(ballot.extra.get(column, "None") for column in vote_columns)
        writer.writerow(row)

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
