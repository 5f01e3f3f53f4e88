"""Fixtures of the tally tests: the shared pabulib elections and their expected outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = (Path(__file__).resolve().parents[3] / ".." / "shared").resolve()
PABULIB = SHARED / "data" / "pabulib"


def pabulib_dir() -> Path:
    """The shared folder of pabulib elections, a sibling of the repository checkout."""
    if not PABULIB.is_dir() or not list(PABULIB.glob("*.expected.json")):
        pytest.fail(
            f"the shared pabulib elections are missing: expected *.pb and *.expected.json in "
            f"{PABULIB} (the 'shared' folder must sit next to the repository checkout)",
            pytrace=False,
        )
    return PABULIB
