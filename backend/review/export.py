"""The CSV export of proposals for officials: pure formatting of rows (no queries here), for
spreadsheet software: UTF-8 with a byte order mark, ``;`` between cells, and no cell that a
spreadsheet could take for a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from proposals.models import Proposal

BOM = "\ufeff"
DELIMITER = ";"
PARIS = ZoneInfo("Europe/Paris")
HEADER = [
    "id",
    "title",
    "status",
    "area",
    "district",
    "theme",
    "author",
    "estimated_cost",
    "public_answer",
    "prepared_decision",
    "assignee",
    "created_at",
    "decided_at",
]
# A cell starting with one of these is a formula for Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> str | int:
    """A cell that cannot run as a formula: text starting with = + - @ (or a tab or a line
    break) gets a leading apostrophe, as OWASP recommends. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return value.astimezone(PARIS).isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def proposal_row(proposal: Proposal) -> list[str | int]:
    assignee, area, district, author = (
        proposal.assignee,
        proposal.area,
        proposal.district,
        proposal.author,
    )
    return [
        safe_cell(v)
        for v in (
            proposal.pk,
            proposal.title,
            proposal.status,
            area.code if area is not None else "",
            district.name if district is not None else "",
            proposal.theme.slug if proposal.theme_id else "",
            author.display_name if author is not None else "",
            proposal.estimated_cost,
            proposal.public_answer,
            proposal.prepared_decision,
            (assignee.display_name or assignee.email) if assignee is not None else "",
            proposal.created_at,
            proposal.decided_at,
        )
    ]


class _Echo:
    """A file-like object whose ``write`` hands the line back (csv.writer → generator)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(proposals: Iterable[Proposal]) -> Iterator[str]:
    """The export, line by line: the byte order mark and the header first."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    yield BOM + writer.writerow(HEADER)
    for proposal in proposals:
        yield writer.writerow(proposal_row(proposal))
