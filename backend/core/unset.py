"""A marker for "left out" in partial updates, where None is a real value (e.g. no location)."""

from typing import Any


class Unset:
    """Marks a field left out of a partial update."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()
