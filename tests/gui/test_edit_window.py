"""The editing layer installed in the real technician's window, on a demo city: the actions in the menus,
double-click opens the record, F2 edits, Ctrl+Z undoes, a drop on a room moves, and the list follows."""

from __future__ import annotations

import pytest
from edit_support import audit_rows, last_audit_id, press_ok
from PySide6.QtCore import Qt

from ticeinventory.domain.enums import AuditSource, EquipmentStatus
from ticeinventory.services.app import open_services
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.duplicate_dialog import DuplicateDialog
from ticeinventory.ui.edit_controller import EditController
from ticeinventory.ui.equipment_dialog import EquipmentDialog
from ticeinventory.ui.location_model import Node, NodeKind
from ticeinventory.ui.status_dialog import RetireDialog


@pytest.fixture
def edited(make_window, demo_path):
    window = make_window(open_services(demo_path, AuditSource.SCREEN))
    assert isinstance(window.edit_controller, EditController)  # the window installs its editing layer itself
    return window, window.edit_controller


def wait_loaded(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.inventory.loading, timeout=5_000)


def test_the_actions_are_in_the_menus_and_follow_the_selection(edited, qtbot):
    window, controller = edited
    menu_actions = {action for top in window.menuBar().actions() if top.menu() for action in top.menu().actions()}
    for action in (controller.undo_action, controller.redo_action, controller.new_equipment_action,
                   controller.retire_action, controller.new_school_action):
        assert action in menu_actions, action.text()
    wait_loaded(qtbot, window)
    assert not controller.edit_action.isEnabled()
    first = window.inventory.table_model.equipment_id(0)
    window.inventory.select_ids([first])
    assert controller.edit_action.isEnabled() and controller.duplicate_action.isEnabled()


def test_the_keys_reach_the_editing_layer_without_ambiguity(edited, qtbot):
    window, controller = edited
    wait_loaded(qtbot, window)
    table = window.inventory.table
    item = next(i for i in window.services.equipment.list(limit=50) if i.status is not EquipmentStatus.REFORME)
    window.inventory.show_equipment(item.id)
    wait_loaded(qtbot, window)
    window.inventory.select_ids([item.id])
    window.activateWindow()
    table.setFocus()
    for key, modifier, kind in ((Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier, RetireDialog),
                                (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier, EquipmentDialog),
                                (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier, DuplicateDialog),
                                (Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier, EquipmentDialog)):
        qtbot.keyClick(table, key, modifier)
        assert isinstance(controller.dialog, kind), key
        controller.dialog.reject()
        table.setFocus()


def test_double_click_edit_then_ctrl_z_in_the_window(edited, qtbot):
    window, controller = edited
    services = window.services
    school = next(s for s in services.schools.list() if "Colette" in s.name)
    item = next(i for i in services.equipment.list(EquipmentFilter(school_id=school.id, category_code="PCF"))
                if i.status is EquipmentStatus.EN_SERVICE)
    assert window.inventory.select_node(Node(NodeKind.SCHOOL, id=school.id))
    wait_loaded(qtbot, window)
    window.inventory.select_ids([item.id])
    assert window.inventory.selected_ids() == [item.id]

    window.inventory.sig_activated.emit(item.id)  # what a double-click or Enter on the row says
    dialog = controller.dialog
    assert isinstance(dialog, EquipmentDialog) and dialog.item.id == item.id
    dialog.supplier_edit.setText("UGAP")
    mark = last_audit_id(services)
    press_ok(qtbot, dialog)
    wait_loaded(qtbot, window)
    assert services.equipment.get(item.id).supplier == "UGAP"
    assert audit_rows(services, "equipment", item.id, mark)[0][2:5] == ("supplier", item.supplier, "UGAP")

    window.activateWindow()
    window.inventory.table.setFocus()
    qtbot.keyClick(window.inventory.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.equipment.get(item.id).supplier == item.supplier
    wait_loaded(qtbot, window)
    assert window.inventory.selected_ids() == [item.id]  # the refresh keeps the selection


def test_a_drop_on_a_room_moves_the_selection_and_undo_moves_it_back(edited, qtbot):
    window, controller = edited
    services = window.services
    school = next(s for s in services.schools.list() if "Colette" in s.name)
    bcd = next(r for r in services.schools.rooms(school.id) if r.name == "BCD")
    items = [i for i in services.equipment.list(EquipmentFilter(school_id=school.id, category_code="PCF"))
             if i.room_id != bcd.id and i.status is EquipmentStatus.EN_SERVICE][:2]
    before = services.equipment.snapshots([i.id for i in items], with_contents=True)
    room_node = Node(NodeKind.ROOM, bcd.id, bcd.name, school_id=school.id)
    window.inventory.tree.sig_move_requested.emit([i.id for i in items], room_node)  # what a drop emits
    assert {i.room_id for i in services.equipment.get_many(before)} == {bcd.id}
    assert controller.undo()
    assert services.equipment.snapshots(before) == before
