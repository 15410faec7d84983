"""What an import does to go fast on SQLite, and that it changes nothing else: the audit row of a new item
built in SQL (the same text as in Python, byte for byte), and the equipment table's indexes dropped for a bulk
load and built again before the commit (or put back by the rollback)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from import_support import UAI_A, dump, equipment_file, item
from sqlalchemy import event, select

from ticeinventory.db import models as m
from ticeinventory.db.audit import _text
from ticeinventory.services.equipment import EquipmentService
from ticeinventory.services.importing import (
    DuplicatePolicy,
    ImportCancelled,
    ImportOptions,
    ImportService,
    equipment_import,
)
from ticeinventory.services.importing.equipment_import import IMPORT_KEYS, SNAPSHOT_SQL, import_snapshot
from ticeinventory.services.importing.equipment_rows import COLUMNS

# any text a file may hold: accents, quotes, backslashes, control characters (NUL included), emoji, blanks
TEXT = st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=15),
                 st.text(st.sampled_from('"\\/\x00\x01\x08\x0c\n\r\t\x1f\x7f\x80\u2028éœ😀 \'{}:,'), max_size=8),
                 st.sampled_from(["", " ", "null", "12", "0"]))
DATE = st.none() | st.dates()
TEXT_COLUMNS = [c.key for c in m.Equipment.__table__.c if c.type.python_type is str]


class _Rollback(Exception):
    pass


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.fixed_dictionaries({c: TEXT for c in TEXT_COLUMNS}),
       dates=st.fixed_dictionaries({c: DATE for c in ("acquisition_date", "warranty_end", "assigned_on",
                                                      "retired_on")}),
       price=st.none() | st.integers(0, 10**12), school=st.booleans(), plan=st.booleans(), parent=st.booleans(),
       category=st.integers(0, 5), source=TEXT)
def test_the_snapshot_built_in_sql_is_the_one_built_in_python(city, actor, texts, dates, price, school, plan, parent,
                                                              category, source):
    """The row is written as the import writes it (its dates as the dialect stores them), read back by
    SNAPSHOT_SQL, and compared with import_snapshot and with its definition (json.dumps of db.audit._text)."""
    assume(texts["inventory_number"] != "PARENT")
    try:
        with city.writing(actor) as session:
            conn = session.connection()
            categories = session.scalars(select(m.Category.id).order_by(m.Category.id)).all()
            plans = session.scalars(select(m.Plan.id).order_by(m.Plan.id)).all()
            schools = session.scalars(select(m.School.id).order_by(m.School.id)).all()
            blank = [c for c in TEXT_COLUMNS if c not in ("inventory_number", "status", "funding_origin",
                                                          "attribution")]
            empties = ", ".join("''" for _c in blank)
            first = conn.exec_driver_sql(f"INSERT INTO equipment (inventory_number, category_id, status, "
                                         f"funding_origin, {', '.join(blank)}) VALUES ('PARENT', ?, 'en_stock', "
                                         f"'don', {empties})", (categories[0],)).lastrowid
            values = {**texts, **dates, "id": first + 1, "category_id": categories[category % len(categories)],
                      "school_id": schools[-1] if school else None, "room_id": None,
                      "plan_id": plans[0] if plan else None, "phase_id": None, "purchase_price_cents": price,
                      "parent_id": first if parent else None}
            if plan:
                values["funding_origin"] = None
            elif not values["funding_origin"]:
                values["funding_origin"] = "don"
            row = [values[c] for c in COLUMNS]
            stored = [v.isoformat() if isinstance(v, date) else v for v in row]
            conn.exec_driver_sql(f"INSERT INTO equipment ({', '.join(COLUMNS)}) "
                                 f"VALUES ({', '.join('?' * len(COLUMNS))})", tuple(stored))
            built = conn.exec_driver_sql(f"SELECT {SNAPSHOT_SQL} FROM equipment WHERE id = ?",
                                         (source, first + 1)).scalar()
            assert built == import_snapshot(row, source) == import_snapshot(stored, source)
            assert built == json.dumps({"import": source, **{c: _text(values[c]) for c in IMPORT_KEYS}},
                                       ensure_ascii=False, separators=(",", ":"))
            raise _Rollback
    except _Rollback:
        pass


def _audit(db, entity_ids=None):
    with db.reading() as session:
        query = select(m.AuditLog).where(m.AuditLog.entity == "equipment").order_by(m.AuditLog.id)
        return [SimpleNamespace(**{c.key: getattr(r, c.key) for c in m.AuditLog.__table__.c})
                for r in session.scalars(query)]


def test_the_audit_rows_of_new_items_say_their_file_and_what_they_are(city, actor, tmp_path, monkeypatch):
    """Items not retired: their create rows are built in SQL, batch by batch, in the items' order; the same text
    as in Python, and what they are as the screen's rows say it (the texts made awkward on purpose)."""
    monkeypatch.setattr(equipment_import, "CHUNK", 2)
    odd = dict(modele='Opti"Plex\\3080 ½ 😀', fournisseur="Dell\tSAS", notes="l'écran « neuf »\nà voir",
               nom_reseau="PC-1", adresse_mac="00:11:22:33:44:55")
    rows = [item(numero_inventaire=f"AUD-{n}", numero_serie=f"S-AUD{n}", **odd) for n in range(5)]
    report = ImportService(city, actor).equipment(equipment_file(tmp_path / 'parc "2009".csv', *rows))
    assert report.committed and report.created == 5, report.errors
    imported = _audit(city)
    EquipmentService(city, actor).create(
        inventory_number="AUD-9", category="PC fixe", school=UAI_A, room="Salle informatique", manufacturer="Dell",
        model=odd["modele"], serial_number="S-AUD9", status="en_service", plan="DIJON-2009",
        acquisition_date="06/07/2009", purchase_price="549,00", supplier=odd["fournisseur"], warranty_end="06/07/2012",
        network_name="PC-1", mac_address="00:11:22:33:44:55", attribution="collectif", notes=odd["notes"])
    screen = json.loads(_audit(city)[len(imported)].new_value)
    assert [(r.action, r.field, r.source) for r in imported] == [("create", None, "import")] * 5
    assert [r.entity_id for r in imported] == sorted({r.entity_id for r in imported})
    expected = json.dumps({"import": 'parc "2009".csv', **{key: screen.get(key) for key in IMPORT_KEYS}},
                          ensure_ascii=False, separators=(",", ":"))
    assert [r.new_value for r in imported] == [expected] * 5  # byte for byte

