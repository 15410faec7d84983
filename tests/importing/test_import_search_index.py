"""An import keeps the search index itself (triggers off, each new item's line written beside it, indexed once
at the end): what it wrote or updated is found, the index is whole, and its lines are those of the SQL."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_support import UAI_A, dump, equipment_file, item

from ticeinventory.services import search
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.importing import DuplicatePolicy, ImportOptions, equipment_import
from ticeinventory.services.importing.search_lines import line, model_line


def _problems(city) -> list[str]:
    with city.reading() as session:
        return search.problems(session.connection())


def _triggers(city) -> list[str]:
    """The triggers, and the index's settings (the import raises its hash size for a while)."""
    with closing(sqlite3.connect(city.path)) as conn:
        return sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")) + sorted(
            map(repr, conn.execute(f"SELECT * FROM {search.INDEX_TABLE}_config")))


def test_items_of_an_import_are_found_by_the_search(importer, city, actor, tmp_path):
    triggers = _triggers(city)
    path = equipment_file(tmp_path / "livraison.csv",
                          item(uai=UAI_A, categorie="PC fixe", marque="Dell", numero_serie="ZX81QQ", plan="DIJON-2009",
                               adresse_mac="00-1a-2b-3c-4d-5e"),
                          item(uai=UAI_A, categorie="Écran", marque="Iiyama", numero_serie="YY42KK", plan="", origine="Don"),
                          item(uai="", salle="", statut="En stock", categorie="Écran", marque="Éizo", numero_serie="E1"))
    report = importer.equipment(path)
    assert report.committed and report.created == 3, report.errors
    equipment = EquipmentService(city, actor)
    assert [i.serial_number for i in equipment.list(EquipmentFilter(text="zx81"))] == ["ZX81QQ"]
    assert [i.serial_number for i in equipment.list(EquipmentFilter(text="1a2b3c"))] == ["ZX81QQ"]
    assert [i.serial_number for i in equipment.list(EquipmentFilter(text="eizo"))] == ["E1"]
    assert equipment.count(EquipmentFilter(text="Voltaire")) == 2  # school name indexed too
    assert _problems(city) == []
    assert _triggers(city) == triggers
    # and the triggers work again: an item created on screen afterwards is found
    equipment.create(category="PC fixe", school=UAI_A, plan="DIJON-2009", serial_number="QQ77WW")
    assert equipment.count(EquipmentFilter(text="qq77")) == 1
    assert _problems(city) == []


def test_updated_items_are_found_by_their_new_values(importer, city, actor, tmp_path):
    first = equipment_file(tmp_path / "a.csv", item(numero_inventaire="PCF-1", numero_serie="OLD111"),
                           item(numero_inventaire="PCF-2", numero_serie="KEEP22"))
    assert importer.equipment(first).created == 2
    second = equipment_file(tmp_path / "b.csv", item(numero_inventaire="PCF-1", numero_serie="NEW999"),
                            item(numero_inventaire="PCF-3", numero_serie="THIRD3"))
    report = importer.equipment(second, options=ImportOptions(on_duplicate=DuplicatePolicy.UPDATE))
    assert report.committed and (report.updated, report.created) == (1, 1), report.errors
    equipment = EquipmentService(city, actor)
    assert equipment.count(EquipmentFilter(text="OLD111")) == 0
    assert [i.inventory_number for i in equipment.list(EquipmentFilter(text="new999"))] == ["PCF-1"]
    assert [i.inventory_number for i in equipment.list(EquipmentFilter(text="third3"))] == ["PCF-3"]
    assert _problems(city) == []


def test_a_rejected_import_leaves_the_index_and_its_triggers_as_they_were(importer, city, tmp_path):
    triggers = _triggers(city)
    path = equipment_file(tmp_path / "x.csv", item(numero_serie="GOOD1"), item(categorie="Grille-pain"))
    report = importer.equipment(path)
    assert not report.committed and report.rejected == 1
    assert _triggers(city) == triggers and _problems(city) == []


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=14)
MACS = st.one_of(TEXT, st.sampled_from(["", "00:1a:2B:3c:4d:5e", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e", "zz:zz:zz:zz:zz:zz",
                                        "0 0 1 A 2 B 3 C 4 D 5 E", "00:1A:2B:3C:4D", "ÀÉ"]))
letters = "".join(accented for accented, _plain in search.PAIRS)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.one_of(TEXT, st.just(letters), st.none()), min_size=6, max_size=6), mac=MACS,
       school=st.one_of(st.none(), TEXT))
def test_a_line_built_in_python_is_the_line_of_the_sql(city, texts, mac, school):
    number, serial, network, manufacturer, model, uai = texts
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE TABLE schools (id INTEGER PRIMARY KEY, name TEXT, uai TEXT)")
        conn.execute("CREATE TABLE equipment (id INTEGER PRIMARY KEY, inventory_number TEXT, serial_number TEXT, "
                     "network_name TEXT, mac_address TEXT, manufacturer TEXT, model TEXT, school_id INTEGER)")
        school_id = None
        if school is not None:
            school_id = conn.execute("INSERT INTO schools (name, uai) VALUES (?, ?)", (school, uai)).lastrowid
        conn.execute("INSERT INTO equipment VALUES (7, ?, ?, ?, ?, ?, ?, ?)",
                     (number, serial, network, mac, manufacturer, model, school_id))
        expected = conn.execute(search.source_select("1")).fetchone()
        models = conn.execute(search.model_select("1")).fetchall()
    assert line(7, number, serial, network, mac) == expected
    if manufacturer is not None and model is not None:  # NOT NULL in equipment
        assert [model_line(manufacturer, model)] == models


