"""Shared by the maintenance tests: a small city (one school equipped along the Dijon plan, with a hors plan item,
an item under warranty and a neighbour school, built once then copied) and a clock the tests move by hand.
No tests here."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ticeinventory.db import models as m
from ticeinventory.db.database import open_database
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.records import EquipmentInfo, RoomInfo, SchoolInfo
from ticeinventory.services import Actor
from ticeinventory.services.equipment import EquipmentService
from ticeinventory.services.maintenance import MaintenanceService
from ticeinventory.services.schools import SchoolService

MONDAY = datetime(2026, 3, 16, 8, 0)  # the tests' "now" starts on a Monday morning
TECH = "Karim Benali"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class Site:
    db: object
    clock: Clock
    maintenance: MaintenanceService
    equipment: EquipmentService
    school: SchoolInfo
    other: SchoolInfo
    lab: RoomInfo
    office: RoomInfo
    pc: EquipmentInfo  # in plan, warranty over since 2012
    screen: EquipmentInfo  # in plan, no warranty date
    donated: EquipmentInfo  # hors plan (don)
    new_pc: EquipmentInfo  # in plan, under warranty until 30/06/2027
    switch: EquipmentInfo  # in plan, network
    other_pc: EquipmentInfo  # in the other school

    def status(self, item: EquipmentInfo) -> EquipmentStatus:
        return self.equipment.get(item.id).status

    @property
    def incidents(self):
        return self.maintenance.incidents

    @property
    def interventions(self):
        return self.maintenance.interventions


def _equip(db, actor: Actor) -> dict:
    schools = SchoolService(db, actor)
    school = schools.create(uai="0210001M", name="École élémentaire Voltaire", commune="Dijon")
    other = schools.create(uai="0131266F", name="École Jean Macé", commune="Marseille")
    lab = schools.add_room(school.id, "Salle informatique", "salle_informatique")
    office = schools.add_room(school.id, "Bureau de direction", "bureau_direction")
    schools.add_room(other.id, "Classe CP", "classe")
    equipment = EquipmentService(db, actor)

    def item(category: str, room: str = "Salle informatique", school_uai: str = "0210001M", **values):
        values.setdefault("plan", "DIJON-2009")
        return equipment.create(category=category, school=school_uai, room=room, manufacturer="Dell",
                                acquisition_date=values.pop("acquired", "06/07/2009"), supplier="Dell SAS", **values)

    return dict(
        school=school, other=other, lab=lab, office=office,
        pc=item("PC fixe", model="OptiPlex 380", warranty_end="06/07/2012"),
        screen=item("Écran", model="E1910"),
        donated=item("Imprimante jet d'encre multifonction", room="Bureau de direction", plan=None,
                     funding_origin="don", model="Officejet"),
        new_pc=item("PC fixe", model="OptiPlex 7010", acquired="30/06/2025", warranty_end="30/06/2027"),
        switch=item("Switch", model="PowerConnect 2824"),
        other_pc=item("PC fixe", room="Classe CP", school_uai="0131266F", model="OptiPlex 380"),
    )


_TEMPLATES: dict[str, tuple[Path, dict]] = {}


def _template(factory: pytest.TempPathFactory, actor: Actor) -> tuple[Path, dict]:
    """The small city, built once per test run through the migrations and the services, then copied."""
    key = str(factory.getbasetemp())
    if key not in _TEMPLATES:
        path = factory.mktemp("maintenance") / "template.sqlite"
        db = open_database(path)
        try:
            infos = _equip(db, actor)
            with db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
        _TEMPLATES[key] = (path, infos)
    return _TEMPLATES[key]


@contextmanager
def build_site(factory: pytest.TempPathFactory, tmp_path: Path, actor: Actor) -> Iterator[Site]:
    """A fresh copy of the small city. Each test module declares its ``site`` fixture with it (importing
    fixtures would hide them from linters), and ``clock`` as ``site.clock``."""
    template, infos = _template(factory, actor)
    path = tmp_path / "maintenance.sqlite"
    shutil.copyfile(template, path)
    db = open_database(path)
    clock = Clock(MONDAY)
    try:
        yield Site(db=db, clock=clock, maintenance=MaintenanceService(db, actor, clock=clock),
                   equipment=EquipmentService(db, actor), **infos)
    finally:
        db.close()


def audit(db, entity: str, entity_id: int | None = None) -> list:
    """Audit rows (plain rows: action, field, old_value, new_value, user, entity_id…) of one table, in order."""
    table = m.AuditLog.__table__
    query = select(table).where(table.c.entity == entity).order_by(table.c.id)
    if entity_id is not None:
        query = query.where(table.c.entity_id == entity_id)
    with db.reading() as session:
        return list(session.execute(query).all())


def report(site: Site, item: EquipmentInfo | None = None, **values):
    """A director's report, by default a hardware breakdown of ``item`` an hour before the clock."""
    values.setdefault("school", item.school_uai if item else site.school.uai)
    values.setdefault("description", "Le poste ne démarre plus, écran noir.")
    values.setdefault("nature", "materiel")
    values.setdefault("reporter_name", "Sophie Martin")
    values.setdefault("reported_at", site.clock.now - timedelta(hours=1))
    return site.incidents.report(equipment=item.inventory_number if item else None, **values)
