"""The detail panel of the real window: the Fiche with plan / hors plan unmissable, Interventions, Historique."""

from __future__ import annotations

import re
from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QTreeWidget

from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.detail_panel import HISTORY_TAB, INTERVENTIONS_TAB, SHEET_TAB
from ticeinventory.ui.equipment_model import COLUMN


def label(window, name: str) -> QLabel:
    found = window.findChild(QLabel, name)
    assert found is not None, name
    return found


def test_a_hors_plan_item_shows_its_marker_in_the_table_and_the_detail_panel(window, services):
    item = services.equipment.list(EquipmentFilter(in_plan=False))[0]
    assert window.show_equipment(item.id)
    model = window.inventory.table_model
    cell = model.index(model.row_of(item.id), COLUMN["funding"])
    assert cell.data(Qt.ItemDataRole.DisplayRole) == "Hors plan — non maintenu"
    assert not cell.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert not window.inventory.table.isColumnHidden(COLUMN["funding"])

    assert window.detail_dock.isVisible() and window.detail.currentIndex() == SHEET_TAB
    assert label(window, "fundingTitle").text() == "Hors plan — non maintenu"
    assert label(window, "fundingTitle").isVisible()
    detail = label(window, "fundingDetail").text()
    assert f"Origine\u00a0: {item.funding_origin.label}" in detail
    assert "convention de Dijon, article 8" in detail
    assert not label(window, "fundingMarker").pixmap().isNull()
    in_plan_colour = label(window, "fundingTitle").palette().color(label(window, "fundingTitle").foregroundRole())

    planned = services.equipment.list(EquipmentFilter(in_plan=True))[0]
    window.show_equipment(planned.id)
    assert label(window, "fundingTitle").text() == f"Dans le plan {planned.plan_code}"
    assert label(window, "fundingTitle").palette().color(label(window, "fundingTitle").foregroundRole()) \
        != in_plan_colour


def test_the_sheet_shows_every_field(window, services):
    item = next(i for i in services.equipment.list() if i.serial_number and i.room_name and i.acquisition_date)
    window.show_equipment(item.id)
    assert label(window, "sheetHeading").text() == item.inventory_number
    assert label(window, "sheet_serial").text() == item.serial_number
    assert label(window, "sheet_school").text() == f"{item.school_name} (UAI {item.school_uai})"
    assert label(window, "sheet_room").text() == item.room_name
    assert label(window, "sheet_acquisition").text() == item.acquisition_date.strftime("%d/%m/%Y")
    assert label(window, "sheet_status").text() == item.status.label


def test_history_tab_reads_an_edit_made_through_the_services(window, services):
    item = next(i for i in services.equipment.list(EquipmentFilter(in_plan=True)) if i.room_id and not
                i.status.is_final)
    other = next(r for r in services.schools.rooms(item.school_id) if r.id != item.room_id)
    window.services.equipment.update(item.id, room_id=other.id)
    window.refresh()
    window.show_equipment(item.id)
    window.show_detail_tab(HISTORY_TAB)

    lines = [window.findChild(QListWidget, "historyView").item(r).text()
             for r in range(window.findChild(QListWidget, "historyView").count())]
    user = window.services.actor.user
    pattern = rf"^\d\d/\d\d/\d{{4}} \d\d:\d\d — {re.escape(user)} — salle : {re.escape(item.room_name)} → " \
              rf"{re.escape(other.name)}$"
    assert re.match(pattern, lines[0]), lines[:3]
    assert lines[0].startswith(date.today().strftime("%d/%m/%Y"))  # local time of today's edit
    assert any(line.endswith(f"plan {item.plan_code}") and "création de la fiche" in line for line in lines)


def test_interventions_tab_lists_the_work_and_explains_hors_plan(window, services, qtbot):
    item = next(i for i in services.equipment.list(EquipmentFilter(in_plan=True)) if not i.status.is_final
                and (i.warranty_end is None or i.warranty_end < date.today()))
    window.services.maintenance.interventions.record(
        type="diagnostic", outcome="resolu", date=date.today(), start_time=time(8, 30), duration_minutes=45,
        equipment=item.id, actions="Contrôle du disque")
    window.refresh()
    window.show_equipment(item.id)
    window.show_detail_tab(INTERVENTIONS_TAB)
    tree = window.findChild(QTreeWidget, "interventionsView")
    assert tree.topLevelItemCount() == 1
    assert tree.topLevelItem(0).text(1) == "Diagnostic"
    assert tree.topLevelItem(0).text(5) == "Contrôle du disque"

    hors_plan = services.equipment.list(EquipmentFilter(in_plan=False))[0]
    window.show_equipment(hors_plan.id)  # the tab on screen reads once the selection settles
    qtbot.waitUntil(lambda: "aucune intervention" in label(window, "interventionsNote").text())
    assert tree.topLevelItemCount() == 0


def test_double_click_and_enter_emit_equipment_activated(window, qtbot):
    table = window.inventory.table
    index = table.model().index(2, 0)
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(window.equipmentActivated) as activated:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert activated.args == [table.model().equipment_id(2)]
    table.setCurrentIndex(table.model().index(3, 0))
    with qtbot.waitSignal(window.equipmentActivated) as activated:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert activated.args == [table.model().equipment_id(3)]
