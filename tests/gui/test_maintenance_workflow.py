"""Maintenance on screen, on a real demo city: the queue and its actions, quick entry of interventions, the
conventions' refusals shown with their article (hors plan, warranty, software), and the retirement proposed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.maintenance import (
    DIJON_ART8_OUT_OF_PLAN,
    DIJON_ART8_SOFTWARE,
    SAINT_DENIS_ART4_OUT_OF_PLAN,
    IncidentStatus,
    InterventionType,
)
from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.domain.validation import format_date
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.intervention_dialog import InterventionDialog
from ticeinventory.ui.maintenance_controller import (
    MaintenanceController,
    MaintenancePrompts,
    retirement_reason,
)
from ticeinventory.ui.maintenance_queue import COLUMN, OVERDUE_ROLE, MaintenanceQueue

S = IncidentStatus
DISPLAY = Qt.ItemDataRole.DisplayRole


# -- a few incidents in the demo city ---------------------------------------------------------------------------


@dataclass
class City:
    pc: EquipmentInfo  # in plan, warranty long over
    spare_pc: EquipmentInfo  # in plan, same school, for the retirement
    new_pc: EquipmentInfo  # in plan, under warranty for 200 more days
    printer: EquipmentInfo  # hors plan
    soft_pc: EquipmentInfo  # in plan, another school: a software incident
    broken: object  # IncidentInfo: hardware, high urgency, 3 days 4 hours old (late)
    software: object
    hors_plan: object
    warranty: object
    network: object  # no item, taken by another technician


def build_city(services) -> City:
    equipment, incidents = services.equipment, services.maintenance.incidents
    pcs = equipment.list(EquipmentFilter(category_code="PCF", in_plan=True, status=EquipmentStatus.EN_SERVICE))
    pc = pcs[0]
    same_school = [p for p in pcs if p.school_id == pc.school_id and p.id != pc.id]
    soft_pc = next(p for p in pcs if p.school_id != pc.school_id)
    printer = equipment.list(EquipmentFilter(in_plan=False, status=EquipmentStatus.EN_SERVICE))[0]
    new_pc = equipment.update(same_school[0].id, warranty_end=date.today() + timedelta(days=200))
    now = datetime.now().replace(second=0, microsecond=0)

    def report(item: EquipmentInfo | None, hours: float, **values):
        values.setdefault("nature", "materiel")
        values.setdefault("reporter_name", "Sophie Martin")
        return incidents.report(school=values.pop("school", None) or item.school_id,
                                equipment=item.id if item else None, reported_at=now - timedelta(hours=hours),
                                **values)

    broken = report(pc, 76, urgency="haute", description="Le poste ne démarre plus, écran noir après le logo.")
    software = report(soft_pc, 5, nature="logiciel", description="L'antivirus bloque le logiciel de lecture.")
    hors_plan = report(printer, 24, urgency="basse", description="L'imprimante offerte par les parents bourre.")
    warranty = report(new_pc, 2, description="Le disque dur fait un bruit de claquement.")
    network = report(None, 1, school=pc.school_id, nature="reseau", urgency="bloquante",
                     description="Plus d'internet dans la salle informatique.")
    incidents.take_charge(network.id, technician="Nadia Ferhat")
    return City(pc=pc, spare_pc=same_school[1], new_pc=new_pc, printer=printer, soft_pc=soft_pc, broken=broken,
                software=software, hors_plan=hors_plan, warranty=warranty, network=network)


class ScriptedPrompts(MaintenancePrompts):
    """The technician's answers, given in advance; running out of answers fails instead of blocking."""

    def __init__(self, *, notes=(), tickets=(), retire=()) -> None:
        super().__init__(None)
        self.answers = {"note": list(notes), "ticket": list(tickets), "retire": list(retire)}
        self.asked: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.refusals: list[str] = []

    def _answer(self, question: str, text: str):
        self.asked.append((question, text))
        assert self.answers[question], f"unexpected question {question!r} ({text})"
        return self.answers[question].pop(0)

    def confirm_step(self, incident, status):
        return self._answer("note", f"{incident.id} → {status.label}")

    def supplier_ticket(self, incident):
        return self._answer("ticket", str(incident.id))

    def propose_retirement(self, result):
        return self._answer("retire", retirement_reason(result))

    def show_error(self, message: str) -> None:
        self.errors.append(message)

    def show_refusal(self, title: str, message: str) -> None:
        self.refusals.append(message)


