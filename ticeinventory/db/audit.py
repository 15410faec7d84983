"""The audit trail: every insert, update and delete flushed by a session is written to ``audit_log``
in the same transaction, with the actor the unit of work was opened for.

Hooking the session's flush (rather than asking each service to remember) means no write can escape it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .models import AuditLog, Base, Sequence

NOT_AUDITED = (AuditLog, Sequence)


@dataclass(frozen=True)
class Actor:
    """Who acts, and through which front end (``ecran``, ``import``, ``cli``, ``systeme``)."""

    user: str
    source: str


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _snapshot(obj: Base) -> str:
    mapper = inspect(obj).mapper
    values = {}
    for attr in mapper.column_attrs:
        value = getattr(obj, attr.key)
        if value not in (None, "") and attr.key != "id":
            values[attr.key] = _text(value)
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def _rows(session: Session, actor: Actor) -> list[dict]:
    at = utcnow()
    rows: list[dict] = []

    def row(obj: Base, action: str, field: str | None, old: str | None, new: str | None) -> None:
        key = inspect(obj).mapper.primary_key_from_instance(obj)[0]
        entity = obj.__tablename__ if isinstance(key, int) else f"{obj.__tablename__}:{key}"
        rows.append({"at": at, "user": actor.user, "source": actor.source, "entity": entity,
                     "entity_id": key if isinstance(key, int) else 0, "action": action, "field": field,
                     "old_value": old, "new_value": new})

    for obj in session.new:
        if not isinstance(obj, NOT_AUDITED):
            row(obj, "create", None, None, _snapshot(obj))
    for obj in session.dirty:
        if isinstance(obj, NOT_AUDITED) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            history = state.attrs[attr.key].history
            if not history.has_changes():
                continue
            old = _text(history.deleted[0]) if history.deleted else None
            new = _text(history.added[0]) if history.added else None
            if old != new:
                row(obj, "update", attr.key, old, new)
    for obj in session.deleted:
        if not isinstance(obj, NOT_AUDITED):
            row(obj, "delete", None, _snapshot(obj), None)
    return rows


def install(session_class: type[Session]) -> None:
    """Attach the audit hook to every session made from ``session_class``."""

    @event.listens_for(session_class, "after_flush")
    def _write_audit(session: Session, _flush_context) -> None:
        if not (session.new or session.dirty or session.deleted):
            return
        actor = session.info.get("actor")
        if actor is None:
            raise RuntimeError("write without an actor: open the unit of work with Database.writing(actor)")
        rows = _rows(session, actor)
        if rows:
            session.connection().execute(AuditLog.__table__.insert(), rows)