def _indexes(db):
    with closing(sqlite3.connect(db.path)) as conn:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
                            "ORDER BY name").fetchall()


def _statements(db):
    seen: list[str] = []

    def spy(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", spy)
    return seen


def test_a_first_import_drops_the_indexes_and_builds_them_again_before_the_commit(city, actor, tmp_path):
    before = _indexes(city)
    assert any(name.startswith("ix_equipment_") for _t, name, _tbl, _sql in before)
    seen = _statements(city)
    rows = [item(numero_inventaire=f"PCF-{n}", numero_serie=f"SN{n}") for n in range(3)]
    report = ImportService(city, actor).equipment(equipment_file(tmp_path / "e.csv", *rows))
    assert report.committed and report.created == 3
    dropped = [s for s in seen if s.startswith("DROP INDEX")]
    assert len(dropped) == sum(1 for _t, _n, table, sql in before if table == "equipment" and sql)
    assert _indexes(city) == before
    found = EquipmentService(city, actor).list()
    assert sorted(i.serial_number for i in found) == ["SN0", "SN1", "SN2"]


def test_an_import_smaller_than_the_table_keeps_the_indexes(city, actor, tmp_path):
    service = ImportService(city, actor)
    rows = [item(numero_inventaire=f"PCF-{n}") for n in range(3)]
    assert service.equipment(equipment_file(tmp_path / "a.csv", *rows)).committed
    seen = _statements(city)
    report = service.equipment(equipment_file(tmp_path / "b.csv", item(numero_inventaire="PCF-9")))
    assert report.committed and report.created == 1
    assert not [s for s in seen if s.startswith("DROP INDEX")]


@pytest.mark.parametrize("case", ["dry_run", "rejected", "cancelled", "error"])
def test_the_indexes_dropped_for_a_bulk_load_come_back_with_the_rollback(city, actor, tmp_path, monkeypatch, case):
    before, indexes = dump(city), _indexes(city)
    seen = _statements(city)
    rows = [item(numero_inventaire=f"PCF-{n}") for n in range(5)]
    options = ImportOptions(dry_run=case == "dry_run")
    if case == "rejected":
        rows.append(item(numero_inventaire="PCF-X", prix_achat="-3"))
    progress = None
    if case == "cancelled":
        monkeypatch.setattr(equipment_import, "CHUNK", 2)
        progress = lambda done, _total: done < 3  # noqa: E731
    if case == "error":
        monkeypatch.setattr(equipment_import.SearchUpkeep, "finish", lambda self: 1 / 0)
    service = ImportService(city, actor)
    path = equipment_file(tmp_path / "e.csv", *rows)
    if case == "cancelled":
        with pytest.raises(ImportCancelled):
            service.equipment(path, options=options, progress=progress)
    elif case == "error":
        with pytest.raises(ZeroDivisionError):
            service.equipment(path, options=options)
    else:
        report = service.equipment(path, options=options)
        assert not report.committed
    assert [s for s in seen if s.startswith("DROP INDEX")]
    assert _indexes(city) == indexes and dump(city) == before


def test_a_bulk_load_builds_the_indexes_again_before_it_updates_an_item(city, actor, tmp_path):
    """Checking an update looks other items up by their serial number, as on screen: with the indexes."""
    service = ImportService(city, actor)
    assert service.equipment(equipment_file(tmp_path / "a.csv", item(numero_inventaire="OLD-1"))).committed
    seen = _statements(city)
    rows = [item(numero_inventaire=f"PCF-{n}", numero_serie=f"SN{n}") for n in range(4)]
    rows.append(item(numero_inventaire="OLD-1", modele="Autre modèle"))
    report = service.equipment(equipment_file(tmp_path / "b.csv", *rows),
                               options=ImportOptions(on_duplicate=DuplicatePolicy.UPDATE))
    assert report.committed and report.created == 4 and report.updated == 1, report.errors
    dropped = [n for n, s in enumerate(seen) if s.startswith("DROP INDEX")]
    built = [n for n, s in enumerate(seen) if s.startswith("CREATE INDEX")]
    update = next(n for n, s in enumerate(seen) if s.startswith("UPDATE equipment"))
    assert dropped and len(built) == len(dropped) and dropped[-1] < built[0] and built[-1] < update
