"""The import and export on PostgreSQL: the batched inserts take another path there (RETURNING ids, Core inserts).

The throwaway cluster comes from tests/db/test_postgres.py (loaded by path: test folders are not packages).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from import_support import UAI_A, equipment_file, item

from ticeinventory.db.database import open_database
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.services.equipment import EquipmentService
from ticeinventory.services.export import ExportService
from ticeinventory.services.importing import DuplicatePolicy, ImportOptions, ImportService
from ticeinventory.services.integrity import IntegrityService
from ticeinventory.services.schools import SchoolService

_spec = importlib.util.spec_from_file_location(
    "tice_pg_fixtures", Path(__file__).resolve().parents[1] / "db" / "test_postgres.py")
_pg = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_pg)
pg_server, pg_url = _pg.pg_server, _pg.pg_url

pytestmark = pytest.mark.postgres


def test_import_export_round_trip_on_postgresql(pg_url, actor, tmp_path):
    db = open_database(pg_url)
    try:
        SchoolService(db, actor).create(uai=UAI_A, name="École élémentaire Voltaire", type="elementaire")
        service = ImportService(db, actor)
        path = equipment_file(tmp_path / "e.csv", item(numero_inventaire="PG-1", numero_serie="S1", salle="BCD"),
                              item(numero_serie="S2", statut="Réformé"), item(numero_serie="S3", prix_achat="12,5"))
        before = service.equipment(path, options=ImportOptions(dry_run=True))
        assert before.created == 3 and EquipmentService(db).count() == 0
        report = service.equipment(path)
        assert report.committed and report.created == 3, report.errors
        items = {i.serial_number: i for i in EquipmentService(db).list()}
        assert items["S1"].room_name == "BCD" and items["S2"].status is EquipmentStatus.REFORME
        assert {items["S2"].inventory_number, items["S3"].inventory_number} == {"PCF-2009-00001", "PCF-2009-00002"}
        assert items["S3"].purchase_price_cents == 1250
        assert IntegrityService(db).check().ok
        exported = ExportService(db).equipment(tmp_path / "export.csv").path
        again = service.equipment(exported, options=ImportOptions(on_duplicate=DuplicatePolicy.UPDATE))
        assert again.unchanged == 3 and again.created == again.updated == 0
        EquipmentService(db, actor).create(category="PCF", plan="DIJON-2009")  # ids and counters still agree
    finally:
        db.close()
