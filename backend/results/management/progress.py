"""Progress on a terminal for the pabulib commands: one line rewritten in place, only when the
output is a terminal (scripts and tests get the final lines only)."""

from __future__ import annotations

from django.core.management.base import OutputWrapper


class Progress:
    def __init__(self, out: OutputWrapper) -> None:
        self.out = out
        self.active = out.isatty()
        self.shown = False

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.active:
            return
        share = done / total if total else 1.0
        self.out.write(f"\r{label:<10} {done:>9,}/{total:,} ({share:6.1%})", ending="")
        self.out.flush()
        self.shown = True

    def status(self, text: str) -> None:
        if self.active:
            self.out.write(f"\r{text:<50}", ending="")
            self.out.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.out.write("\r" + " " * 50 + "\r", ending="")
            self.out.flush()
            self.shown = False
