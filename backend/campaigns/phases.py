"""Which phase a campaign is in: a pure function of its dates and an explicit ``now``."""

from __future__ import annotations

from datetime import datetime


def current_phase(*, submission_start: datetime, submission_end: datetime, now: datetime) -> str:
    """``draft`` before submissions open, ``submission`` in [start, end), ``review`` after."""
    if now < submission_start:
        return "draft"
    if now < submission_end:
        return "submission"
    return "review"
