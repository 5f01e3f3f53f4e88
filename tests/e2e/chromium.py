"""The Chromium that the end-to-end tests and the browser benchmark drive (``BELVEDERE_CHROMIUM``,
by default the system's), and the flags it is started with: no sandbox or GPU, and none of its
own network traffic (updates, sync, QUIC) to disturb what is measured or tested."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("BELVEDERE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def launch_args(args: list[str] | None = None) -> dict[str, Any]:
    """Playwright's launch arguments: ``args`` followed by the flags, and this Chromium when it is
    installed (Playwright's own otherwise)."""
    launch: dict[str, Any] = {"args": [*(args or []), *CHROMIUM_FLAGS]}
    if Path(CHROMIUM).exists():
        launch["executable_path"] = CHROMIUM
    return launch
