"""Fixtures of the results tests: the shared pabulib elections and the pb_* commands."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

SHARED = (Path(__file__).resolve().parents[3] / ".." / "shared").resolve()
PABULIB = SHARED / "data" / "pabulib"


@pytest.fixture(scope="session")
def pabulib() -> Path:
    """The shared folder of pabulib elections, a sibling of the repository checkout."""
    if not list(PABULIB.glob("*.expected.json")):
        pytest.fail(f"the shared pabulib elections are missing from {PABULIB}", pytrace=False)
    return PABULIB


def run(command: str, *args: Any, **options: Any) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def pb_import(path: Path | str, slug: str) -> str:
    return run("pb_import", str(path), slug=slug)


def pb_tally(slug: str, rule: str, *flags: str) -> dict[str, Any]:
    return json.loads(run("pb_tally", slug, "--rule", rule, "--json", *flags))
