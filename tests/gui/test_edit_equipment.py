"""The equipment record on a real demo city: edit, undo, redo (database and audit trail each time), create
in plan or hors plan (origin required), inline messages, the services' refusals shown under their fields."""

from __future__ import annotations

from datetime import date

import pytest
from edit_support import audit_rows, last_audit_id, make_harness, press_ok
from PySide6.QtCore import QDate, Qt

from ticeinventory.domain.enums import EquipmentStatus, FundingOrigin
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.equipment_dialog import EquipmentDialog
from ticeinventory.ui.form_widgets import NOT_IN_LIST


@pytest.fixture
def edit(qtbot, services):
    return make_harness(qtbot, services)


def a_pc(services):
    return next(item for item in services.equipment.list(EquipmentFilter(category_code="PCF"))
                if item.status is EquipmentStatus.EN_SERVICE and item.room_id is not None)


def test_editing_a_field_then_undo_and_redo_write_the_database_and_the_audit_trail(edit, services, qtbot):
    item = a_pc(services)
    edit.select([item.id], (item.school_id, item.room_id))
    mark = last_audit_id(services)

    edit.controller.edit_action.trigger()
    dialog = edit.dialog(EquipmentDialog)
    assert dialog.number_edit.text() == item.inventory_number
    dialog.supplier_edit.setText("UGAP")
    dialog.serial_edit.setText("SN-NOUVEAU-42")
    press_ok(qtbot, dialog)

    assert not dialog.isVisible()
    saved = services.equipment.get(item.id)
    assert (saved.supplier, saved.serial_number) == ("UGAP", "SN-NOUVEAU-42")
    edited = audit_rows(services, "equipment", item.id, mark)
    assert {(action, fld, old, new, source) for _id, action, fld, old, new, source in edited} == {
        ("update", "supplier", item.supplier, "UGAP", "ecran"),
        ("update", "serial_number", item.serial_number, "SN-NOUVEAU-42", "ecran")}
    assert edit.controller.undo_action.isEnabled()
    assert edit.controller.undo_action.text() == f"&Annuler «\u00a0Modifier {item.inventory_number}\u00a0»"

    mark = last_audit_id(services)
    edit.controller.undo_action.trigger()
    undone = services.equipment.get(item.id)
    assert (undone.supplier, undone.serial_number) == (item.supplier, item.serial_number)
    assert undone == item
    assert {(fld, old, new, source) for _id, _action, fld, old, new, source
            in audit_rows(services, "equipment", item.id, mark)} == {
        ("supplier", "UGAP", item.supplier, "ecran"), ("serial_number", "SN-NOUVEAU-42", item.serial_number, "ecran")}

    mark = last_audit_id(services)
    edit.controller.redo_action.trigger()
    assert services.equipment.get(item.id).supplier == "UGAP"
    assert len(audit_rows(services, "equipment", item.id, mark)) == 2
    assert not edit.controller.redo_action.isEnabled()
    assert edit.refreshed >= 3


