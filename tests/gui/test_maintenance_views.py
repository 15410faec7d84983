"""The Maintenance menu's actions, and the views looking back: a school's history, « mes interventions de la
semaine », the committee's figures (computed on a worker thread), and an item's Interventions tab."""

from __future__ import annotations

import os
from datetime import datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from ticeinventory.domain.enums import AuditSource, EquipmentStatus
from ticeinventory.domain.validation import format_date
from ticeinventory.services.app import open_services
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.ui.maintenance_controller import MaintenanceController, MaintenancePrompts
from ticeinventory.ui.maintenance_figures import MaintenanceFiguresView, rows_of

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def work(services):
    """In one school: a repair answering a report, a report on hors plan equipment refused, a network job."""
    equipment, maintenance = services.equipment, services.maintenance
    pc = equipment.list(EquipmentFilter(category_code="PCF", in_plan=True, status=EquipmentStatus.EN_SERVICE))[0]
    printer = equipment.list(EquipmentFilter(in_plan=False, status=EquipmentStatus.EN_SERVICE))[0]
    now = datetime.now().replace(second=0, microsecond=0)
    today = now.date()
    start = time(0, 0) if now.hour < 2 else time(now.hour - 2, 0)
    broken = maintenance.incidents.report(school=pc.school_id, equipment=pc.id, nature="materiel",
                                          reporter_name="Sophie Martin", description="Écran noir.",
                                          reported_at=datetime.combine(today, start) - timedelta(days=1))
    repair = maintenance.interventions.record(
        type="remplacement_piece", outcome="resolu", date=today, start_time=start, duration_minutes=90,
        equipment=pc.id, parts=["Alimentation 300 W"], incidents=[broken.id], actions="Alimentation changée.")
    refused = maintenance.incidents.report(school=printer.school_id, equipment=printer.id, nature="materiel",
                                           reporter_name="Jérôme Petit", description="Bourrage.")
    maintenance.incidents.refuse_out_of_plan(refused.id)
    network = maintenance.interventions.record(type="reseau", outcome="resolu", date=today, start_time=start,
                                               duration_minutes=45, school=pc.school_id, actions="Switch redémarré.")
    return SimpleNamespace(pc=pc, printer=printer, broken=broken, repair=repair.intervention, refused=refused,
                           network=network.intervention)


@pytest.fixture
def maint(qtbot, services):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("Inventaire"))
    window.resize(1366, 768)
    chosen = {"equipment": None, "school": None}
    controller = MaintenanceController(window, services, lambda: chosen["equipment"], lambda: chosen["school"],
                                       lambda: None, prompts=MaintenancePrompts(window))
    window.show()
    qtbot.waitExposed(window)
    yield SimpleNamespace(window=window, controller=controller, chosen=chosen)
    for view in (controller.history, controller.week, controller.figures):
        if view is not None:
            view.close()
    window.close()


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TICEINVENTORY_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def column(model, title: str) -> list[str]:
    index = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)
    return [model.index(row, index).data(DISPLAY) for row in range(model.rowCount())]


def test_the_menu_actions_speak_french_with_mnemonics_and_shortcuts(maint):
    controller = maint.controller
    texts = [a.text() if a else None for a in controller.menu_actions()]
    assert texts == ["&Signaler un incident…", "Saisir une &intervention…", None, "&File de maintenance",
                     "&Historique de maintenance de l'école", "&Mes interventions de la semaine", None,
                     "&Chiffres de maintenance"]
    assert controller.report_action.shortcut() == QKeySequence("Ctrl+I")
    assert controller.intervention_action.shortcut() == QKeySequence("Ctrl+Shift+I")
    assert controller.queue_action.shortcut() == QKeySequence(Qt.Key.Key_F7)
    assert all(a.statusTip() for a in controller.menu_actions() if a)
    # nothing chosen in the inventory: no intervention nor school history to open
    assert not controller.intervention_action.isEnabled() and not controller.history_action.isEnabled()
    assert controller.report_action.isEnabled() and controller.queue_action.isEnabled()


def test_f7_opens_the_queue_as_a_dock_then_raises_it(maint, qtbot):
    maint.controller.queue_action.trigger()
    dock = maint.controller.queue_dock
    assert dock is not None and dock.objectName() == "maintenanceQueueDock"
    assert maint.window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    dock.close()
    maint.controller.queue_action.trigger()
    assert dock.isVisible() and maint.controller.queue_dock is dock  # the same queue, shown again


def test_without_a_main_window_the_queue_is_a_window_of_its_own(qtbot, services):
    parent = QWidget()
    qtbot.addWidget(parent)
    controller = MaintenanceController(parent, services, lambda: None, lambda: None, lambda: None)
    queue = controller.show_queue()
    qtbot.waitExposed(queue)
    assert queue.isWindow() and queue.width() <= 1366 and controller.queue_dock is None
    queue.close()