@pytest.fixture
def city(services) -> City:
    return build_city(services)


@pytest.fixture
def maint(qtbot, services):
    """A main window (the inventory stands in as a label) holding the controller; ``chosen`` is what the
    inventory has selected, ``use(prompts)`` swaps the prompts."""
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("Inventaire"))
    window.resize(1366, 768)
    chosen = {"equipment": None, "school": None}
    changed: list[int] = []
    prompts = ScriptedPrompts()
    controller = MaintenanceController(window, services, lambda: chosen["equipment"], lambda: chosen["school"],
                                       lambda: changed.append(1), prompts=prompts)
    messages: list[str] = []
    controller.sig_status_message.connect(messages.append)
    window.show()
    qtbot.waitExposed(window)

    def use(new_prompts: MaintenancePrompts) -> MaintenancePrompts:
        controller.prompts = new_prompts
        return new_prompts

    yield SimpleNamespace(window=window, controller=controller, chosen=chosen, changed=changed, prompts=prompts,
                          messages=messages, use=use)
    window.close()


def choose(maint, *, equipment: int | None = None, school: int | None = None) -> None:
    """What the inventory does when the selection changes: tell the controller."""
    maint.chosen.update(equipment=equipment, school=school)
    maint.controller.update_enabled()


def shots_dir(tmp_path: Path) -> Path:
    """Screenshots go to $TICEINVENTORY_SHOTS when set (to look at them), else stay in the test's folder."""
    folder = Path(os.environ.get("TICEINVENTORY_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def texts(queue: MaintenanceQueue, key: str) -> list[str]:
    model = queue.model
    return [model.index(row, COLUMN[key]).data(DISPLAY) for row in range(model.rowCount())]


def row_of(queue: MaintenanceQueue, incident_id: int) -> int:
    row = queue.model.row_of(incident_id)
    assert row is not None, f"incident {incident_id} not in the queue"
    return row


def enabled_steps(queue: MaintenanceQueue) -> set[str]:
    names = {action.data() for action in queue.step_actions.values() if action.isEnabled()}
    if queue.intervention_action.isEnabled():
        names.add("intervention")
    return names


def check_incident(dialog: InterventionDialog, incident_id: int) -> None:
    for row in range(dialog.incidents_list.count()):
        item = dialog.incidents_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == incident_id:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"incident {incident_id} not offered")


def open_dialog(qtbot, maint) -> InterventionDialog:
    dialog = maint.controller.intervention_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


# -- the queue ---------------------------------------------------------------------------------------------------


def test_queue_shows_age_urgency_and_a_late_marker_not_only_colour(maint, city, tmp_path):
    queue = maint.controller.show_queue()
    assert maint.controller.queue_dock is not None and maint.controller.queue_dock.isVisible()
    ids = [queue.model.entry(row).incident.id for row in range(queue.model.rowCount())]
    assert set(ids) == {city.broken.id, city.software.id, city.hors_plan.id, city.warranty.id, city.network.id}
    assert ids[0] == city.network.id  # bloquante first

    row = row_of(queue, city.broken.id)
    index = queue.model.index(row, COLUMN["due"])
    assert queue.model.index(row, COLUMN["age"]).data(DISPLAY) == "3 j 4 h"
    assert index.data(OVERDUE_ROLE) is True
    assert index.data(DISPLAY) == "En retard"  # words…
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()  # …an icon…
    assert index.data(Qt.ItemDataRole.FontRole).bold()  # …and bold, besides the background
    assert "Prise en charge attendue avant le" in index.data(Qt.ItemDataRole.ToolTipRole)
    fresh = queue.model.index(row_of(queue, city.warranty.id), COLUMN["due"])
    assert fresh.data(OVERDUE_ROLE) is False and fresh.data(DISPLAY) != "En retard"

    printer = queue.model.index(row_of(queue, city.hors_plan.id), COLUMN["equipment"])
    assert printer.data(DISPLAY) == f"{city.printer.inventory_number} (hors plan)"
    assert "ne peut être clos que comme « Refusé — matériel hors plan »" in printer.data(Qt.ItemDataRole.ToolTipRole)
    assert queue.count_label.text() == "5 signalements, dont 1 en retard"

    queue.select_incident(city.network.id)  # the late line unselected, as the eye meets it
    maint.window.grab().save(str(shots_dir(tmp_path) / "queue.png"))


def test_queue_filters_by_technician_state_and_lateness(maint, city, services):
    queue = maint.controller.show_queue()
    queue.overdue_check.setChecked(True)
    assert [e.incident.id for e in map(queue.model.entry, range(queue.model.rowCount()))] == [city.broken.id]
    queue.overdue_check.setChecked(False)

    queue.technician_combo.setCurrentIndex(queue.technician_combo.findData("Nadia Ferhat"))
    assert texts(queue, "id") == [str(city.network.id)]
    queue.technician_combo.setCurrentIndex(queue.technician_combo.findData(""))  # « Non attribués »
    assert str(city.network.id) not in texts(queue, "id") and queue.model.rowCount() == 4
    me = queue.technician_combo.findData(services.actor.user)
    assert queue.technician_combo.itemText(me) == f"Moi ({services.actor.user})"
    queue.technician_combo.setCurrentIndex(me)
    assert queue.model.rowCount() == 0 and queue.placeholder.isVisible()
    assert queue.placeholder.text() == "Aucun signalement ne correspond à ces filtres."

    queue.technician_combo.setCurrentIndex(0)
    queue.state_combo.setCurrentIndex(queue.state_combo.findData(S.PRIS_EN_CHARGE.value))
    assert texts(queue, "status") == ["Pris en charge"]


def test_taking_in_charge_from_the_queue(maint, city, services, qtbot):
    queue = maint.controller.show_queue()
    assert queue.select_incident(city.broken.id)
    take = queue.step_actions[S.PRIS_EN_CHARGE]
    assert take.isEnabled()
    take.trigger()

    info = services.maintenance.incidents.get(city.broken.id)
    assert (info.status, info.assigned_to) == (S.PRIS_EN_CHARGE, services.actor.user)
    row = row_of(queue, city.broken.id)
    assert queue.model.index(row, COLUMN["status"]).data(DISPLAY) == "Pris en charge"
    assert queue.model.index(row, COLUMN["technician"]).data(DISPLAY) == services.actor.user
    assert queue.current_incident_id() == city.broken.id  # the line stays chosen
    assert not take.isEnabled() and "n'est pas une étape possible maintenant" in take.toolTip()
    assert maint.messages[-1] == f"Signalement n° {city.broken.id} pris en charge par {services.actor.user}."
    assert maint.changed  # the inventory re-reads the item's status
    assert queue.technician_combo.findData(services.actor.user) >= 0


def test_software_incident_can_only_be_forwarded(maint, city, services):
    queue = maint.controller.show_queue()
    queue.select_incident(city.software.id)
    # Not even taken in charge: the action is there, disabled, the services' reason as its tooltip.
    assert enabled_steps(queue) == {S.TRANSMIS_EN.value}
    assert DIJON_ART8_SOFTWARE in queue.intervention_action.toolTip()
    take = queue.step_actions[S.PRIS_EN_CHARGE]
    assert not take.isEnabled()
    assert DIJON_ART8_SOFTWARE in take.toolTip() and "Utilisez « Transmis à l'Éducation nationale »" in take.toolTip()
    take.trigger()  # a disabled action does nothing
    assert services.maintenance.incidents.get(city.software.id).status is S.NOUVEAU
    for status in (S.RESOLU, S.ENVOYE_FOURNISSEUR):  # not steps from « nouveau » anyway
        assert not queue.step_actions[status].isEnabled()
    assert "matériel hors plan concerné" in queue.step_actions[S.REFUSE_HORS_PLAN].toolTip() \
        or "dans le plan" in queue.step_actions[S.REFUSE_HORS_PLAN].toolTip()

    maint.prompts.answers["note"].append("Transmis à l'animatrice TICE de la circonscription.")
    queue.step_actions[S.TRANSMIS_EN].trigger()
    info = services.maintenance.incidents.get(city.software.id)
    assert info.status is S.TRANSMIS_EN and info.steps[-1].note.startswith("Transmis à l'animatrice")
    assert city.software.id not in [queue.model.entry(r).incident.id for r in range(queue.model.rowCount())]


def test_hors_plan_incident_is_refused_not_repaired(maint, city, services):
    queue = maint.controller.show_queue()
    queue.select_incident(city.hors_plan.id)
    assert not queue.intervention_action.isEnabled()
    tip = queue.intervention_action.toolTip()
    assert DIJON_ART8_OUT_OF_PLAN in tip and SAINT_DENIS_ART4_OUT_OF_PLAN in tip
    refuse = queue.step_actions[S.REFUSE_HORS_PLAN]
    assert refuse.isEnabled()
    maint.prompts.answers["note"].append("")
    refuse.trigger()
    info = services.maintenance.incidents.get(city.hors_plan.id)
    assert info.status is S.REFUSE_HORS_PLAN and DIJON_ART8_OUT_OF_PLAN in info.steps[-1].note
    assert maint.prompts.asked == [("note", f"{city.hors_plan.id} → Refusé — matériel hors plan")]


def test_cancelled_question_changes_nothing_and_refused_step_shows_the_article(maint, city, services):
    queue = maint.controller.show_queue()
    queue.select_incident(city.warranty.id)
    maint.prompts.answers["ticket"].append(None)  # the technician cancels the ticket question
    queue.step_actions[S.PRIS_EN_CHARGE].trigger()
    queue.step_actions[S.ENVOYE_FOURNISSEUR].trigger()
    assert services.maintenance.incidents.get(city.warranty.id).status is S.PRIS_EN_CHARGE
    maint.prompts.answers["ticket"].append("DELL-88412-FR")
    queue.step_actions[S.ENVOYE_FOURNISSEUR].trigger()
    sent = services.maintenance.incidents.get(city.warranty.id)
    assert (sent.status, sent.supplier_ticket) == (S.ENVOYE_FOURNISSEUR, "DELL-88412-FR")
    assert services.equipment.get(city.new_pc.id).status is EquipmentStatus.EN_REPARATION

    # a step the services refuse (here asked directly): the RuleError is shown as it is, article quoted
    services.maintenance.incidents.take_charge(city.hors_plan.id)
    assert maint.controller.advance(city.hors_plan.id, S.RESOLU) is None
    assert "Saint-Denis, art. 4" in maint.prompts.errors[-1]


# -- quick entry -------------------------------------------------------------------------------------------------


def test_quick_entry_from_the_queue_records_and_the_queue_updates(maint, city, services, qtbot):
    queue = maint.controller.show_queue()
    queue.select_incident(city.broken.id)
    queue.intervention_action.trigger()
    dialog = open_dialog(qtbot, maint)
    assert dialog.windowTitle() == f"Saisir une intervention — {city.pc.inventory_number}"
    assert dialog.incident_ids() == [city.broken.id]  # pre-filled from the incident
    assert dialog.type_combo.currentData() == InterventionType.DEPANNAGE_MATERIEL.value
    assert dialog.technician_edit.text() == services.actor.user
    assert dialog.equipment_combo.currentData() == city.pc.id
    assert dialog.banner.text() == ""

    dialog.start_edit.setTime(dialog.start_edit.time().addSecs(-2 * 3600))
    dialog.duration_edit.setText("1h30")
    dialog.actions_edit.setPlainText("Alimentation remplacée, démarrage vérifié.")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(InterventionType.REMPLACEMENT_PIECE.value))
    dialog.add_part("Alimentation 300 W", "PSU-300", 1, "34,90")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    work = services.maintenance.interventions.of_equipment(city.pc.id)
    assert len(work) == 1 and work[0].duration_minutes == 90 and work[0].parts[0].cost_cents == 3490
    assert work[0].incident_ids == (city.broken.id,)
    assert services.maintenance.incidents.get(city.broken.id).status is S.RESOLU
    assert city.broken.id not in [queue.model.entry(r).incident.id for r in range(queue.model.rowCount())]
    assert queue.count_label.text() == "4 signalements"
    assert services.equipment.get(city.pc.id).status is EquipmentStatus.EN_SERVICE
    assert maint.messages[-1].startswith(f"Intervention n° {work[0].id} enregistrée.")
    assert f"Signalement n° {city.broken.id} : Résolu." in maint.messages[-1]

    # résolu: it waits in « Résolus, à clore », where « Clore » is the one step left
    queue.state_combo.setCurrentIndex(queue.state_combo.findData(S.RESOLU.value))
    queue.select_incident(city.broken.id)
    assert enabled_steps(queue) == {S.CLOS.value}
    maint.prompts.answers["note"].append("")
    queue.step_actions[S.CLOS].trigger()
    assert services.maintenance.incidents.get(city.broken.id).status is S.CLOS


