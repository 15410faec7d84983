"""Use cases. Each public call is one unit of work and returns plain records (ticeinventory.domain.records)."""

from ticeinventory.db.audit import Actor

__all__ = ["Actor"]
