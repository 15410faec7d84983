"""A big import rebuilds the search index once at the end: what it wrote is found, and the index is whole."""

from __future__ import annotations

from import_support import UAI_A, equipment_file, item

from ticeinventory.services import search
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.importing import equipment_import


def test_items_of_a_bulk_import_are_found_by_the_search(importer, city, actor, tmp_path, monkeypatch):
    monkeypatch.setattr(equipment_import, "BULK_ROWS", 2)  # this small file takes the bulk path
    path = equipment_file(tmp_path / "livraison.csv",
                          item(uai=UAI_A, categorie="PC fixe", marque="Dell", numero_serie="ZX81QQ", plan="DIJON-2009"),
                          item(uai=UAI_A, categorie="Écran", marque="Iiyama", numero_serie="YY42KK", plan="", origine="Don"))
    report = importer.equipment(path)
    assert report.committed and report.created == 2, report.errors
    found = EquipmentService(city, actor).list(EquipmentFilter(text="zx81"))
    assert [i.serial_number for i in found] == ["ZX81QQ"]
    assert EquipmentService(city, actor).count(EquipmentFilter(text="Voltaire")) == 2  # school name indexed too
    with city.reading() as session:
        assert search.problems(session.connection()) == []
