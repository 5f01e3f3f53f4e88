"""The version of the code that counts, as the audit records of a tally give it: the git
commit the deployment declares (``BELVEDERE_COMMIT``), else the commit checked out in the
repository (read from ``.git``, no process started), else the installed package's version."""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import metadata
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
COMMIT = re.compile(r"^[0-9a-f]{40}$")


def _checked_out(git: Path) -> str:
    """The commit ``HEAD`` points to, or ``""``."""
    try:
        head = (git / "HEAD").read_text().strip()
        if COMMIT.match(head):
            return head
        ref = head.removeprefix("ref: ").strip()
        loose = git / ref
        if loose.is_file():
            commit = loose.read_text().strip()
            return commit if COMMIT.match(commit) else ""
        for line in (git / "packed-refs").read_text().splitlines():
            commit, _, name = line.partition(" ")
            if name == ref and COMMIT.match(commit):
                return commit
    except OSError:
        pass
    return ""


@cache
def code_version() -> str:
    """``git:<commit>``, or ``belvedere <version>``."""
    declared = os.environ.get("BELVEDERE_COMMIT", "").strip()
    commit = declared or _checked_out(REPOSITORY / ".git")
    if commit:
        return f"git:{commit}"
    try:
        return f"belvedere {metadata.version('belvedere')}"
    except metadata.PackageNotFoundError:
        return "belvedere (unknown version)"