def test_a_refused_entry_keeps_the_dialog_open_with_the_services_message(maint, city, qtbot, services):
    choose(maint, equipment=city.pc.id)
    maint.controller.intervention_action.trigger()
    dialog = open_dialog(qtbot, maint)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no duration
    assert dialog.isVisible()
    assert "écrivez des minutes (90) ou des heures (1 h 30)" in dialog.banner.text()
    assert dialog.focusWidget() is dialog.duration_edit
    dialog.duration_edit.setText("45")
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(InterventionType.REMPLACEMENT_PIECE.value))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no part
    assert "Indiquez la ou les pièces remplacées." in dialog.banner.text()
    assert services.maintenance.interventions.of_equipment(city.pc.id) == []
    dialog.reject()


def test_intervention_on_a_hors_plan_item_is_refused_with_the_article(maint, city, services, qtbot, tmp_path):
    prompts = maint.use(MaintenancePrompts(maint.window))  # the real message box
    choose(maint, equipment=city.printer.id)
    assert maint.controller.intervention_action.isEnabled()
    maint.controller.intervention_action.trigger()

    assert maint.controller.intervention_dialog is None  # no form to fill
    box = prompts.last_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    assert box.windowTitle() == "Intervention impossible"
    assert box.text().startswith(f"Intervention refusée : l'équipement {city.printer.inventory_number} est hors plan")
    assert f"Convention TICE de Dijon, art. 8 : « {DIJON_ART8_OUT_OF_PLAN} »" in box.text()
    assert f"Convention de Saint-Denis, art. 4 : « {SAINT_DENIS_ART4_OUT_OF_PLAN} »" in box.text()
    box.grab().save(str(shots_dir(tmp_path) / "refusal_hors_plan.png"))
    box.accept()
    assert services.maintenance.interventions.of_equipment(city.printer.id) == []


