"""The demonstration city: deterministic, valid, only in an empty base, and cancellable without leftovers."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ticeinventory.db import models as m
from ticeinventory.db.database import open_database
from ticeinventory.domain.enums import EquipmentStatus, SchoolType
from ticeinventory.domain.errors import TiceError
from ticeinventory.services import Actor
from ticeinventory.services.demo import DemoBuilder, school_ip
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.integrity import IntegrityService
from ticeinventory.services.schools import SchoolService
from ticeinventory.services.stats import StatsService

ACTOR = Actor("demo", "systeme")


def build(path: Path, schools: int, seed: int) -> list[tuple]:
    database = open_database(path)
    try:
        report = DemoBuilder(database, ACTOR).build(schools, seed)
        items = EquipmentService(database).list()
        assert report.equipment == len(items)
        return [(i.inventory_number, i.serial_number, i.mac_address, i.status.value, i.school_uai, i.room_name,
                 i.acquisition_date) for i in items]
    finally:
        database.close()


def test_same_seed_same_city_other_seed_other_city(tmp_path: Path) -> None:
    first = build(tmp_path / "a.sqlite", 3, 7)
    second = build(tmp_path / "b.sqlite", 3, 7)
    other = build(tmp_path / "c.sqlite", 3, 8)
    assert first == second
    assert first != other
    assert [row[1] for row in first] != [row[1] for row in other]  # serial numbers differ too


def test_demo_city_content(demo_db) -> None:
    schools = SchoolService(demo_db).list()
    types = {s.type for s in schools}
    assert {SchoolType.MATERNELLE, SchoolType.ELEMENTAIRE, SchoolType.AUTRE_SITE} <= types
    equipment = EquipmentService(demo_db)
    stock = equipment.list(EquipmentFilter(unassigned=True))
    assert stock and all(i.status is EquipmentStatus.EN_STOCK and i.plan_code == "DIJON-2015-AV2" for i in stock)
    hors_plan = equipment.list(EquipmentFilter(in_plan=False))
    assert hors_plan and all(i.funding_origin is not None for i in hors_plan)
    retired = equipment.list(EquipmentFilter(status=EquipmentStatus.REFORME))
    assert retired and all(i.retired_on and i.retirement_reason for i in retired)
    for school in schools:
        if school.type is SchoolType.MATERNELLE:
            codes = {i.category_code for i in equipment.list(EquipmentFilter(school_id=school.id))}
            assert {"PCP", "VID"} <= codes
    lab = [i for i in equipment.list(EquipmentFilter(category_code="PCF")) if i.room_name == "Salle informatique"]
    assert len(lab) % 12 == 0 and lab  # the 2009 endowment: 12 PCs per salle informatique
    assert IntegrityService(demo_db).check().ok
    with demo_db.reading() as session:
        audited = session.scalar(select(func.count()).select_from(m.AuditLog)
                                 .where(m.AuditLog.entity == "equipment", m.AuditLog.action == "create"))
    assert audited == StatsService(demo_db).summary().equipment  # built through the services: audited


def test_demo_refuses_a_base_that_has_schools(demo_db) -> None:
    before = StatsService(demo_db).summary()
    with pytest.raises(TiceError, match="contient déjà des écoles"):
        DemoBuilder(demo_db, ACTOR).build(3, 1)
    assert StatsService(demo_db).summary() == before


def test_cancel_leaves_the_base_empty(db) -> None:
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 2

    with pytest.raises(TiceError, match="annulée"):
        DemoBuilder(db, ACTOR).build(5, 3, progress=progress)
    assert calls == [(1, 6), (2, 6)]
    with db.reading() as session:
        for model in (m.School, m.Room, m.Equipment, m.AuditLog, m.Sequence):
            assert session.scalar(select(func.count()).select_from(model)) == 0, model
    report = DemoBuilder(db, ACTOR).build(2, 3, progress=lambda done, total: calls.append((done, total)))
    assert report.schools == 2 and calls[-1] == (3, 3)  # the base is still usable, progress ends at total


@pytest.mark.parametrize("count", [0, 2001])
def test_school_count_bounds(db, count: int) -> None:
    with pytest.raises(TiceError, match="entre 1 et 2000"):
        DemoBuilder(db, ACTOR).build(count)


def test_school_addresses_stay_valid_for_the_largest_demo() -> None:
    addresses = [school_ip(n, 34) for n in range(1, 2001)]
    assert all(ipaddress.ip_address(a) for a in addresses)
    assert len(set(addresses)) == 2000
    assert school_ip(12, 21) == "10.21.12.21"
