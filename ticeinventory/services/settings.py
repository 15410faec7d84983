"""Application settings stored in the database (shared by every technician using it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ticeinventory.db import models as m
from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database
from ticeinventory.domain import inventory_number

DEFAULTS = {
    "inventory_pattern": inventory_number.DEFAULT_PATTERN,
    "city_name": "",
    "city_logo": "",  # path of a PNG or JPEG printed in the header of documents
}


def read(session: Session, key: str) -> str:
    row = session.get(m.Setting, key)
    return row.value if row else DEFAULTS[key]


class SettingsService:
    def __init__(self, db: Database, actor: Actor | None = None) -> None:
        self.db = db
        self.actor = actor

    def get(self, key: str) -> str:
        with self.db.reading() as session:
            return read(session, key)

    def set(self, key: str, value: str) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        if key == "inventory_pattern":
            inventory_number.check_pattern(value)
        if self.actor is None:  # not an assert: python -O would drop it
            raise RuntimeError("SettingsService needs an actor to write")
        with self.db.writing(self.actor) as session:
            row = session.get(m.Setting, key)
            if row is None:
                session.add(m.Setting(key=key, value=value))
            else:
                row.value = value
