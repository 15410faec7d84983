"""City figures add up; the integrity check passes on a sound base and names what is broken in a damaged one."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.integrity import IntegrityService
from ticeinventory.services.schools import SchoolService
from ticeinventory.services.stats import StatsService


def test_stats_of_a_small_city(db, actor) -> None:
    schools = SchoolService(db, actor)
    school = schools.create(uai="0210001M", name="Voltaire", type="maternelle")
    schools.add_room(school.id, "Classe des grands")
    equipment = EquipmentService(db, actor)
    pc = equipment.create(category="PCP", plan="DIJON-2015-AV2", school=school.id)
    equipment.create(category="VID", plan="DIJON-2015-AV2", school=school.id)
    equipment.create(category="TAB", funding_origin="don", school=school.id)
    old = equipment.create(category="PCF", plan="DIJON-2009")
    equipment.retire([old.id], "Obsolète")
    equipment.change_status([pc.id], "volé")
    stats = StatsService(db).summary()
    assert (stats.schools, stats.rooms, stats.equipment, stats.in_plan, stats.out_of_plan) == (1, 1, 4, 3, 1)
    assert stats.by_plan == {"DIJON-2015-AV2": 2, "DIJON-2009": 1, "hors_plan": 1}
    assert stats.by_school_type == {"maternelle": 3, "stock": 1}
    assert stats.by_status == {"en_service": 2, "reforme": 1, "vole": 1}
    assert stats.by_category == {"PC fixe": 1, "PC portable": 1, "Tablette": 1, "Vidéoprojecteur": 1}
    live = StatsService(db).summary(include_retired=False)  # réformé, perdu, volé are out of the fleet
    assert (live.equipment, live.in_plan, live.out_of_plan) == (2, 1, 1)
    assert live.by_status == {"en_service": 2}


def test_stats_of_the_demo_city_are_consistent(demo_db) -> None:
    stats = StatsService(demo_db).summary()
    equipment = EquipmentService(demo_db)
    assert stats.schools == len(SchoolService(demo_db).list()) == 12
    assert stats.rooms == sum(len(SchoolService(demo_db).rooms(s.id)) for s in SchoolService(demo_db).list())
    assert stats.equipment == equipment.count() > 300
    assert stats.in_plan + stats.out_of_plan == stats.equipment
    for breakdown in (stats.by_category, stats.by_status, stats.by_plan, stats.by_school_type):
        assert sum(breakdown.values()) == stats.equipment
    assert stats.by_plan["hors_plan"] == stats.out_of_plan == equipment.count(EquipmentFilter(in_plan=False))
    assert stats.by_school_type["stock"] == equipment.count(EquipmentFilter(unassigned=True))
    for status, n in stats.by_status.items():
        assert equipment.count(EquipmentFilter(status=EquipmentStatus(status))) == n
    live = StatsService(demo_db).summary(include_retired=False)
    assert live.equipment == equipment.count(EquipmentFilter(include_retired=False)) < stats.equipment
    assert live.in_plan + live.out_of_plan == live.equipment == sum(live.by_status.values())


# -- integrity -------------------------------------------------------------------------------------------------


def test_integrity_of_the_demo_is_ok(demo_db) -> None:
    report = IntegrityService(demo_db).check()
    assert report.ok, report.problems
    assert len(report.checked) >= 8


def raw(path: Path, *statements: str) -> None:
    """Write behind the application's back, constraints off, as another tool could."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            conn.execute(statement)
        conn.commit()


@pytest.mark.parametrize("statements, expected", [
    (["INSERT INTO equipment (inventory_number, category_id, manufacturer, model, serial_number, school_id, status, "
      "plan_id, supplier, order_reference, network_name, mac_address, ip_address, notes, retirement_reason) VALUES "
      "('FANTOME-1', 1, '', '', '', 9999, 'en_service', 1, '', '', '', '', '', '', '')"],
     "« equipment » désigne une ligne absente de « schools »"),
    (["UPDATE equipment SET room_id = (SELECT r.id FROM rooms r JOIN schools s ON s.id = r.school_id "
      "WHERE s.id <> equipment.school_id LIMIT 1) WHERE inventory_number = 'PCF-2009-00001'"],
     "L'équipement PCF-2009-00001 est rangé dans une salle d'une autre école."),
    (["UPDATE equipment SET plan_id = NULL, funding_origin = NULL, phase_id = NULL "
      "WHERE inventory_number = 'PCF-2009-00001'"],
     "L'équipement PCF-2009-00001 doit être soit dans un plan, soit hors plan avec une origine."),
    # (SQLite's integrity_check also reports the CHECK constraint: two problems for that one)
    (["UPDATE equipment SET phase_id = (SELECT id FROM plan_phases WHERE name = 'Classes mobiles') "
      "WHERE inventory_number = 'PCF-2009-00001'"],
     "L'équipement PCF-2009-00001 a une phase d'un autre plan."),
    (["UPDATE schools SET uai = substr(uai, 1, 7) || CASE substr(uai, 8) WHEN 'A' THEN 'B' ELSE 'A' END "
      "WHERE id = 1"], "a un code UAI invalide"),
    (["UPDATE equipment SET status = 'casse' WHERE inventory_number = 'PCF-2009-00001'"],
     "L'équipement PCF-2009-00001 a un statut inconnu : casse."),
    (["UPDATE equipment SET status = 'reforme', retired_on = NULL WHERE inventory_number = 'PCF-2009-00001'"],
     "1 équipement(s) réformé(s) sans date de réforme."),
    (["UPDATE alembic_version SET version_num = '0001'"], "Le schéma est à la version 0001"),
])
def test_integrity_names_the_broken_row(demo_db, demo_path: Path, statements: list[str], expected: str) -> None:
    raw(demo_path, *statements)
    report = IntegrityService(demo_db).check()
    assert not report.ok
    assert any(expected in problem for problem in report.problems), report.problems
    others = [p for p in report.problems if expected not in p and "CHECK constraint failed" not in p]
    assert others == [], report.problems
