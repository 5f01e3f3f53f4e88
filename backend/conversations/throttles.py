"""How often comments and supports may be written (``core.throttles``' style; rates in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``: ``COMMENT_THROTTLE``, ``SUPPORT_THROTTLE``)."""

from __future__ import annotations

from core.throttles import ByUser


class CommentThrottle(ByUser):
    """Comments, replies and edits, per person. Redis down: local (counted in this process:
    a comment costs nothing to write in bulk, so the bound stays)."""

    scope = "comment"
    methods = frozenset({"POST", "PATCH"})


class SupportThrottle(ByUser):
    """Supporting and taking it back, per person. Redis down: open (one support per person
    and proposal is a database constraint)."""

    scope = "support"
    when_redis_down = "open"
