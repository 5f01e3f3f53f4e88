"""Writing many rows fast, and saying how fast: PostgreSQL's COPY through psycopg's
``cursor.copy``, a progress bar on a terminal (plain lines otherwise), and rows per second per
table."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from core.copying import copy_rows

__all__ = ["Progress", "Rates", "copy_rows"]


@dataclass
class Rates:
    """Rows written and seconds spent per table, in the order tables were first written."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, table: str, rows: int, seconds: float) -> None:
        self.rows[table] = self.rows.get(table, 0) + rows
        self.seconds[table] = self.seconds.get(table, 0.0) + seconds

    def per_second(self, table: str) -> float:
        return self.rows[table] / self.seconds[table] if self.seconds[table] else 0.0

    def lines(self) -> list[str]:
        return [
            f"  {table:<28} {self.rows[table]:>10,} rows  {self.seconds[table]:8.1f} s  "
            f"{self.per_second(table):>10,.0f} rows/s"
            for table in self.rows
        ]


class Progress:
    """A progress bar redrawn in place on a terminal; elsewhere (logs, CI) a plain line at each
    tenth of the way. ``advance(n)`` after each batch, ``close()`` at the end."""

    WIDTH = 30

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, max(total, 0), 0
        self.stream = stream if stream is not None else sys.stdout
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self._tenth = 0

    def _line(self) -> str:
        share = self.done / self.total if self.total else 1.0
        rate = self.done / max(time.perf_counter() - self.started, 1e-9)
        bar = "#" * int(share * self.WIDTH)
        return (
            f"{self.label:<22} [{bar:<{self.WIDTH}}] {share:4.0%} "
            f"{self.done:,}/{self.total:,}  {rate:,.0f}/s"
        )

    def advance(self, n: int) -> None:
        self.done += n
        if self.tty:
            self.stream.write("\r" + self._line())
            self.stream.flush()
            return
        tenth = int(10 * self.done / self.total) if self.total else 10
        if tenth > self._tenth:
            self._tenth = tenth
            self.stream.write(self._line() + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\r" + self._line() + "\n")
            self.stream.flush()
