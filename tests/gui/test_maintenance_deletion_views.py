"""On screen, on a demo city: a software incident cannot be ticked in the intervention form (it is forwarded, not
handled), and an intervention entered by mistake is deleted from the context menu of its list, after a question —
or the action is disabled with the services' reason."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.maintenance import InterventionType, software_message
from ticeinventory.domain.validation import format_date
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.interventions_view import InterventionsView
from ticeinventory.ui.maintenance_controller import MaintenanceController, MaintenancePrompts


class ScriptedPrompts(MaintenancePrompts):
    """The technician's answers to « Supprimer l'intervention du … ? », given in advance."""

    def __init__(self, *answers: bool) -> None:
        super().__init__(None)
        self.answers = list(answers)
        self.asked: list[int] = []
        self.errors: list[str] = []
        self.refusals: list[tuple[str, str]] = []

    def confirm_delete_intervention(self, work) -> bool:
        self.asked.append(work.id)
        assert self.answers, f"unexpected question about intervention {work.id}"
        return self.answers.pop(0)

    def show_error(self, message: str) -> None:
        self.errors.append(message)

    def show_refusal(self, title: str, message: str) -> None:
        self.refusals.append((title, message))


@pytest.fixture
def city(services):
    """Two PCs of one school: a mistaken diagnosis on the first, a repair resolving a report on the second; and a
    software report on the first."""
    equipment, maintenance = services.equipment, services.maintenance
    pcs = equipment.list(EquipmentFilter(category_code="PCF", in_plan=True, status=EquipmentStatus.EN_SERVICE))
    pc = pcs[0]
    other = next(p for p in pcs if p.school_id == pc.school_id and p.id != pc.id)
    now = datetime.now().replace(second=0, microsecond=0)
    start = now - timedelta(hours=2)
    mistake = maintenance.interventions.record(type="diagnostic", outcome="a_revoir", date=start.date(),
                                               start_time=start.time(), duration_minutes=15, equipment=pc.id)
    broken = maintenance.incidents.report(school=other.school_id, equipment=other.id, nature="materiel",
                                          reporter_name="Sophie Martin", description="Écran noir.",
                                          reported_at=start - timedelta(days=1))
    repair = maintenance.interventions.record(type="depannage_materiel", outcome="resolu", date=start.date(),
                                              start_time=start.time(), duration_minutes=30, equipment=other.id,
                                              incidents=[broken.id])
    software = maintenance.incidents.report(school=pc.school_id, equipment=pc.id, nature="logiciel",
                                            reporter_name="Sophie Martin", reported_at=start - timedelta(hours=1),
                                            description="Le logiciel de lecture ne s'ouvre plus.")
    return SimpleNamespace(pc=pc, other=other, mistake=mistake.intervention, repair=repair.intervention,
                           broken=broken, software=software)


@pytest.fixture
def maint(qtbot, services):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("Inventaire"))
    changed: list[int] = []
    prompts = ScriptedPrompts()
    controller = MaintenanceController(window, services, lambda: None, lambda: None, lambda: changed.append(1),
                                       prompts=prompts)
    messages: list[str] = []
    controller.sig_status_message.connect(messages.append)
    window.show()
    qtbot.waitExposed(window)
    yield SimpleNamespace(window=window, controller=controller, prompts=prompts, changed=changed, messages=messages)
    for view in (controller.history, controller.week):
        if view is not None:
            view.close()
    window.close()


def select(table, model, intervention_id: int) -> None:
    row = next(r for r in range(model.rowCount()) if model.record(r).id == intervention_id)
    table.setCurrentIndex(model.index(row, 0))


def test_a_software_incident_is_greyed_in_the_intervention_form(maint, city, qtbot):
    dialog = maint.controller.enter_intervention(equipment=city.pc.id)
    qtbot.waitExposed(dialog)
    items = [dialog.incidents_list.item(r) for r in range(dialog.incidents_list.count())]
    (item,) = [i for i in items if i.data(Qt.ItemDataRole.UserRole) == city.software.id]
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled and not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert item.toolTip() == software_message(city.software.id)
    item.setCheckState(Qt.CheckState.Checked)  # even forced, it is not sent
    assert city.software.id not in dialog.incident_ids()
    dialog.reject()


def test_deleting_from_my_week_asks_then_deletes(maint, city, services):
    week = maint.controller.show_my_week()
    assert week.model.rowCount() == 2
    action = week.delete_action
    assert not action.isEnabled()  # nothing chosen
    select(week.table, week.model, city.mistake.id)
    assert action.isEnabled() and action.text() == "&Supprimer l'intervention…"
    assert action in week.delete_action.context_menu().actions()

    maint.prompts.answers.append(False)  # « Non »: nothing happens
    action.trigger()
    assert services.maintenance.interventions.get(city.mistake.id) == city.mistake

    maint.prompts.answers.append(True)
    action.trigger()
    assert maint.prompts.asked == [city.mistake.id, city.mistake.id]
    assert services.maintenance.interventions.of_equipment(city.pc.id) == []
    assert [w.id for w in map(week.model.record, range(week.model.rowCount()))] == [city.repair.id]
    assert maint.messages[-1].startswith(f"Intervention n° {city.mistake.id} du {format_date(city.mistake.date)} "
                                         "supprimée. L'équipement")
    assert maint.changed  # the inventory and the detail panel read again


def test_a_refused_deletion_is_disabled_with_the_reason(maint, city, services):
    history = maint.controller.show_school_history(city.pc.school_id)
    select(history.intervention_table, history.intervention_model, city.repair.id)
    action = history.delete_action
    refusal = services.maintenance.interventions.deletion_refusal(city.repair.id)
    assert refusal and f"répond au signalement n° {city.broken.id}, qui est « Résolu »" in refusal
    assert not action.isEnabled() and action.toolTip() == refusal and action.statusTip() == refusal
    action.trigger()
    assert maint.prompts.asked == []

    assert maint.controller.delete_intervention(city.repair.id) is False  # asked some other way: shown, not asked
    assert maint.prompts.refusals == [("Suppression impossible", refusal)] and maint.prompts.asked == []
    assert services.maintenance.interventions.get(city.repair.id) == city.repair

    select(history.intervention_table, history.intervention_model, city.mistake.id)
    assert action.isEnabled()


def test_the_detail_panels_tab_deletes_through_the_controller(maint, city, services, qtbot):
    view = InterventionsView()
    qtbot.addWidget(view)
    info = services.equipment.get(city.pc.id)
    view.show_interventions(info, services.maintenance.interventions.of_equipment(city.pc.id))
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    assert not view.delete_action.isEnabled()  # not attached: nobody to delete
    maint.controller.attach_interventions_view(view)
    view.update_delete_action()
    assert view.delete_action.isEnabled()
    assert view.context_menu().actions() == [view.delete_action]
    maint.prompts.answers.append(True)
    view.delete_action.trigger()
    assert maint.prompts.asked == [city.mistake.id]
    assert services.maintenance.interventions.of_equipment(city.pc.id) == []
    assert maint.changed

    other = services.equipment.get(city.other.id)
    view.show_interventions(other, services.maintenance.interventions.of_equipment(city.other.id))
    view.tree.setCurrentItem(view.tree.topLevelItem(0))
    assert not view.delete_action.isEnabled() and "qui est « Résolu »" in view.delete_action.toolTip()


def test_the_question_names_the_day_and_says_it_is_final(maint, city, monkeypatch):
    asked = []

    def question(parent, title, text, buttons, default):
        asked.append((title, text, default))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    assert MaintenancePrompts(maint.window).confirm_delete_intervention(city.mistake)
    ((title, text, default),) = asked
    assert title == "Supprimer l'intervention"
    assert text.startswith(f"Supprimer l'intervention du {format_date(city.mistake.date)}\u00a0?\n\n"
                           f"{InterventionType.DIAGNOSTIC.label} — {city.pc.inventory_number}, ")
    assert "La suppression est définitive" in text
    assert default == QMessageBox.StandardButton.No
