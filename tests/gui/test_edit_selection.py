"""Actions on a selection, on a real demo city: duplicate ×12, move between rooms, change the status, retire
(asked first, with a reason), bulk edit — each undone and redone through the services."""

from __future__ import annotations

from datetime import date

import pytest
from edit_support import audit_rows, last_audit_id, make_harness, press_ok
from PySide6.QtCore import Qt

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import NotFoundError
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.bulk_edit_dialog import BulkEditDialog
from ticeinventory.ui.duplicate_dialog import DuplicateDialog
from ticeinventory.ui.move_dialog import MoveDialog
from ticeinventory.ui.status_dialog import RetireDialog, StatusDialog


@pytest.fixture
def edit(qtbot, services):
    return make_harness(qtbot, services)


def school_named(services, part: str):
    return next(s for s in services.schools.list() if part in s.name)


def room_named(services, school, name: str):
    return next(r for r in services.schools.rooms(school.id) if r.name == name)


def pcs_in(services, school, room):
    return [item for item in services.equipment.list(EquipmentFilter(school_id=school.id, room_id=room.id))
            if item.category_code == "PCF" and item.status is EquipmentStatus.EN_SERVICE]


def number_tail(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


def test_duplicate_twelve_identical_pcs_with_consecutive_numbers_then_undo_removes_them(edit, services, qtbot):
    school = school_named(services, "Colette")
    room = room_named(services, school, "Salle informatique")
    source = pcs_in(services, school, room)[0]
    edit.select([source.id], (school.id, room.id))
    before = services.equipment.count()

    qtbot.keyClick(edit.host, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = edit.dialog(DuplicateDialog)
    dialog.count_spin.setValue(12)
    dialog.serials_edit.setPlainText("SN-A1\nSN-A2\n\nSN-A3\n")
    assert dialog.count_label.text() == "3 numéro(s) de série pour 12 copie(s)."
    press_ok(qtbot, dialog)

    copies = services.equipment.get_many(edit.stack.command(0).created_ids)
    assert services.equipment.count() == before + 12 and len(copies) == 12
    tails = [number_tail(copy.inventory_number) for copy in copies]
    assert tails == list(range(tails[0], tails[0] + 12))
    assert {(c.category_code, c.model, c.school_id, c.room_id, c.plan_id, c.status) for c in copies} == {
        (source.category_code, source.model, school.id, room.id, source.plan_id, EquipmentStatus.EN_SERVICE)}
    assert [c.serial_number for c in copies] == ["SN-A1", "SN-A2", "SN-A3"] + [""] * 9
    assert f"12 copie(s) de {source.inventory_number} créée(s)" in edit.messages[-1]

    mark = last_audit_id(services)
    edit.controller.undo_action.trigger()
    assert services.equipment.count() == before
    with pytest.raises(NotFoundError):
        services.equipment.get(copies[0].id)
    deleted = audit_rows(services, "equipment", after=mark)
    assert sorted(row[0] for row in deleted) == sorted(c.id for c in copies)
    assert {(row[1], row[5]) for row in deleted} == {("delete", "ecran")}

    edit.controller.redo_action.trigger()
    assert services.equipment.get_many([c.id for c in copies]) == copies  # same ids, same numbers


def test_duplicate_checks_the_serials_as_typed(edit, services, qtbot):
    source = services.equipment.list(EquipmentFilter(category_code="TAB"), limit=1)[0]
    edit.select([source.id])
    edit.controller.duplicate()
    dialog = edit.dialog(DuplicateDialog)
    dialog.count_spin.setValue(2)
    dialog.serials_edit.setPlainText("A\nB\nC")
    assert dialog.error_text("serials") == "3 numéros de série pour 2 copie(s)\u00a0: il y en a trop."
    assert not dialog.ok_button.isEnabled()
    dialog.serials_edit.setPlainText("A\na")
    assert "donné deux fois" in dialog.error_text("serials")
    dialog.reject()


def test_moving_a_selection_between_rooms_then_undo_puts_each_item_back(edit, services, qtbot):
    school = school_named(services, "Colette")
    lab = room_named(services, school, "Salle informatique")
    bcd = room_named(services, school, "BCD")
    pcs = pcs_in(services, school, lab)[:3]
    attached = [child for pc in pcs for child in services.equipment.children(pc.id)]
    assert attached, "the demo's PCs have their screens attached"
    before = services.equipment.snapshots([pc.id for pc in pcs], with_contents=True)
    edit.select([pc.id for pc in pcs], (school.id, lab.id))

    edit.controller.move_action.trigger()
    dialog = edit.dialog(MoveDialog)
    assert dialog.place.school_id() == school.id and dialog.contents_check.isChecked()
    assert not dialog.date_edit.isEnabled()  # same school: its assignment date is kept
    dialog.place.set_place(school.id, bcd.id)
    press_ok(qtbot, dialog)

    moved = services.equipment.get_many(before)
    assert {(i.school_id, i.room_id) for i in moved} == {(school.id, bcd.id)}
    assert {i.assigned_on for i in moved} == {state["assigned_on"] for state in before.values()} - {None} \
        or all(i.assigned_on == before[i.id]["assigned_on"] for i in moved)
    assert edit.stack.undoText() == "Déplacer 3 équipements vers École élémentaire Colette — BCD"
    mark = last_audit_id(services)

    edit.controller.undo()
    assert services.equipment.snapshots(before) == before
    assert {row[0] for row in audit_rows(services, "equipment", after=mark)} == set(before)
    edit.controller.redo()
    assert {i.room_id for i in services.equipment.get_many(before)} == {bcd.id}


def test_assigning_stock_to_a_school_keeps_the_date_and_undo_returns_it_to_stock(edit, services, qtbot):
    tablets = [i for i in services.equipment.list(EquipmentFilter(unassigned=True, category_code="TAB"))
               if i.parent_id is None][:2] or services.equipment.list(
        EquipmentFilter(unassigned=True, category_code="CMO"), limit=1)
    school = school_named(services, "Jaurès")
    cm1 = room_named(services, school, "Classe CM1")
    before = services.equipment.snapshots([t.id for t in tablets], with_contents=True)
    edit.select([t.id for t in tablets], (None, None))
    edit.controller.move()
    dialog = edit.dialog(MoveDialog)
    dialog.place.set_place(school.id, cm1.id)
    assert dialog.date_edit.isEnabled()
    dialog.date_edit.setDate(date(2016, 1, 4))
    press_ok(qtbot, dialog)
    placed = services.equipment.get_many(before)
    assert {(i.school_id, i.room_id, i.assigned_on, i.status) for i in placed} == {
        (school.id, cm1.id, date(2016, 1, 4), EquipmentStatus.EN_SERVICE)}
    edit.controller.undo()
    assert services.equipment.snapshots(before) == before


def test_change_status_then_undo(edit, services, qtbot):
    school = school_named(services, "Colette")
    pcs = pcs_in(services, school, room_named(services, school, "Salle informatique"))[:2]
    edit.select([pc.id for pc in pcs])
    edit.controller.status_action.trigger()
    dialog = edit.dialog(StatusDialog)
    assert dialog.status_combo.value() is EquipmentStatus.EN_PANNE  # the likely next status is offered
    dialog.status_combo.set_value(EquipmentStatus.EN_SERVICE)
    assert "Déjà" in dialog.error_text("status") and not dialog.ok_button.isEnabled()
    dialog.status_combo.set_value(EquipmentStatus.EN_PANNE)
    press_ok(qtbot, dialog)
    assert {i.status for i in services.equipment.get_many([pc.id for pc in pcs])} == {EquipmentStatus.EN_PANNE}
    edit.controller.undo()
    assert {i.status for i in services.equipment.get_many([pc.id for pc in pcs])} == {EquipmentStatus.EN_SERVICE}


def test_status_in_service_is_refused_for_the_city_stock_inline(edit, services, qtbot):
    stock = services.equipment.list(EquipmentFilter(unassigned=True), limit=1)
    edit.select([stock[0].id])
    edit.controller.change_status()
    dialog = edit.dialog(StatusDialog)
    dialog.status_combo.set_value(EquipmentStatus.EN_SERVICE)
    assert "affectez d'abord à une école" in dialog.error_text("status")
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


def test_delete_asks_before_retiring_requires_a_reason_and_undo_restores(edit, services, qtbot):
    school = school_named(services, "Colette")
    pc = pcs_in(services, school, room_named(services, school, "Salle informatique"))[0]
    edit.select([pc.id], (school.id, pc.room_id))

    qtbot.keyClick(edit.host, Qt.Key.Key_Delete)
    dialog = edit.dialog(RetireDialog)
    assert services.equipment.get(pc.id).status is EquipmentStatus.EN_SERVICE  # asked, nothing done yet
    assert pc.inventory_number in dialog.findChild(type(dialog.summary.label), "questionLabel").text()
    assert dialog.ok_button.text() == "&Réformer" and not dialog.ok_button.isEnabled()
    assert "le motif" in dialog.summary.text()
    dialog.reason_combo.setEditText("   ")
    assert dialog.error_text("reason").startswith("Indiquez le motif de la réforme")
    dialog.reason_combo.setEditText("Carte mère HS, irréparable")
    press_ok(qtbot, dialog)

    retired = services.equipment.get(pc.id)
    assert (retired.status, retired.retirement_reason, retired.retired_on) == (
        EquipmentStatus.REFORME, "Carte mère HS, irréparable", date.today())
    mark = last_audit_id(services)
    edit.controller.undo()
    back = services.equipment.get(pc.id)
    assert (back.status, back.retired_on, back.retirement_reason) == (EquipmentStatus.EN_SERVICE, None, "")
    assert {row[2] for row in audit_rows(services, "equipment", pc.id, mark)} == {
        "status", "retired_on", "retirement_reason"}
    edit.controller.redo()
    assert services.equipment.get(pc.id).status is EquipmentStatus.REFORME


def test_cancelling_the_retirement_changes_nothing(edit, services, qtbot):
    pc = services.equipment.list(EquipmentFilter(category_code="PCF", status=EquipmentStatus.EN_SERVICE), limit=1)[0]
    edit.select([pc.id])
    mark = last_audit_id(services)
    edit.controller.retire_action.trigger()
    dialog = edit.dialog(RetireDialog)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert services.equipment.get(pc.id).status is EquipmentStatus.EN_SERVICE
    assert audit_rows(services, "equipment", after=mark) == [] and edit.stack.count() == 0


def test_bulk_edit_changes_only_the_ticked_fields_and_undo_restores_each_item(edit, services, qtbot):
    school = school_named(services, "Colette")
    pcs = pcs_in(services, school, room_named(services, school, "Salle informatique"))[:4]
    bcd = room_named(services, school, "BCD")
    before = services.equipment.snapshots([pc.id for pc in pcs])
    edit.select([pc.id for pc in pcs], (school.id, None))
    assert edit.controller.bulk_edit_action.isEnabled()

    qtbot.keyClick(edit.host, Qt.Key.Key_F2)  # several items: F2 opens the bulk edit
    dialog = edit.dialog(BulkEditDialog)
    assert not dialog.ok_button.isEnabled() and "Cochez au moins un champ" in dialog.summary.text()
    dialog.checks["room"].setChecked(True)
    dialog.room_combo.set_value(bcd.id)
    dialog.checks["supplier"].setChecked(True)
    dialog.supplier_edit.setText("UGAP")
    dialog.checks["warranty_end"].setChecked(True)
    dialog.warranty_edit.set_value(date(2031, 6, 30))
    assert dialog.values() == {"room_id": bcd.id, "supplier": "UGAP", "warranty_end": date(2031, 6, 30)}
    press_ok(qtbot, dialog)

    after = services.equipment.get_many(before)
    assert {(i.room_id, i.supplier, i.warranty_end) for i in after} == {(bcd.id, "UGAP", date(2031, 6, 30))}
    assert [i.notes for i in after] == [before[i.id]["notes"] for i in after]
    edit.controller.undo()
    assert services.equipment.snapshots(before) == before


def test_bulk_edit_of_the_funding_requires_the_origin(edit, services, qtbot):
    items = services.equipment.list(EquipmentFilter(category_code="ECR", status=EquipmentStatus.EN_SERVICE))[:2]
    edit.select([i.id for i in items])
    edit.controller.bulk_edit()
    dialog = edit.dialog(BulkEditDialog)
    dialog.funding.setChecked(True)
    dialog.funding.out_radio.setChecked(True)
    assert not dialog.ok_button.isEnabled()
    assert dialog.funding.origin_combo.isEnabled() and not dialog.funding.plan_combo.isEnabled()
    dialog.funding.origin_combo.setCurrentIndex(1)
    press_ok(qtbot, dialog)
    assert {i.in_plan for i in services.equipment.get_many([i.id for i in items])} == {False}
    edit.controller.undo()
    assert {i.plan_id for i in services.equipment.get_many([i.id for i in items])} == {i.plan_id for i in items}
