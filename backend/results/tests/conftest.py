"""Fixtures of the results tests: the pabulib elections and the pb_* commands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

# Real pabulib elections with their pabutools 1.2.3 outcomes, kept in the repository.
PABULIB = Path(__file__).resolve().parents[3] / "fixtures" / "pabulib"


@pytest.fixture(scope="session")
def pabulib() -> Path:
    """The repository's pabulib elections (fixtures/pabulib)."""
    if not list(PABULIB.glob("*.expected.json")):
        pytest.fail(f"the pabulib elections are missing from {PABULIB}", pytrace=False)
    return PABULIB


def run(command: str, *args: Any, **options: Any) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def pb_import(path: Path | str, slug: str) -> str:
    return run("pb_import", str(path), slug=slug)


def pb_tally(slug: str, rule: str, *flags: str) -> dict[str, Any]:
    return json.loads(run("pb_tally", slug, "--rule", rule, "--json", *flags))
