"""The undo history: a failed undo shows the French message and leaves everything where it was; a stack driven
directly (``setIndex``) is brought back to what the database holds; the actions, their texts and their
enabling."""

from __future__ import annotations

import pytest
from edit_support import audit_rows, last_audit_id, make_harness, press_ok
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.equipment_dialog import EquipmentDialog


@pytest.fixture
def edit(qtbot, services):
    return make_harness(qtbot, services)


def a_pc(services, index: int = 0):
    return [item for item in services.equipment.list(EquipmentFilter(category_code="PCF"))
            if item.status is EquipmentStatus.EN_SERVICE][index]


def edit_notes(edit, qtbot, item_id: int, notes: str) -> None:
    edit.controller.open_equipment(item_id)
    dialog = edit.dialog(EquipmentDialog)
    dialog.notes_edit.setPlainText(notes)
    press_ok(qtbot, dialog)


def test_an_undo_refused_because_the_item_changed_elsewhere_keeps_the_stack(edit, services, qtbot):
    item = a_pc(services)
    edit_notes(edit, qtbot, item.id, "vérifié le lundi")
    services.equipment.update(item.id, notes="changé sur un autre poste")  # another technician, the CLI…
    mark = last_audit_id(services)

    assert not edit.controller.undo()
    assert edit.controller.last_error.startswith(f"L'équipement {item.inventory_number} a été modifié entre-temps "
                                                 "(notes)")
    box = edit.host.findChild(QMessageBox, "editErrorBox")
    assert box is not None and box.isVisible() and box.text() == edit.controller.last_error
    box.accept()
    assert services.equipment.get(item.id).notes == "changé sur un autre poste"
    assert audit_rows(services, "equipment", after=mark) == []
    assert (edit.stack.index(), edit.stack.canUndo(), edit.stack.canRedo()) == (1, True, False)
    assert edit.controller.undo_action.isEnabled()

    services.equipment.update(item.id, notes="vérifié le lundi")  # put back as this window left it
    assert edit.controller.undo()
    assert services.equipment.get(item.id).notes == item.notes


def test_a_refused_redo_stays_undone(edit, services, qtbot):
    item = a_pc(services)
    edit_notes(edit, qtbot, item.id, "à réinstaller")
    edit.controller.undo()
    services.equipment.retire([item.id], "volé pendant les vacances")
    assert not edit.controller.redo()
    assert "réformé" in edit.controller.last_error
    assert (edit.stack.index(), edit.stack.canRedo()) == (0, True)


def test_a_stack_driven_directly_is_brought_back_to_what_the_database_holds(edit, services, qtbot):
    first, second = a_pc(services, 0), a_pc(services, 1)
    edit_notes(edit, qtbot, first.id, "un")
    edit_notes(edit, qtbot, second.id, "deux")
    services.equipment.update(second.id, notes="changé ailleurs")
    edit.stack.setIndex(0)  # as a QUndoView would: the second step fails, the first must not be undone alone
    qtbot.waitUntil(lambda: edit.stack.index() == 2)
    assert services.equipment.get(first.id).notes == "un"
    assert services.equipment.get(second.id).notes == "changé ailleurs"
    assert "modifié entre-temps" in edit.controller.last_error
    assert not edit.stack.command(0).context.halted


def test_nothing_changed_pushes_nothing(edit, services, qtbot):
    item = a_pc(services)
    edit.controller.open_equipment(item.id)
    dialog = edit.dialog(EquipmentDialog)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible() and edit.stack.count() == 0


def test_actions_texts_shortcuts_and_enabling(edit, services):
    controller = edit.controller
    expected = {
        "new_equipment_action": ("&Nouvel équipement…", ["Ctrl+N"]),
        "edit_action": ("&Modifier…", ["F2"]),
        "duplicate_action": ("D&upliquer…", ["Ctrl+D"]),
        "move_action": ("Dé&placer vers…", []),
        "status_action": ("Changer le &statut…", []),
        "retire_action": ("Ré&former…", ["Del"]),
        "bulk_edit_action": ("Modification &groupée…", []),
        "new_school_action": ("Nouvelle é&cole…", []),
        "edit_school_action": ("Modifier l'éc&ole…", []),
        "new_room_action": ("Nouvelle sa&lle…", []),
        "edit_room_action": ("Modifier la sall&e…", []),
        "undo_action": ("&Annuler", ["Ctrl+Z"]),
        "redo_action": ("&Rétablir", ["Ctrl+Y", "Ctrl+Shift+Z"]),
    }
    for name, (text, keys) in expected.items():
        action = getattr(controller, name)
        assert action.text() == text
        assert [key.toString(QKeySequence.SequenceFormat.PortableText) for key in action.shortcuts()] == keys
        assert action in edit.host.actions()
    mnemonics = [a.text().split("&")[1][0].lower() for a in controller.actions()]
    assert len(mnemonics) == len(set(mnemonics)), "each action has its own mnemonic"

    edit.select([])
    assert not any(a.isEnabled() for a in (controller.edit_action, controller.duplicate_action,
                                           controller.move_action, controller.retire_action,
                                           controller.bulk_edit_action, controller.undo_action))
    assert controller.new_equipment_action.isEnabled()
    pcs = [a_pc(services, 0).id, a_pc(services, 1).id]
    edit.select(pcs[:1])
    assert controller.duplicate_action.isEnabled() and not controller.bulk_edit_action.isEnabled()
    edit.select(pcs)
    assert not controller.duplicate_action.isEnabled() and controller.bulk_edit_action.isEnabled()


def test_another_database_starts_an_empty_history(edit, services, qtbot):
    edit_notes(edit, qtbot, a_pc(services).id, "noté")
    assert edit.stack.count() == 1
    edit.controller.set_services(services)
    assert edit.stack.count() == 0 and not edit.controller.undo_action.isEnabled()