def test_an_import_in_several_batches_indexes_them_all(importer, city, actor, tmp_path, monkeypatch):
    from ticeinventory.services.importing import equipment_import
    monkeypatch.setattr(equipment_import, "CHUNK", 2)
    rows = [item(numero_inventaire=f"PCF-{n}", numero_serie=f"BATCH{n:02d}", salle=f"Salle {n % 3}") for n in range(7)]
    report = importer.equipment(equipment_file(tmp_path / "lots.csv", *rows))
    assert report.committed and report.created == 7, report.errors
    equipment = EquipmentService(city, actor)
    assert sorted(i.serial_number for i in equipment.list(EquipmentFilter(text="batch"))) == [
        f"BATCH{n:02d}" for n in range(7)]
    assert _problems(city) == []


def test_a_batch_that_fails_to_be_indexed_fails_the_import_and_changes_nothing(importer, city, tmp_path,
                                                                             monkeypatch):
    from import_support import dump

    from ticeinventory.services.importing import equipment_import, search_lines
    monkeypatch.setattr(equipment_import, "CHUNK", 2)
    calls = []
    index = search_lines.SearchUpkeep.index

    def failing(self, first, end):
        calls.append(first)
        if len(calls) == 2:
            raise RuntimeError("disque plein")
        index(self, first, end)

    monkeypatch.setattr(search_lines.SearchUpkeep, "index", failing)
    before = dump(city)
    rows = [item(numero_inventaire=f"PCF-{n}") for n in range(7)]
    try:
        importer.equipment(equipment_file(tmp_path / "lots.csv", *rows))
    except RuntimeError as error:
        assert str(error) == "disque plein"
    else:
        raise AssertionError("the import should have failed")
    assert dump(city) == before


def test_items_the_database_refuses_in_a_later_batch_fail_the_import_and_change_nothing(
        importer, city, actor, tmp_path, monkeypatch):
    """A batch refused by the database (here a raw trigger) while the previous one is being indexed in the
    helper thread fails the import, with nothing committed, and the base takes the next import."""
    monkeypatch.setattr(equipment_import, "CHUNK", 2)
    with closing(sqlite3.connect(city.path)) as conn:
        conn.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON equipment WHEN NEW.serial_number = 'BOOM' "
                     "BEGIN SELECT RAISE(ABORT, 'numéro refusé'); END")
        conn.commit()
    before, triggers = dump(city), _triggers(city)
    rows = [item(numero_inventaire=f"PCF-{n}", numero_serie="BOOM" if n == 3 else f"OK{n}") for n in range(7)]
    with pytest.raises(sa.exc.IntegrityError, match="numéro refusé"):
        importer.equipment(equipment_file(tmp_path / "lots.csv", *rows))
    assert dump(city) == before and _triggers(city) == triggers and _problems(city) == []
    rows[3] = item(numero_inventaire="PCF-3", numero_serie="OK3")  # and the base takes the next import
    report = importer.equipment(equipment_file(tmp_path / "lots.csv", *rows))
    assert report.committed and report.created == 7, report.errors
    assert len(EquipmentService(city, actor).list(EquipmentFilter(text="PCF-"))) >= 7 and _problems(city) == []


def test_the_models_of_an_import_are_found_and_those_it_leaves_go(importer, city, actor, tmp_path):
    first = equipment_file(tmp_path / "a.csv", item(numero_inventaire="PCF-1", marque="Lenovo", modele="M70q"),
                           item(numero_inventaire="PCF-2", marque="Lenovo", modele="M70q"))
    assert importer.equipment(first).created == 2
    equipment = EquipmentService(city, actor)
    assert equipment.count(EquipmentFilter(text="lenovo m70")) == 2
    second = equipment_file(tmp_path / "b.csv", item(numero_inventaire="PCF-1", marque="Lenovo", modele="M90q"),
                            item(numero_inventaire="PCF-2", marque="Lenovo", modele="M90q"),
                            item(numero_inventaire="PCF-3", marque="Lenovo", modele="M80t"))
    report = importer.equipment(second, options=ImportOptions(on_duplicate=DuplicatePolicy.UPDATE))
    assert report.committed and (report.updated, report.created) == (2, 1), report.errors
    assert equipment.count(EquipmentFilter(text="m70q")) == 0 and equipment.count(EquipmentFilter(text="M90Q")) == 2
    assert [i.inventory_number for i in equipment.list(EquipmentFilter(text="enovo m80"))] == ["PCF-3"]
    with closing(sqlite3.connect(city.path)) as conn:
        models = {r[0] for r in conn.execute("SELECT model FROM search_model_text WHERE manufacturer LIKE '%novo'")}
    assert models == {"M90q", "M80t"} and _problems(city) == []
