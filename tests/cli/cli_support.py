"""Helpers shared by the command-line tests (imported by name: tests/cli is on sys.path under pytest)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import func, select

from ticeinventory.db.database import open_database
from ticeinventory.db.models import AuditLog


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


def audit_rows(path: Path, *where) -> list[SimpleNamespace]:
    """Audit rows of the database at ``path`` matching ``where``, read through the application's own session
    (copied out as plain objects: the read-only session is rolled back, which expires ORM rows)."""
    database = open_database(path)
    try:
        with database.reading() as session:
            columns = [c.key for c in AuditLog.__table__.columns]
            rows = session.scalars(select(AuditLog).where(*where).order_by(AuditLog.id))
            return [SimpleNamespace(**{c: getattr(row, c) for c in columns}) for row in rows]
    finally:
        database.close()


def audit_count(path: Path) -> int:
    database = open_database(path)
    try:
        with database.reading() as session:
            return session.scalar(select(func.count()).select_from(AuditLog))
    finally:
        database.close()
