"""Schools and rooms on a real demo city: the UAI checked as you type (refused inline, nothing written), lower
case accepted and shown upper case, creations and edits undone and redone."""

from __future__ import annotations

import pytest
from edit_support import audit_rows, last_audit_id, make_harness, press_ok
from PySide6.QtCore import Qt

from ticeinventory.domain.enums import RoomKind, SchoolType
from ticeinventory.domain.errors import NotFoundError
from ticeinventory.ui.room_dialog import RoomDialog
from ticeinventory.ui.school_dialog import SchoolDialog


@pytest.fixture
def edit(qtbot, services):
    return make_harness(qtbot, services)


def test_an_invalid_uai_is_refused_inline_and_nothing_is_written(edit, services, qtbot):
    schools = len(services.schools.list())
    mark = last_audit_id(services)
    edit.controller.new_school_action.trigger()
    dialog = edit.dialog(SchoolDialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.error_text("uai") == ""  # an empty new form is not covered in red
    qtbot.keyClicks(dialog.uai_edit, "0219999x")
    assert dialog.uai_edit.text() == "0219999X"  # typed in lower case, shown upper case
    assert dialog.error_text("uai") == ("La lettre de contrôle du code UAI « 0219999X » est fausse : pour 0219999 "
                                        "elle doit être « E ». Vérifiez la saisie.")
    dialog.name_edit.setText("École élémentaire des Tilleuls")  # (QTest types ASCII only)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter is OK: refused while the UAI is wrong
    assert dialog.isVisible()
    assert len(services.schools.list()) == schools
    assert audit_rows(services, "schools", after=mark) == [] and edit.stack.count() == 0

    dialog.uai_edit.clear()
    qtbot.keyClicks(dialog.uai_edit, "02111")
    assert "doit compter 8 caractères" in dialog.error_text("uai")
    taken = services.schools.list()[0]
    dialog.uai_edit.setText(taken.uai.lower())
    assert dialog.error_text("uai") == f"Le code UAI {taken.uai} est déjà celui de l'école « {taken.name} »."
    dialog.reject()
    assert len(services.schools.list()) == schools


def test_a_new_school_with_its_checked_fields_then_undo_and_redo(edit, services, qtbot):
    edit.controller.new_school()
    dialog = edit.dialog(SchoolDialog)
    qtbot.keyClicks(dialog.uai_edit, " 0219999e ")
    dialog.uai_edit.editingFinished.emit()
    assert dialog.uai_edit.text() == "0219999E" and dialog.error_text("uai") == ""
    dialog.name_edit.setText("École élémentaire des Tilleuls")
    dialog.type_combo.set_value(SchoolType.PRIMAIRE)
    dialog.postcode_edit.setText("2100")
    assert dialog.error_text("postcode") == "Le code postal « 2100 » doit compter 5 chiffres."
    dialog.postcode_edit.setText("21000")
    dialog.commune_edit.setText("Dijon")
    dialog.phone_edit.setText("0380123456")
    dialog.phone_edit.editingFinished.emit()
    assert dialog.phone_edit.text() == "03 80 12 34 56"
    dialog.email_edit.setText("ce.0219999e@")
    assert "n'est pas valable" in dialog.error_text("email")
    dialog.email_edit.setText("ce.0219999e@ac-dijon.fr")
    dialog.zone_combo.setEditText("Zone A")
    press_ok(qtbot, dialog)

    created = services.schools.find("0219999E")
    assert (created.name, created.type, created.postcode, created.phone, created.email, created.holiday_zone) == (
        "École élémentaire des Tilleuls", SchoolType.PRIMAIRE, "21000", "03 80 12 34 56", "ce.0219999e@ac-dijon.fr",
        "Zone A")
    assert [(row[1], row[5]) for row in audit_rows(services, "schools", created.id)] == [("create", "ecran")]
    edit.controller.undo()
    with pytest.raises(NotFoundError):
        services.schools.find("0219999E")
    edit.controller.redo()
    assert services.schools.get(created.id) == created


def test_editing_a_school_then_undo(edit, services, qtbot):
    school = services.schools.list()[0]
    edit.select([], (school.id, None))
    assert edit.controller.edit_school_action.isEnabled()
    edit.controller.edit_school_action.trigger()
    dialog = edit.dialog(SchoolDialog)
    assert dialog.uai_edit.text() == school.uai and dialog.error_text("uai") == ""
    dialog.director_edit.setText("Mme Claire Dubois")
    dialog.active_check.setChecked(False)
    assert dialog.values() == {"director_name": "Mme Claire Dubois", "active": False}
    press_ok(qtbot, dialog)
    assert (services.schools.get(school.id).director_name, services.schools.get(school.id).active) == (
        "Mme Claire Dubois", False)
    mark = last_audit_id(services)
    edit.controller.undo()
    assert services.schools.get(school.id) == school
    assert {row[2] for row in audit_rows(services, "schools", school.id, mark)} == {"director_name", "active"}


def test_a_new_room_checks_its_name_then_undo_removes_it(edit, services, qtbot):
    school = next(s for s in services.schools.list() if "Colette" in s.name)
    edit.select([], (school.id, None))
    edit.controller.new_room_action.trigger()
    dialog = edit.dialog(RoomDialog)
    dialog.name_edit.setText("bcd")
    assert dialog.error_text("name") == "L'école a déjà une salle nommée « BCD »."
    assert not dialog.ok_button.isEnabled()
    dialog.name_edit.setText("Salle polyvalente")
    dialog.kind_combo.set_value(RoomKind.AUTRE)
    press_ok(qtbot, dialog)
    room = next(r for r in services.schools.rooms(school.id) if r.name == "Salle polyvalente")
    assert room.kind is RoomKind.AUTRE
    edit.controller.undo()
    assert all(r.id != room.id for r in services.schools.rooms(school.id))
    edit.controller.redo()
    assert services.schools.room(room.id) == room

    edit.select([], (school.id, room.id))
    edit.controller.edit_room_action.trigger()
    dialog = edit.dialog(RoomDialog)
    dialog.name_edit.setText("Salle d'arts plastiques")
    press_ok(qtbot, dialog)
    assert services.schools.room(room.id).name == "Salle d'arts plastiques"
    edit.controller.undo()
    assert services.schools.room(room.id).name == "Salle polyvalente"


def test_school_actions_follow_the_place(edit, services):
    controller = edit.controller
    edit.select([], (None, None))
    assert controller.new_school_action.isEnabled()
    assert not controller.edit_school_action.isEnabled() and not controller.new_room_action.isEnabled()
    school = services.schools.list()[0]
    room = services.schools.rooms(school.id)[0]
    edit.select([], (school.id, room.id))
    assert controller.edit_school_action.isEnabled() and controller.edit_room_action.isEnabled()