def test_school_history_lists_incidents_and_interventions(maint, work, qtbot, tmp_path):
    maint.chosen["equipment"] = work.pc.id  # the item's school
    maint.controller.update_enabled()
    assert maint.controller.history_action.isEnabled()
    maint.controller.history_action.trigger()
    history = maint.controller.history
    qtbot.waitExposed(history)
    assert history.school_id() == work.pc.school_id
    assert history.title.text() == f"Historique de maintenance — {work.pc.school_name}"
    assert history.summary.text() == "1 signalement (1 à clore), 2 interventions, 2 h 15 de travail."
    assert column(history.incident_model, "N°") == [str(work.broken.id)]
    assert column(history.incident_model, "État") == ["Résolu"]
    assert column(history.intervention_model, "Durée") == ["45 min", "1 h 30"] or \
        column(history.intervention_model, "Durée") == ["1 h 30", "45 min"]
    assert "Alimentation 300 W" in column(history.intervention_model, "Pièces")
    assert history.tabs.tabText(1) == "&Interventions (2)"
    assert history.width() <= 1366 and history.height() <= 768
    history.resize(1200, 600)  # the offscreen screen is 800×600: show it as on a 1366×768 one
    history.grab().save(str(shots_dir(tmp_path) / "school_history.png"))

    history.set_school(work.printer.school_id)
    assert "1 refusé hors plan" in history.summary.text()
    assert column(history.incident_model, "Équipement") == [f"{work.printer.inventory_number} (hors plan)"]


def test_my_week_shows_the_technicians_interventions_and_time(maint, work, services, qtbot, tmp_path):
    maint.controller.week_action.trigger()
    week = maint.controller.week
    qtbot.waitExposed(week)
    monday = week.monday()
    assert week.title.text() == (f"Semaine du lundi {format_date(monday)} au dimanche "
                                 f"{format_date(monday + timedelta(days=6))} — {services.actor.user}")
    assert week.model.rowCount() == 2
    assert week.summary.text() == "2 interventions, 2 h 15 de travail."
    assert not week.next_button.isEnabled()  # no week after this one yet
    week.resize(1200, 520)
    week.grab().save(str(shots_dir(tmp_path) / "my_week.png"))
    week.previous_button.click()
    assert week.model.rowCount() == 0 and week.summary.text() == "Aucune intervention enregistrée cette semaine."
    week.technician_edit.setText("Nadia Ferhat")
    week.this_week()
    assert week.model.rowCount() == 0


def test_figures_are_computed_on_a_worker_and_shown(maint, work, qtbot, tmp_path):
    maint.controller.figures_action.trigger()
    figures = maint.controller.figures
    assert isinstance(figures, MaintenanceFiguresView) and figures.busy
    assert figures.title.text() == "Calcul en cours…"
    with qtbot.waitSignal(figures.sig_loaded, timeout=10_000):  # delivered by the event loop, not before
        pass
    assert figures.title.text() == ("2 interventions, 2 h 15 de travail, depuis le début ; "
                                    "1 signalement refusé hors plan.")
    assert rows_of(figures.models["school"]) == [[work.pc.school_name, "2", "2 h 15", "2,25"]]
    assert [row[0] for row in rows_of(figures.models["category"])] == ["PC fixe",
                                                                        "Sans équipement (réseau, école, salle)"]
    assert rows_of(figures.models["refused"]) == [[work.printer.school_name, work.printer.school_uai, "1"]]
    delays = rows_of(figures.models["delays"])
    assert delays[0][:3] == ["Toutes urgences", "2", "2"]
    assert figures.table_text(figures.tables["school"]).splitlines()[0] == \
        "École\tInterventions\tTemps passé\tHeures (décimal)"
    figures.tabs.setCurrentIndex(5)
    figures.resize(1000, 600)
    figures.grab().save(str(shots_dir(tmp_path) / "figures.png"))

    with qtbot.waitSignal(figures.sig_loaded, timeout=10_000):
        figures.period_combo.setCurrentIndex(4)  # last calendar year: nothing yet
    assert figures.title.text().startswith("0 intervention, 0 min de travail, du 01/01/")
    assert not figures.busy


def test_the_items_interventions_tab_offers_quick_entry(maint, work, services, qtbot):
    tab = maint.controller.create_interventions_tab()
    qtbot.addWidget(tab)
    assert not tab.add_button.isEnabled()
    tab.set_equipment(work.pc.id)
    assert tab.model.rowCount() == 1 and tab.summary.text() == "1 intervention, 1 h 30 de travail."
    tab.add_button.click()
    dialog = maint.controller.intervention_dialog
    assert dialog is not None and dialog.equipment_combo.currentData() == work.pc.id
    dialog.reject()


def test_another_base_is_shown_by_every_open_view(maint, work, tmp_path):
    maint.controller.show_queue()
    maint.controller.show_my_week()
    assert maint.controller.week.model.rowCount() == 2
    other = open_services(tmp_path / "vide.sqlite", AuditSource.SCREEN)
    try:
        maint.controller.set_services(other)
        assert maint.controller.week.model.rowCount() == 0
        assert maint.controller.queue.model.rowCount() == 0
        assert maint.controller.queue.placeholder.text() == "Aucun signalement à traiter : la file est vide."
    finally:
        other.close()