def test_choosing_a_hors_plan_item_in_the_dialog_shows_the_refusal_inline(maint, city, qtbot):
    choose(maint, school=city.printer.school_id)
    maint.controller.intervention_action.trigger()  # a school-wide entry: network work
    dialog = open_dialog(qtbot, maint)
    assert dialog.equipment_combo.currentData() is None
    assert dialog.type_combo.currentData() == InterventionType.RESEAU.value
    dialog.equipment_combo.setCurrentIndex(dialog.equipment_combo.findData(city.printer.id))
    assert DIJON_ART8_OUT_OF_PLAN in dialog.banner.text()
    assert not dialog.save_button.isEnabled() and not dialog.duration_edit.isEnabled()
    assert dialog.equipment_combo.isEnabled()  # another choice lifts it
    dialog.equipment_combo.setCurrentIndex(0)
    assert dialog.banner.text() == "" and dialog.save_button.isEnabled()
    dialog.reject()


def test_warranty_restricts_the_types_and_shows_the_end_date(maint, city, services, qtbot, tmp_path):
    choose(maint, equipment=city.new_pc.id)
    maint.controller.intervention_action.trigger()
    dialog = open_dialog(qtbot, maint)
    until = format_date(city.new_pc.warranty_end)
    assert dialog.warranty_label.text().startswith(f"Sous garantie jusqu'au {until} : seuls « Diagnostic » et "
                                                   "« Retour garantie » sont possibles.")
    model = dialog.type_combo.model()
    assert isinstance(model, QStandardItemModel)
    enabled = {dialog.type_combo.itemData(row) for row in range(dialog.type_combo.count())
               if model.item(row).isEnabled()}
    assert enabled == {InterventionType.DIAGNOSTIC.value, InterventionType.RETOUR_GARANTIE.value}
    repair = dialog.type_combo.findData(InterventionType.DEPANNAGE_MATERIEL.value)
    assert f"Sous garantie jusqu'au {until}" in dialog.type_combo.itemData(repair, Qt.ItemDataRole.ToolTipRole)
    assert dialog.type_combo.currentData() == InterventionType.DIAGNOSTIC.value
    assert not dialog.ticket_edit.isVisible()
    dialog.grab().save(str(shots_dir(tmp_path) / "intervention_warranty.png"))

    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(InterventionType.RETOUR_GARANTIE.value))
    assert dialog.ticket_edit.isVisible()
    dialog.ticket_edit.setText("DELL-88412-FR")
    dialog.duration_edit.setText("20 min")
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData("a_revoir"))
    check_incident(dialog, city.warranty.id)
    dialog.start_edit.setTime(dialog.start_edit.time().addSecs(-3600))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.banner.text()
    (work,) = services.maintenance.interventions.of_equipment(city.new_pc.id)
    assert (work.type, work.supplier_ticket) == (InterventionType.RETOUR_GARANTIE, "DELL-88412-FR")
    assert services.maintenance.incidents.get(city.warranty.id).status is S.ENVOYE_FOURNISSEUR


