"""Fixtures of the tally tests: the pabulib elections and their expected outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

# Real pabulib elections with their pabutools 1.2.3 outcomes, kept in the repository.
PABULIB = Path(__file__).resolve().parents[3] / "fixtures" / "pabulib"


def pabulib_dir() -> Path:
    """The repository's pabulib elections (fixtures/pabulib)."""
    if not PABULIB.is_dir() or not list(PABULIB.glob("*.expected.json")):
        pytest.fail(
            f"the pabulib elections are missing: expected *.pb and *.expected.json in {PABULIB}",
            pytrace=False,
        )
    return PABULIB