def test_the_shortcuts_undo_and_redo_in_the_host(edit, services, qtbot):
    item = a_pc(services)
    edit.select([item.id])
    edit.controller.open_equipment(item.id)
    dialog = edit.dialog(EquipmentDialog)
    dialog.notes_edit.setPlainText("clavier remplacé")
    press_ok(qtbot, dialog)
    edit.host.activateWindow()
    edit.host.setFocus()
    qtbot.keyClick(edit.host, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.equipment.get(item.id).notes == item.notes
    qtbot.keyClick(edit.host, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert services.equipment.get(item.id).notes == "clavier remplacé"
    qtbot.keyClick(edit.host, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit.host, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert services.equipment.get(item.id).notes == "clavier remplacé"


def test_a_new_item_in_the_plan_with_a_generated_number_then_undo_deletes_it(edit, services, qtbot):
    school = next(s for s in services.schools.list() if "Colette" in s.name)
    room = next(r for r in services.schools.rooms(school.id) if r.name == "BCD")
    edit.select([], (school.id, room.id))
    before = services.equipment.count()

    edit.controller.new_equipment_action.trigger()
    dialog = edit.dialog(EquipmentDialog)
    assert (dialog.place.school_id(), dialog.place.room_id()) == (school.id, room.id)
    assert dialog.status_combo.value() is EquipmentStatus.EN_SERVICE
    assert not dialog.ok_button.isEnabled()
    assert "la catégorie" in dialog.summary.text() and "le financement" in dialog.summary.text()
    dialog.category_combo.set_value(next(c.id for c in services.catalog.categories() if c.code == "PCP"))
    dialog.manufacturer_edit.setText("Lenovo")
    dialog.model_edit.setText("ThinkPad E14")
    dialog.funding.in_plan_radio.setChecked(True)
    assert not dialog.ok_button.isEnabled()  # which plan?
    assert dialog.error_text("plan") == ""  # not touched yet: the summary says what is missing
    assert "le plan" in dialog.summary.text()
    plan = next(p for p in services.catalog.plans() if p.code == "DIJON-2015-AV2")
    dialog.funding.plan_combo.set_value(plan.id)
    assert dialog.funding.phase_combo.values() == [None, *(phase.id for phase in plan.phases)]
    dialog.funding.phase_combo.set_value(plan.phases[1].id)
    dialog.acquired_edit.set_value(date(2016, 9, 1))
    dialog.price_edit.setText("1 234,50 €")
    press_ok(qtbot, dialog)

    assert services.equipment.count() == before + 1
    created = services.equipment.find(edit.controller.undo_stack.undoText().removeprefix("Créer "))
    assert (created.category_code, created.school_id, created.room_id, created.plan_code, created.phase_name,
            created.purchase_price_cents, created.status) == (
        "PCP", school.id, room.id, "DIJON-2015-AV2", plan.phases[1].name, 123450, EquipmentStatus.EN_SERVICE)
    assert created.inventory_number.startswith("PCP-2016-")  # generated: category and year of acquisition
    assert edit.messages[-1] == f"Équipement {created.inventory_number} créé. Ctrl+Z pour annuler."
    assert [row[1] for row in audit_rows(services, "equipment", created.id)] == ["create"]

    edit.controller.undo()
    assert services.equipment.count() == before
    assert [row[1] for row in audit_rows(services, "equipment", created.id)] == ["create", "delete"]
    edit.controller.redo()
    assert services.equipment.get(created.id) == created


def test_hors_plan_requires_its_origin_and_says_what_it_means(edit, services, qtbot):
    edit.select([], (None, None))
    edit.controller.new_equipment()
    dialog = edit.dialog(EquipmentDialog)
    assert dialog.place.school_id() is None and not dialog.room_combo.isEnabled()
    assert dialog.status_combo.value() is EquipmentStatus.EN_STOCK
    dialog.category_combo.set_value(next(c.id for c in services.catalog.categories() if c.code == "TAB"))
    dialog.funding.out_radio.setChecked(True)
    assert "ni installation ni maintenance par la Ville" in dialog.funding.consequence.text()
    assert "art.\u00a08" in dialog.funding.consequence.text()
    assert not dialog.funding.plan_combo.isEnabled() and dialog.funding.origin_combo.isEnabled()
    assert not dialog.ok_button.isEnabled()
    dialog.funding.origin_combo.setCurrentIndex(2)
    dialog.funding.origin_combo.setCurrentIndex(0)  # touched, then back to nothing
    assert dialog.error_text("funding_origin").startswith("Indiquez l'origine du matériel hors plan")
    assert not dialog.ok_button.isEnabled()
    dialog.funding.origin_combo.set_value(FundingOrigin.DON)
    assert dialog.error_text("funding_origin") == ""
    press_ok(qtbot, dialog)

    created = services.equipment.get(edit.controller.undo_stack.command(0).created_ids[0])
    assert (created.plan_id, created.funding_origin, created.school_id, created.status) == (
        None, FundingOrigin.DON, None, EquipmentStatus.EN_STOCK)
    assert created.funding_label == "Hors plan — non maintenu (Don)"


def test_changing_an_item_to_hors_plan_and_back(edit, services, qtbot):
    item = a_pc(services)
    edit.controller.open_equipment(item.id)
    dialog = edit.dialog(EquipmentDialog)
    assert dialog.funding.in_plan_radio.isChecked()
    dialog.funding.out_radio.setChecked(True)
    dialog.funding.origin_combo.set_value(FundingOrigin.FONDS_PROPRES)
    assert dialog.values() == {"plan_id": None, "phase_id": None, "funding_origin": "fonds_propres"}
    press_ok(qtbot, dialog)
    assert services.equipment.get(item.id).funding_origin is FundingOrigin.FONDS_PROPRES
    edit.controller.undo()
    back = services.equipment.get(item.id)
    assert (back.plan_id, back.phase_id, back.funding_origin) == (item.plan_id, item.phase_id, None)


def test_inline_messages_as_you_type(edit, services, qtbot):
    item = a_pc(services)
    edit.controller.open_equipment(item.id)
    dialog = edit.dialog(EquipmentDialog)
    dialog.mac_edit.setText("00:1A:2B")
    assert "12 chiffres hexadécimaux" in dialog.error_text("mac_address")
    assert not dialog.ok_button.isEnabled()
    dialog.mac_edit.setText("00-1a-2b-3c-4d-5e")
    assert dialog.error_text("mac_address") == ""
    dialog.ip_edit.setText("192.168.300.1")
    assert "n'est pas valable" in dialog.error_text("ip_address")
    dialog.ip_edit.setText("192.168.3.1")
    dialog.price_edit.setText("douze euros")
    assert "1 234,50 €" in dialog.error_text("purchase_price")
    dialog.price_edit.setText("1234.5")
    dialog.price_edit.editingFinished.emit()
    assert dialog.price_edit.text() == "1\u202f234,50\u00a0€"
    dialog.warranty_edit.set_value(date(2001, 1, 1))
    assert "ne peut pas précéder" in dialog.error_text("warranty_end")
    dialog.warranty_edit.set_value(None)
    dialog.parent_edit.setText("XYZ-404")
    assert "n'a le numéro d'inventaire « XYZ-404 »" in dialog.error_text("parent")
    screen = next(i for i in services.equipment.list(EquipmentFilter(category_code="ECR"))
                  if i.status is not EquipmentStatus.REFORME and i.parent_id != item.id)
    dialog.parent_edit.setText(screen.inventory_number.lower())
    assert dialog.error_text("parent") == "" and dialog.parent_label.isVisible()
    dialog.school_combo.setEditText("école qui n'existe pas")
    assert dialog.place.school_id() is NOT_IN_LIST
    assert "Choisissez une école de la liste" in dialog.error_text("school")
    dialog.school_combo.setEditText("")
    dialog.place.set_place(item.school_id, item.room_id)
    dialog.number_edit.setText("")
    assert dialog.error_text("inventory_number") == "Le numéro d'inventaire est obligatoire."
    dialog.number_edit.setText(item.inventory_number)
    assert dialog.ok_button.isEnabled(), dialog.summary.text()
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    saved = services.equipment.get(item.id)
    assert (saved.mac_address, saved.ip_address, saved.purchase_price_cents, saved.parent_id, saved.warranty_end) == (
        "00:1A:2B:3C:4D:5E", "192.168.3.1", 123450, screen.id, None)


def test_a_refusal_of_the_service_is_shown_under_its_field_and_the_dialog_stays_open(edit, services, qtbot):
    item, other = [i for i in services.equipment.list(EquipmentFilter(category_code="PCF"))
                   if i.status is not EquipmentStatus.REFORME][:2]
    edit.controller.open_equipment(item.id)
    dialog = edit.dialog(EquipmentDialog)
    dialog.number_edit.setText(other.inventory_number)
    mark = last_audit_id(services)
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_text("inventory_number") == f"Le numéro d'inventaire {other.inventory_number} est déjà utilisé."
    assert not dialog.ok_button.isEnabled()
    assert audit_rows(services, "equipment", after=mark) == []
    assert edit.stack.count() == 0
    dialog.number_edit.setText(item.inventory_number + "B")
    assert dialog.error_text("inventory_number") == "" and dialog.ok_button.isEnabled()
    dialog.reject()


def test_a_retired_item_opens_read_only(edit, services, qtbot):
    retired = services.equipment.list(EquipmentFilter(status=EquipmentStatus.REFORME), limit=1)[0]
    edit.select([retired.id])
    qtbot.keyClick(edit.host, Qt.Key.Key_F2)
    dialog = edit.dialog(EquipmentDialog)
    assert dialog.banner.isVisible() and "Réformé le" in dialog.banner.text()
    assert not dialog.ok_button.isVisible()
    assert dialog.number_edit.isReadOnly() and not dialog.category_combo.isEnabled()
    assert dialog.cancel_button.text() == "Fermer"
    dialog.reject()


def test_the_optional_date_field_types_and_clears_by_keyboard(edit, services, qtbot):
    edit.controller.new_equipment()
    dialog = edit.dialog(EquipmentDialog)
    field = dialog.acquired_edit
    assert field.value() is None
    field.setFocus()
    qtbot.keyClicks(field, "14122009")
    assert field.value() == date(2009, 12, 14)
    assert field.text() == "14/12/2009"
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.value() is None
    field.set_value(QDate.currentDate().addDays(3).toPython())
    assert "dans le futur" in dialog.error_text("acquisition_date")
    dialog.reject()


def test_the_parent_refused_by_the_service_is_shown_under_its_field(edit, services, qtbot):
    pc = next(i for i in services.equipment.list(EquipmentFilter(category_code="PCF"))
              if services.equipment.children(i.id) and i.status is not EquipmentStatus.REFORME)
    screen = services.equipment.children(pc.id)[0]
    edit.controller.open_equipment(pc.id)
    dialog = edit.dialog(EquipmentDialog)
    dialog.parent_edit.setText(screen.inventory_number)  # the PC attached to its own screen: a loop
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_text("parent") == ("Un équipement ne peut pas être rattaché à lui-même ni à l'un de ses "
                                           "éléments.")
    assert services.equipment.get(pc.id).parent_id is None
    dialog.reject()


def test_tab_follows_the_form_from_top_to_bottom(edit, services):
    edit.controller.open_equipment(a_pc(services).id)
    dialog = edit.dialog(EquipmentDialog)
    order, widget = [], dialog.number_edit
    while True:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled() and widget.isVisibleTo(dialog) \
                and widget.objectName() and not widget.objectName().startswith("qt_"):
            order.append(widget.objectName())
        widget = widget.nextInFocusChain()
        if widget is dialog.number_edit:
            break
    assert order == ["inventoryNumberEdit", "categoryCombo", "manufacturerEdit", "modelEdit", "serialEdit",
                     "parentEdit", "attributionCombo", "schoolCombo", "roomCombo", "notesEdit", "inPlanRadio",
                     "planCombo", "phaseCombo", "horsPlanRadio", "acquisitionDateEdit", "priceEdit", "supplierEdit",
                     "orderReferenceEdit", "warrantyEndEdit", "networkNameEdit", "macEdit", "ipEdit", "okButton",
                     "cancelButton"]
    dialog.reject()
