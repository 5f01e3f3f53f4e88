"""A marker for "left out" in partial updates, where None is a real value (e.g. no location)."""

from typing import Any


class Unset:
    """Marks a field left out of a partial update."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = Unset()


def assign(obj: Any, **values: Any) -> None:
    """Set on ``obj`` the attributes given a value (those left ``UNSET`` stay as they are)."""
    for name, value in values.items():
        if value is not UNSET:
            setattr(obj, name, value)
