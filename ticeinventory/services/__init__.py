"""Use cases. Each public call is one unit of work and returns plain records (ticeinventory.domain.records).

Importing the package itself loads nothing else: the window imports :mod:`.listing` (plain values) before a
base is open and SQLAlchemy is loaded. ``Actor`` is still offered here, from ``db.audit``, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ticeinventory.db.audit import Actor

__all__ = ["Actor"]


def __getattr__(name: str) -> Any:
    if name == "Actor":
        from ticeinventory.db.audit import Actor
        return Actor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