def test_the_normal_dialog_fits_a_small_screen(maint, city, qtbot, tmp_path):
    maint.controller.enter_intervention(incident=city.broken.id)
    dialog = open_dialog(qtbot, maint)
    assert dialog.width() <= 1366 and dialog.height() <= 700
    assert dialog.warranty_label.text().startswith("Garantie du fournisseur terminée le")
    dialog.duration_edit.setText("1h30")
    dialog.actions_edit.setPlainText("Alimentation remplacée, démarrage vérifié.")
    dialog.add_part("Alimentation 300 W", "PSU-300", 1, "34,90")
    dialog.grab().save(str(shots_dir(tmp_path) / "intervention.png"))
    dialog.reject()


@pytest.mark.parametrize("answer", [True, False])
def test_irreparable_proposes_the_retirement(maint, city, services, qtbot, answer):
    maint.prompts.answers["retire"].append(answer)
    maint.controller.enter_intervention(equipment=city.spare_pc.id)
    dialog = open_dialog(qtbot, maint)
    dialog.start_edit.setTime(dialog.start_edit.time().addSecs(-3600))
    dialog.duration_edit.setText("40")
    dialog.actions_edit.setPlainText("Carte mère grillée.")
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData("irreparable"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    (work,) = services.maintenance.interventions.of_equipment(city.spare_pc.id)
    assert maint.prompts.asked == [("retire", f"Irréparable (intervention n° {work.id} du "
                                              f"{format_date(work.date)})")]
    item = services.equipment.get(city.spare_pc.id)
    if answer:
        assert item.status is EquipmentStatus.REFORME
        assert item.retirement_reason == f"Irréparable (intervention n° {work.id} du {format_date(work.date)})"
        assert maint.messages[-1] == (f"Intervention n° {work.id} enregistrée ; l'équipement "
                                      f"{city.spare_pc.inventory_number} est réformé.")
    else:
        assert item.status is EquipmentStatus.EN_PANNE
        assert "Réforme proposée" in maint.messages[-1]


def test_reporting_an_incident_puts_it_in_the_queue(maint, city, services, qtbot, tmp_path):
    queue = maint.controller.show_queue()
    choose(maint, equipment=city.printer.id)
    maint.controller.report_action.trigger()
    dialog = maint.controller.incident_dialog
    qtbot.waitExposed(dialog)
    assert dialog.school_combo.currentData() == city.printer.school_id
    assert dialog.equipment_combo.currentData() == city.printer.id
    assert "Matériel hors plan" in dialog.plan_note.text() and DIJON_ART8_OUT_OF_PLAN in dialog.plan_note.text()
    dialog.grab().save(str(shots_dir(tmp_path) / "incident.png"))
    dialog.equipment_combo.setCurrentIndex(0)
    assert dialog.plan_note.text() == ""

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Décrivez le problème" in dialog.banner.text()
    dialog.reporter_edit.setText("Émilie Lefèvre")
    dialog.nature_combo.setCurrentIndex(dialog.nature_combo.findData("reseau"))
    dialog.urgency_combo.setCurrentIndex(dialog.urgency_combo.findData("haute"))
    dialog.description_edit.setPlainText("Le Wi-Fi de la classe mobile ne répond plus.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (new,) = [i for i in services.maintenance.incidents.list() if i.reporter_name == "Émilie Lefèvre"]
    assert (new.school_id, new.equipment_id, new.urgency.value) == (city.printer.school_id, None, "haute")
    assert queue.current_incident_id() == new.id
    assert maint.messages[-1].startswith(f"Signalement n° {new.id} enregistré")
